/**
 * Conversion between Grafana's time unit ids, so that data in seconds (Prometheus,
 * windows_exporter's `*_seconds`) compares with limits in milliseconds (the catalog).
 * Unit ids are the ones of Grafana's unit picker (@grafana/data valueFormats "Time" category).
 */
const secondsPer: Record<string, number> = {
  ns: 1e-9,
  µs: 1e-6,
  us: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
};

export function isTimeUnit(unit: string | undefined): boolean {
  // Own keys only: `in` would also accept Object.prototype's names ("constructor").
  return unit !== undefined && Object.prototype.hasOwnProperty.call(secondsPer, unit);
}

/**
 * Factor that converts a value in `from` into `to`, 1 when both are the same, undefined when
 * they are not comparable (e.g. `percent` and `ms`). A missing unit is treated as "same as
 * the other side": frames from CSV or InfluxDB often carry no unit at all.
 */
export function conversionFactor(from: string | undefined, to: string | undefined): number | undefined {
  if (!from || !to || from === to) {
    return 1;
  }
  if (isTimeUnit(from) && isTimeUnit(to)) {
    return secondsPer[from] / secondsPer[to];
  }
  return undefined;
}

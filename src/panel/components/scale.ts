/** Linear scales and "nice" axis ticks, kept free of React so they are cheap and testable. */

export interface LinearScale {
  (v: number): number;
  domain: [number, number];
  ticks: number[];
}

/** Tick step of 1, 2 or 5 × 10^k giving about `count` ticks over [0, max]. */
export function niceStep(max: number, count: number): number {
  if (!(max > 0)) {
    return 1;
  }
  const raw = max / Math.max(count, 1);
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / pow;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
}

/** A y scale from 0 to a nice maximum above `max`, mapped onto [bottom, top] pixels. */
export function yScale(max: number, bottom: number, top: number, tickCount: number): LinearScale {
  const step = niceStep(max, tickCount);
  const niceMax = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= niceMax + step / 2; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  const s = ((v: number) => bottom - (v / niceMax) * (bottom - top)) as LinearScale;
  s.domain = [0, niceMax];
  s.ticks = ticks;
  return s;
}

export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/**
 * A logarithmic y scale over whole decades around [min, max] (min > 0), with ticks at 1, 2 and
 * 5 × 10^k. Values at or below the lowest decade sit on the baseline, so bars still start there.
 * For data whose steps differ by an order of magnitude (the overcommitted 16,000-mailbox step
 * at 4.2 s beside 0.2–0.4 s steps), where a linear axis squeezes the small steps to a few pixels.
 */
export function logScale(min: number, max: number, bottom: number, top: number): LinearScale {
  const lo = Math.pow(10, Math.floor(Math.log10(min > 0 ? min : 1)));
  const hi = Math.max(lo * 10, Math.pow(10, Math.ceil(Math.log10(max > lo ? max : lo * 10))));
  const l0 = Math.log10(lo);
  const span = Math.log10(hi) - l0;
  const s = ((v: number) => bottom - ((Math.log10(Math.max(v, lo)) - l0) / span) * (bottom - top)) as LinearScale;
  s.domain = [lo, hi];
  s.ticks = [];
  for (let d = lo; d <= hi * 1.0001; d *= 10) {
    for (const f of span > 3 ? [1] : [1, 2, 5]) {
      const v = Number((d * f).toPrecision(12));
      if (v <= hi * 1.0001) {
        s.ticks.push(v);
      }
    }
  }
  return s;
}

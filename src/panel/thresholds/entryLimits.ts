/**
 * A catalog entry's limits as the panel evaluates them. Kept free of @grafana/data so the
 * shared vectors (vectors.test.ts) and mutation runs load it in plain node.
 */
import { conversionFactor } from '../data/units';
import type { CatalogEntry } from './catalog';
import type { Limits } from './evaluate';

/**
 * Where the catalog gives only a critical limit (SendMail: average 500 ms), values within 80 %
 * of it are "near the limit" (for lower limits: within critical / 0.8). It is a display choice,
 * not a Microsoft figure, shared with the back end (pkg/thresholds `NearFraction`), and it never
 * turns a pass into a fail.
 */
export const NEAR_FRACTION = 0.8;

function warningLimit(e: CatalogEntry): number | null {
  if (e.warning !== null || e.critical === null) {
    return e.warning;
  }
  const higherIsWorse = e.comparison === 'gt' || e.comparison === 'ge';
  return higherIsWorse ? e.critical * NEAR_FRACTION : e.critical / NEAR_FRACTION;
}

/**
 * Limits of a catalog entry in the data's unit, as the back end's compliance evaluates them
 * (pkg/thresholds `Entry.Evaluate`). Undefined when the units cannot be compared.
 */
export function limitsFromEntry(e: CatalogEntry, unit: string | undefined): Limits | undefined {
  const f = conversionFactor(e.unit, unit);
  if (f === undefined) {
    return undefined;
  }
  const near = warningLimit(e);
  return {
    comparison: e.comparison,
    warning: near === null ? undefined : near * f,
    critical: e.critical === null ? undefined : e.critical * f,
    origin: `catalog: ${e.counter} (${e.aggregation})`,
    source: e.source,
  };
}

import { Comparison } from './catalog';

/** ok = within the limit, warning = near it, critical = over it. */
export type Status = 'ok' | 'warning' | 'critical';

/** Limits for one statistic, in the model's unit. */
export interface Limits {
  comparison: Comparison;
  warning?: number;
  critical?: number;
  /** Where the limits come from, shown in tooltips and the legend. */
  origin: string;
  /** Public source of a catalog limit (title and URL). */
  source?: { title: string; url: string };
}

function beyond(value: number, limit: number, c: Comparison): boolean {
  switch (c) {
    case 'gt':
      return value > limit;
    case 'ge':
      return value >= limit;
    case 'lt':
      return value < limit;
    case 'le':
      return value <= limit;
  }
}

/**
 * Status of a value against its limits, as the back end judges it (pkg/thresholds `Evaluate`,
 * proven by the shared vectors): critical when the value reaches the critical limit, warning
 * when it reaches the warning limit, ok otherwise. A value that is not a measurement never
 * passes: NaN (or no value) has no status, and an infinity has one only when it is beyond a
 * limit.
 */
export function evaluate(value: number | undefined, limits: Limits | undefined): Status | undefined {
  if (limits === undefined || value === undefined || Number.isNaN(value)) {
    return undefined;
  }
  if (limits.critical !== undefined && beyond(value, limits.critical, limits.comparison)) {
    return 'critical';
  }
  if (limits.warning !== undefined && beyond(value, limits.warning, limits.comparison)) {
    return 'warning';
  }
  return Number.isFinite(value) ? 'ok' : undefined;
}

/** The worse of two statuses (undefined counts as "no information"). */
export function worst(a: Status | undefined, b: Status | undefined): Status | undefined {
  const rank = { ok: 0, warning: 1, critical: 2 };
  if (a === undefined) {
    return b;
  }
  if (b === undefined) {
    return a;
  }
  return rank[a] >= rank[b] ? a : b;
}

/**
 * Overhead of virtual over native in percent: (virtual − native) / native × 100. Positive
 * means the VM is slower. Undefined when either side is missing, not finite, or native is 0
 * (a ratio to zero says nothing).
 */
export function overheadPercent(native: number | undefined, virtual: number | undefined): number | undefined {
  if (
    native === undefined ||
    virtual === undefined ||
    !Number.isFinite(native) ||
    !Number.isFinite(virtual) ||
    native === 0
  ) {
    return undefined;
  }
  return ((virtual - native) / Math.abs(native)) * 100;
}

/** "+3 %", "−4 %", "0 %": signed, a real minus sign, a space before % (SI style). */
export function formatPercent(p: number, decimals = 0): string {
  const r = Number(p.toFixed(decimals));
  if (r === 0) {
    return `0 %`;
  }
  return `${r > 0 ? '+' : '\u2212'}${Math.abs(r).toFixed(decimals)} %`;
}

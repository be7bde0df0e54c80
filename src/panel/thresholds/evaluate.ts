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
 * Status of a value against its limits. A value that is not a finite number has no status:
 * a missing measurement must not pass (nor fail) a check.
 */
export function evaluate(value: number | undefined, limits: Limits | undefined): Status | undefined {
  if (limits === undefined || value === undefined || !Number.isFinite(value)) {
    return undefined;
  }
  if (limits.critical !== undefined && beyond(value, limits.critical, limits.comparison)) {
    return 'critical';
  }
  if (limits.warning !== undefined && beyond(value, limits.warning, limits.comparison)) {
    return 'warning';
  }
  return 'ok';
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

import { Field, ThresholdsConfig, ThresholdsMode } from '@grafana/data';

import { Stat, ThresholdSource } from '../types';
import { conversionFactor } from '../data/units';
import { Catalog, CatalogEntry, entryForStat, findCounterEntries } from './catalog';
import { Limits } from './evaluate';

/**
 * Limits from Grafana's standard thresholds (Field > Thresholds). The base step is "ok"; the
 * next step is taken as the warning limit and the one after as the critical limit, so the
 * usual green/orange/red set maps one to one. A single extra step is the critical limit.
 * Percentage thresholds are relative to the field's min/max, which a summary bar does not
 * have, so they are not used (reported by the caller).
 */
export function limitsFromThresholds(t: ThresholdsConfig | undefined): Limits | undefined {
  if (!t || t.mode !== ThresholdsMode.Absolute) {
    return undefined;
  }
  const steps = t.steps.filter((s) => Number.isFinite(s.value)).sort((a, b) => a.value - b.value);
  if (steps.length === 0) {
    return undefined;
  }
  if (steps.length === 1) {
    return { comparison: 'ge', critical: steps[0].value, origin: 'panel thresholds' };
  }
  return { comparison: 'ge', warning: steps[0].value, critical: steps[1].value, origin: 'panel thresholds' };
}

/** True when the user added steps beyond the base one (our default has only the base step). */
export function hasUserThresholds(t: ThresholdsConfig | undefined): boolean {
  return !!t && t.steps.some((s) => Number.isFinite(s.value));
}

/**
 * Where the catalog gives only an upper limit (SendMail: average 500 ms), the panel
 * still draws a "near the limit" band from this fraction of it. It is a display choice,
 * not a Microsoft figure, and it never turns a pass into a fail.
 */
export const NEAR_FRACTION = 0.8;

function nearLimit(e: CatalogEntry): number | null {
  if (e.warning !== null || e.critical === null) {
    return e.warning;
  }
  const higherIsWorse = e.comparison === 'gt' || e.comparison === 'ge';
  return higherIsWorse ? e.critical * NEAR_FRACTION : e.critical / NEAR_FRACTION;
}

function fromEntry(e: CatalogEntry, unit: string | undefined): Limits | undefined {
  const f = conversionFactor(e.unit, unit);
  if (f === undefined) {
    return undefined;
  }
  const near = nearLimit(e);
  return {
    comparison: e.comparison,
    warning: near === null ? undefined : near * f,
    critical: e.critical === null ? undefined : e.critical * f,
    origin: `catalog: ${e.counter} (${e.aggregation})`,
    source: e.source,
  };
}

export interface ResolvedLimits {
  bar?: Limits;
  marker?: Limits;
  /** Why no limits apply, or what the user must choose; shown in the panel. */
  notes: string[];
}

export interface LimitsQuery {
  source: ThresholdSource;
  catalog: Catalog;
  metric?: string;
  counter: string;
  volumeRole: string;
  exchangeVersion: string;
  unit?: string;
  barStat: Stat;
  markerStat: Stat | 'none';
  /** The value fields (table: avg and p95 columns; time series: the first value field). */
  barField?: Field;
  markerField?: Field;
}

/** Picks the limits for the bar and the marker: standard thresholds override the catalog. */
export function resolveLimits(q: LimitsQuery): ResolvedLimits {
  const notes: string[] = [];
  if (q.source === 'none') {
    return { notes };
  }
  const barT = q.barField?.config.thresholds;
  const markerT = q.markerField?.config.thresholds ?? barT;
  const useField =
    q.source === 'field' || (q.source === 'auto' && (hasUserThresholds(barT) || hasUserThresholds(markerT)));
  if (useField) {
    const bar = limitsFromThresholds(barT);
    const marker = limitsFromThresholds(markerT);
    if (barT && barT.mode !== ThresholdsMode.Absolute) {
      notes.push('Percentage thresholds are not used: set Thresholds mode to Absolute.');
    }
    if (!bar && !marker) {
      notes.push('No limits: add threshold steps in Field > Thresholds, or use the built-in catalog.');
    }
    // Panel-wide thresholds reach every field; they are one limit for the bar statistic. The
    // marker gets a limit only from thresholds of its own (a field override on the p95 column).
    const own = hasUserThresholds(markerT) && JSON.stringify(markerT?.steps) !== JSON.stringify(barT?.steps);
    return { bar, marker: own ? marker : undefined, notes };
  }
  let entries = findCounterEntries(q.catalog, { metric: q.metric, counter: q.counter, volumeRole: q.volumeRole });
  const versions = Array.from(new Set(entries.map((e) => e.exchangeVersion)));
  if (versions.length > 1) {
    if (!versions.includes(q.exchangeVersion)) {
      notes.push(`The limits differ by Exchange version (${versions.join(', ')}): pick one in Options > Thresholds.`);
      return { notes };
    }
    entries = entries.filter((e) => e.exchangeVersion === q.exchangeVersion);
  } else if (versions.length === 1 && q.exchangeVersion && versions[0] !== q.exchangeVersion) {
    notes.push(`The catalog has only Exchange ${versions[0]} limits for ${entries[0].counter}; they are used.`);
  }
  if (entries.length === 0) {
    notes.push(
      q.metric
        ? `No catalog limits for "${q.metric}": pick a counter in Options > Thresholds, or set Field > Thresholds.`
        : 'No catalog limits: the data names no task or counter. Pick a counter in Options > Thresholds.'
    );
    return { notes };
  }
  const roles = new Set(entries.map((e) => e.volumeRole).filter(Boolean));
  if (roles.size > 1) {
    notes.push(`The limits differ by volume (${[...roles].join(', ')}): pick the volume role in Options > Thresholds.`);
    return { notes };
  }
  const barEntry = entryForStat(entries, q.barStat);
  const markerEntry = q.markerStat === 'none' ? undefined : entryForStat(entries, q.markerStat);
  if (!barEntry && !markerEntry) {
    const aggs = Array.from(new Set(entries.map((e) => e.aggregation))).join(', ');
    notes.push(
      `The catalog limits for ${entries[0].counter} apply to its ${aggs}: choose that statistic for the bar or the marker.`
    );
  }
  const bar = barEntry && fromEntry(barEntry, q.unit);
  const marker = markerEntry && fromEntry(markerEntry, q.unit);
  for (const e of [barEntry, markerEntry]) {
    if (e && !fromEntry(e, q.unit)) {
      notes.push(
        `Catalog limit ${e.id} is in ${e.unit}, the data in ${q.unit}: set the unit in Field > Standard options.`
      );
    }
  }
  return { bar, marker, notes };
}

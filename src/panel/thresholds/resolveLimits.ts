import { Field, ThresholdsConfig, ThresholdsMode } from '@grafana/data';

import { Stat, ThresholdSource } from '../types';
import { Catalog, CatalogEntry, entryForStat, findCounterEntries } from './catalog';
import { DataKey, FoundEntries } from './match';
import { limitsFromEntry } from './entryLimits';
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

export interface ResolvedLimits {
  bar?: Limits;
  marker?: Limits;
  /** Why no limits apply, or what the user must choose; shown in the panel. */
  notes: string[];
}

export interface LimitsQuery {
  source: ThresholdSource;
  catalog: Catalog;
  /** The metric's name in the data, for messages. */
  metric?: string;
  /** The distinct counters/tasks of the shown series (see buildModel `catalogKeys`). */
  keys: DataKey[];
  counter: string;
  /** The user's volume role ('' = the one the data gives). */
  volumeRole: string;
  exchangeVersion: string;
  unit?: string;
  barStat: Stat;
  markerStat: Stat | 'none';
  /** The value fields (table: avg and p95 columns; time series: the first value field). */
  barField?: Field;
  markerField?: Field;
}

const signature = (f: FoundEntries) =>
  `${f.entries.map((e) => e.id).join(',')}|${f.rolesNeeded.join(',')}|${f.otherVersions.join(',')}`;

/**
 * The catalog entries for the data: every shown counter must fall under the same entries
 * (otherwise one band would be wrong for some series, so none is drawn and the note says why).
 */
function catalogEntries(q: LimitsQuery, notes: string[]): CatalogEntry[] {
  const name = q.metric ? `"${q.metric}"` : 'the data';
  const keys: Array<DataKey | undefined> = q.keys.length > 0 ? q.keys : [undefined];
  const found = keys.map((k) =>
    findCounterEntries(q.catalog, {
      key: k?.key,
      counter: q.counter,
      exchangeVersion: q.exchangeVersion,
      volumeRole: q.volumeRole || k?.role || '',
    })
  );
  const distinct = new Map(found.map((f) => [signature(f), f]));
  if (distinct.size > 1) {
    const roles = Array.from(new Set(q.keys.map((k) => k.role).filter(Boolean))).sort();
    notes.push(
      !q.volumeRole && roles.length > 1
        ? `Microsoft's limits for ${name} differ for ${roles.join(' and ')} volumes: pick the volume role in Options > Thresholds.`
        : `The series of ${name} fall under different catalog limits: filter the data to one counter instance, or pick a counter in Options > Thresholds.`
    );
    return [];
  }
  const f = found[0];
  if (f.entries.length === 0) {
    if (f.rolesNeeded.length > 0) {
      notes.push(
        `No volume role for ${name}: Microsoft's limits differ for ${f.rolesNeeded.join(' and ')} volumes. Pick the volume role in Options > Thresholds, or map the volume in the datasource's Volume roles.`
      );
    } else if (f.otherVersions.length > 0) {
      notes.push(
        `No Exchange ${q.exchangeVersion || '(none)'} limits for ${name}; the catalog has ${f.otherVersions.join(', ')}: pick the Exchange version in Options > Thresholds.`
      );
    } else {
      notes.push(
        q.metric
          ? `No catalog limits for "${q.metric}": pick a counter in Options > Thresholds, or set Field > Thresholds.`
          : 'No catalog limits: the data names no task or counter. Pick a counter in Options > Thresholds.'
      );
    }
    return [];
  }
  if (f.rolesNeeded.length > 0) {
    notes.push(
      `No volume role for ${name}: only the limits for any volume apply, not the ${f.rolesNeeded.join(' or ')} ones. Pick the volume role in Options > Thresholds.`
    );
  }
  return f.entries;
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
  const entries = catalogEntries(q, notes);
  if (entries.length === 0) {
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
  const bar = barEntry && limitsFromEntry(barEntry, q.unit);
  const marker = markerEntry && limitsFromEntry(markerEntry, q.unit);
  for (const e of [barEntry, markerEntry]) {
    if (e && !limitsFromEntry(e, q.unit)) {
      notes.push(
        `Catalog limit ${e.id} is in ${e.unit}, the data in ${q.unit}: set the unit in Field > Standard options.`
      );
    }
  }
  return { bar, marker, notes };
}

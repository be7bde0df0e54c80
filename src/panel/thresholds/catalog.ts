/**
 * The built-in threshold catalog: Microsoft's limits for Exchange counters, one entry per
 * counter and aggregation. The same file is embedded by the Go back end and the alert rules
 * (pkg/thresholds/catalog.json, schema version 1); each entry cites its source in `source`.
 */
import catalogJson from '../../../pkg/thresholds/catalog.json';
import { CatalogKey, FoundEntries, entriesMatching, selectEntries } from './match';

export type Comparison = 'gt' | 'ge' | 'lt' | 'le';

/** One entry of catalog.json (schema version 1). */
export interface CatalogEntry {
  id: string;
  exchangeVersion: string;
  /** Counter path as perfmon prints it, or `LoadGen\<task> latency` for load-test tasks. */
  counter: string;
  /** Counter path patterns (`*`, `?`), or task names for `LoadGen\\` entries; see match.ts. */
  match: string[];
  /** '' for any volume, or `database` / `log` for disk counters. */
  volumeRole: string;
  unit: string;
  /** `gt`: a value above the limit is bad (latencies); `lt`: below is bad (free memory). */
  comparison: Comparison;
  /** Which statistic the limit applies to (`average`, `p95`, `max`, …). */
  aggregation: string;
  warning: number | null;
  critical: number | null;
  source: { title: string; url: string };
  verified: boolean;
  note?: string;
}

export interface Catalog {
  version: number;
  entries: CatalogEntry[];
}

const comparisons: readonly string[] = ['gt', 'ge', 'lt', 'le'];

function isLimit(v: unknown): v is number | null {
  return v === null || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * Checks the catalog against schema version 1 and returns one readable problem per bad
 * entry. The panel refuses bad entries instead of drawing wrong bands.
 */
export function validateCatalog(raw: unknown): { catalog: Catalog; problems: string[] } {
  const problems: string[] = [];
  const obj = (raw ?? {}) as { version?: unknown; entries?: unknown };
  if (obj.version !== 1) {
    problems.push(`catalog.json: version is ${JSON.stringify(obj.version)}, this panel reads version 1`);
  }
  const entries: CatalogEntry[] = [];
  const seen = new Set<string>();
  const list = Array.isArray(obj.entries) ? obj.entries : [];
  if (!Array.isArray(obj.entries)) {
    problems.push('catalog.json: "entries" is not a list');
  }
  list.forEach((e: Partial<CatalogEntry>, i: number) => {
    const where = `catalog.json entries[${i}]${e?.id ? ` (${e.id})` : ''}`;
    const bad: string[] = [];
    if (typeof e?.id !== 'string' || !e.id) {
      bad.push('id is missing');
    } else if (seen.has(e.id)) {
      bad.push('id is duplicated');
    }
    if (typeof e?.counter !== 'string' || !e.counter) {
      bad.push('counter is missing');
    }
    if (!Array.isArray(e?.match) || e.match.some((m) => typeof m !== 'string' || !m)) {
      bad.push('match must be a list of non-empty strings');
    }
    if (typeof e?.unit !== 'string') {
      bad.push('unit is missing');
    }
    if (!comparisons.includes(String(e?.comparison))) {
      bad.push(`comparison must be one of ${comparisons.join(', ')}`);
    }
    if (typeof e?.aggregation !== 'string' || !e.aggregation) {
      bad.push('aggregation is missing');
    }
    if (!isLimit(e?.warning) || !isLimit(e?.critical) || (e.warning === null && e.critical === null)) {
      bad.push('warning/critical must be numbers (one of them may be null)');
    }
    if (typeof e?.source?.title !== 'string' || !e.source.title) {
      bad.push('source.title is missing (every limit cites its source)');
    }
    if (bad.length > 0) {
      problems.push(`${where}: ${bad.join('; ')}`);
      return;
    }
    seen.add(e.id!);
    entries.push({ volumeRole: '', verified: false, ...e } as CatalogEntry);
  });
  return { catalog: { version: 1, entries }, problems };
}

export const builtinCatalog = validateCatalog(catalogJson);

/** Aggregation names of the catalog for each panel statistic. */
const aggregationsFor: Record<string, string[]> = {
  mean: ['average', 'avg', 'mean'],
  p95: ['p95', 'percentile95'],
  max: ['max', 'spike', 'peak'],
  // Lower limits (Memory\\Available MBytes: warn when it drops below) apply to the minimum.
  min: ['min'],
  // A single newest value is compared with the sustained-average limit: Microsoft's counter
  // guidance is stated for averages, and "last" is what a live dashboard reads as "now".
  last: ['average', 'avg', 'mean'],
};

export interface CatalogQuery {
  /** The counter or task of the data (see CatalogKey); unused when `counter` names an entry. */
  key?: CatalogKey;
  /** `auto`, or the `counter` of the entries to use (the user's choice in the options). */
  counter: string;
  exchangeVersion: string;
  volumeRole: string;
}

/**
 * The catalog entries that apply to the data: those of the counter the user picked, or those
 * whose patterns match the data's counter or task, then narrowed by Exchange version and
 * volume role with the back end's rules (match.ts, proven by the shared vectors).
 */
export function findCounterEntries(catalog: Catalog, q: CatalogQuery): FoundEntries {
  const candidates =
    q.counter && q.counter !== 'auto'
      ? catalog.entries.filter((e) => e.counter === q.counter)
      : q.key
        ? entriesMatching(catalog, q.key)
        : [];
  return selectEntries(candidates, q.exchangeVersion, q.volumeRole);
}

/**
 * The unit of the catalog limits for the data's counter, whatever the version or role (a
 * counter's entries share one unit), so values can be shown in it before a version is chosen.
 */
export function catalogUnit(catalog: Catalog, counter: string, key: CatalogKey | undefined): string | undefined {
  const es =
    counter && counter !== 'auto'
      ? catalog.entries.filter((e) => e.counter === counter)
      : key
        ? entriesMatching(catalog, key)
        : [];
  return es[0]?.unit;
}

/** The entry for one statistic among a counter's entries, if the catalog has one. */
export function entryForStat(entries: CatalogEntry[], stat: string): CatalogEntry | undefined {
  const names = aggregationsFor[stat] ?? [stat];
  return entries.find((e) => names.includes(e.aggregation.toLowerCase()));
}

/** Distinct Exchange versions, for the option select. */
export function catalogVersions(catalog: Catalog): string[] {
  return Array.from(new Set(catalog.entries.map((e) => e.exchangeVersion).filter(Boolean))).sort();
}

/** Distinct counters, for the option select. */
export function catalogCounters(catalog: Catalog): string[] {
  return Array.from(new Set(catalog.entries.map((e) => e.counter)));
}

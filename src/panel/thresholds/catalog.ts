/**
 * The built-in threshold catalog: Microsoft's limits for Exchange counters, one entry per
 * counter and aggregation. The same file is embedded by the Go back end and the alert rules
 * (pkg/thresholds/catalog.json, schema version 1); each entry cites its source in `source`.
 */
import catalogJson from '../../../pkg/thresholds/catalog.json';

export type Comparison = 'gt' | 'ge' | 'lt' | 'le';

/** One entry of catalog.json (schema version 1). */
export interface CatalogEntry {
  id: string;
  exchangeVersion: string;
  /** Counter path as perfmon prints it, or `LoadGen\<task> latency` for load-test tasks. */
  counter: string;
  /** Metric names (task, counter, Prometheus metric) this entry applies to, matched case-insensitively. */
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

/**
 * True when a catalog `match` string applies to a metric name: case-insensitive, anywhere in
 * the name (a perfmon path carries the server: `\\EXVM01\MSExchangeIS\RPC Averaged Latency`),
 * with `*` standing for any instance as in perfmon paths (`Client(*)`, `LogicalDisk(*)`).
 */
export function matchesMetric(match: string, metric: string): boolean {
  const pattern = match
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(pattern, 'i').test(metric);
}

export interface CatalogQuery {
  /** The metric name from the data (task, counter label, metric name). */
  metric?: string;
  /** `auto`, or the `counter` of the entries to use. */
  counter: string;
  volumeRole: string;
}

/**
 * The catalog entries that apply to the data: by explicit counter, or by matching the metric
 * name against each entry's `match` strings (see matchesMetric). Entries for another volume
 * role are left out; an entry with no role applies to all. All Exchange versions are returned;
 * the caller picks one (resolveLimits).
 */
export function findCounterEntries(catalog: Catalog, q: CatalogQuery): CatalogEntry[] {
  let candidates: CatalogEntry[];
  if (q.counter && q.counter !== 'auto') {
    candidates = catalog.entries.filter((e) => e.counter === q.counter);
  } else if (q.metric) {
    const metric = q.metric;
    candidates = catalog.entries.filter((e) => e.match.some((x) => matchesMetric(x, metric)));
  } else {
    candidates = [];
  }
  return candidates.filter((e) => !e.volumeRole || !q.volumeRole || e.volumeRole === q.volumeRole);
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

/**
 * Panel options of xenbench-latencycompare-panel, as stored in the dashboard JSON
 * (`panels[].options`). Every field has a default in {@link defaultOptions} so that the
 * panel draws something sensible with no configuration.
 */

/** Which chart to draw. `auto` picks `compare` whenever a platform can be resolved. */
export type DisplayMode = 'auto' | 'compare' | 'timeseries';

/** How a time series (or a table column) is reduced to one number per group and platform. */
export type Stat = 'mean' | 'p95' | 'max' | 'min' | 'last';

/**
 * Where the limits come from.
 * - `auto`: the panel's standard thresholds when the user set any, otherwise the catalog.
 * - `catalog`: always the built-in catalog (pkg/thresholds/catalog.json).
 * - `field`: only the standard thresholds (Field > Thresholds, including overrides).
 * - `none`: no bands and no pass/fail.
 */
export type ThresholdSource = 'auto' | 'catalog' | 'field' | 'none';

/** Names of the frame fields or labels that feed each role; '' means "detect". */
export interface FieldMapping {
  /** Label or field telling native from virtual (default: `platform`). */
  platform: string;
  /** Label or field that forms the groups on the x axis (default: `workload`). */
  group: string;
  /** Label or field naming the measured thing, used to find the catalog entry (default: `task`). */
  metric: string;
  /** Table column holding the average (default: `avg`). */
  avg: string;
  /** Table column holding the 95th percentile (default: `p95`). */
  p95: string;
  /** Table column holding the number of operations, used to weight averages (default: `count`). */
  count: string;
}

export interface Options {
  mode: DisplayMode;
  /** Statistic drawn as the bar (compare mode) and used for the overhead. */
  barStat: Stat;
  /** Statistic drawn as the marker above the bar; `none` hides it. */
  markerStat: Stat | 'none';
  mapping: FieldMapping;
  /** Regular expression (case-insensitive) for platform values that mean "native". */
  nativePattern: string;
  /** Regular expression (case-insensitive) for platform values that mean "virtual". */
  virtualPattern: string;
  /** Only rows/series whose metric equals this value (e.g. `SendMail`); '' = the first one with a catalog entry. */
  metricFilter: string;
  thresholdSource: ThresholdSource;
  /** Catalog counter to use (`counter` of an entry, see catalog.json), or `auto` to match by metric name. */
  catalogCounter: string;
  /** Exchange version whose limits apply, when the catalog has several (e.g. 2007 and 2010). */
  exchangeVersion: string;
  /** Volume role for disk counters whose limits differ for database and log volumes. */
  volumeRole: '' | 'database' | 'log';
  showLegend: boolean;
  showSummary: boolean;
  /** Y axis of the compare bars: linear, or logarithmic when groups differ by orders of magnitude. */
  yScale: 'linear' | 'log';
  /** uid of the dashboard a group label links to ('' = no link), e.g. `xenbench-scalability`. */
  drilldownUid: string;
}

export const defaultMapping: FieldMapping = {
  platform: '',
  group: '',
  metric: '',
  avg: '',
  p95: '',
  count: '',
};

export const defaultOptions: Options = {
  mode: 'auto',
  barStat: 'mean',
  markerStat: 'p95',
  mapping: defaultMapping,
  nativePattern: '^(native|physical|bare[- ]?metal)$',
  virtualPattern: '^(virtual|vm|guest)$',
  metricFilter: '',
  thresholdSource: 'auto',
  catalogCounter: 'auto',
  // The published study ran Exchange 2007, as the simulator does (helper brief, counters).
  exchangeVersion: '2007',
  volumeRole: '',
  showLegend: true,
  showSummary: true,
  yScale: 'linear',
  drilldownUid: '',
};

/** Fills options saved by an older version (or partially) with the defaults. */
export function withDefaults(options: Partial<Options> | undefined): Options {
  const o = options ?? {};
  return { ...defaultOptions, ...o, mapping: { ...defaultMapping, ...(o.mapping ?? {}) } };
}

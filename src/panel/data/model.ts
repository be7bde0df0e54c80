import { Platform as PlatformValue } from '../../datasource/contract.gen';
import { Stat } from '../types';
import type { DataKey } from '../thresholds/match';

/**
 * Which side of the comparison a series or row belongs to: the contract's platform
 * values (pkg/contract) but unknown, which is never drawn as either side.
 */
export type Platform = typeof PlatformValue.Native | typeof PlatformValue.Virtual;

export const platforms: readonly Platform[] = [PlatformValue.Native, PlatformValue.Virtual];

/** Where a role (platform, group, metric) was read from. */
export interface Source {
  kind: 'field' | 'label';
  name: string;
}

/** The mapping actually used, shown in the panel editor so users can see what was detected. */
export interface ResolvedMapping {
  platform?: Source;
  group?: Source;
  metric?: Source;
  /** Table columns; undefined in time-series data. */
  avg?: string;
  p95?: string;
  count?: string;
  /** Number of time series (time-series data) or table rows read. */
  inputs: number;
  shape: 'table' | 'timeseries' | 'none';
}

/** One platform within one group: the numbers drawn as one bar and one marker. */
export interface Cell {
  stats: Partial<Record<Stat, number>>;
  /** Number of operations (table data) or samples (time series) behind the stats. */
  count: number;
  servers: string[];
}

export interface Group {
  key: string;
  native?: Cell;
  virtual?: Cell;
}

/** One time series, kept for the time-series mode (values already converted to the model unit). */
export interface Series {
  id: string;
  name: string;
  group: string;
  platform?: Platform;
  times: Float64Array;
  values: Float64Array;
}

export interface PanelModel {
  shape: ResolvedMapping['shape'];
  groups: Group[];
  series: Series[];
  /** Unit of every value in the model (Grafana unit id), if known. */
  unit?: string;
  /** The metric (task, counter) the panel shows, used to find the catalog entry. */
  metric?: string;
  /** The distinct counters (or tasks) and volume roles of the shown data, to find catalog limits. */
  catalogKeys: DataKey[];
  /** Every metric seen in the data, so the editor can offer them. */
  metrics: string[];
  mapping: ResolvedMapping;
  /** Things the user should know: skipped series, unknown platform values, hidden metrics. */
  notes: string[];
}

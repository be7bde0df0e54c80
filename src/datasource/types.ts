import type { DataQuery, DataSourceJsonData } from '@grafana/schema';

/**
 * What a query reads. The literals match the Go constants in pkg/plugin/query.go
 * (QueryTypeMetrics, ...); keep both in step.
 */
export enum QueryType {
  Metrics = 'metrics',
  Exchange = 'exchange',
  Loadgen = 'loadgen',
  Events = 'events',
  Inventory = 'inventory',
}

export type ObjectKind = 'host' | 'vm' | 'sr';
export type SelectorMode = 'name' | 'uuid' | 'regex' | 'tag';
export type ConsolidationFunction = 'AVERAGE' | 'MIN' | 'MAX' | 'LAST';
export type Reducer = '' | 'mean' | 'min' | 'max' | 'last' | 'p95';
export type InventoryKind =
  'pools' | 'hosts' | 'vms' | 'srs' | 'tags' | 'metrics' | 'servers' | 'counters' | 'workloads' | 'runs' | 'tasks';

/**
 * A saved query. Every field maps to pkg/plugin/query.go QueryModel with the same JSON
 * name; each query type reads only its own fields.
 */
export interface XenbenchQuery extends DataQuery {
  queryType?: QueryType;
  /** Display name template, e.g. "$vm $metric" (QueryModel.Alias). */
  alias?: string;
  /** One number per series instead of a time series (QueryModel.Reducer). */
  reducer?: Reducer;

  // metrics
  object?: ObjectKind;
  selectorMode?: SelectorMode;
  selector?: string;
  metrics?: string[];
  cf?: ConsolidationFunction;
  /** Live 5-second updates through Grafana Live. */
  stream?: boolean;

  // exchange
  counters?: string[];
  servers?: string;
  platform?: '' | 'native' | 'virtual';
  /** Only disk series of volumes in this role (QueryModel.VolumeRole). */
  volumeRole?: '' | 'database' | 'log';

  // loadgen and events
  runs?: string;
  /** Workload glob or comma list, e.g. `8000*` (QueryModel.Workloads). */
  workloads?: string;
  tasks?: string[];
  format?: 'table' | 'annotations';
  eventKinds?: Array<'migration' | 'ha'>;

  // inventory
  inventoryKind?: InventoryKind;
  filter?: string;
}

export const DEFAULT_QUERY: Partial<XenbenchQuery> = {
  queryType: QueryType.Metrics,
  object: 'vm',
  selectorMode: 'name',
  selector: '*',
  metrics: ['cpu*'],
  cf: 'AVERAGE',
};

export interface PlatformOverride {
  server: string;
  platform: 'native' | 'virtual';
}

export interface VolumeRole {
  server: string;
  instance: string;
  role: 'database' | 'log';
}

/** jsonData; mirrors pkg/settings/settings.go Settings. */
export interface XenbenchOptions extends DataSourceJsonData {
  username?: string;
  timeoutSeconds?: number;
  maxConcurrentRequests?: number;
  cacheTTLSeconds?: number;
  maxResponseMB?: number;
  logFolder?: string;
  /** IANA time zone for perfmon logs without one in their banner (typeperf's stdout). */
  logTimeZone?: string;
  exchangeVersion?: '2007' | '2010';
  platformOverrides?: PlatformOverride[];
  volumeRoles?: VolumeRole[];
  tlsSkipVerify?: boolean;
  tlsAuthWithCACert?: boolean;
}

/** secureJsonData: written by the browser, never read back. */
export interface XenbenchSecureOptions {
  password?: string;
  tlsCACert?: string;
}

/** An entry of an inventory list (resource GET /inventory). */
export interface InventoryItem {
  text: string;
  value: string;
}

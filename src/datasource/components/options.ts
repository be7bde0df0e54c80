import {
  CF,
  EventKind,
  Format,
  InventoryKind,
  ObjectKind,
  Platform,
  QueryType,
  Reducer,
  SelectorMode,
  VolumeRole,
  type AnyQuery,
} from '../types';

/** What an editor shows for one value of the contract. */
export interface OptionText {
  label: string;
  description?: string;
}

/** An editor option; never carries `description: undefined` (Combobox draws such rows taller). */
export interface Option<T> {
  label: string;
  value: T;
  description?: string;
}

/** Builds an option, leaving description out when there is none. */
export function option<T>(value: T, text: OptionText | string): Option<T> {
  const t = typeof text === 'string' ? { label: text } : text;
  return t.description ? { label: t.label, value, description: t.description } : { label: t.label, value };
}

/** The options of the given contract values, in their order. */
export function optionsOf<T extends string>(
  values: readonly T[],
  texts: Record<T, OptionText | string>
): Array<Option<T>> {
  return values.map((v) => option(v, texts[v]));
}

// The texts below are keyed by the generated contract's values: a value added to
// pkg/contract fails the typecheck here until an editor shows it.

export const queryTypeTexts: Record<QueryType, OptionText> = {
  [QueryType.Metrics]: { label: 'XenServer metrics', description: 'RRD series of hosts, VMs and SRs' },
  [QueryType.Exchange]: { label: 'Exchange counters', description: 'Perfmon counter logs' },
  [QueryType.Loadgen]: { label: 'Load tests', description: 'SendMail and other task latencies per run' },
  [QueryType.Events]: { label: 'Events', description: 'XenMotion migrations and HA recoveries' },
  [QueryType.Inventory]: { label: 'Inventory', description: 'Pools, hosts, VMs, servers... as a table' },
};

export const reducerTexts: Record<Reducer, OptionText> = {
  [Reducer.Mean]: { label: 'Mean' },
  [Reducer.Min]: { label: 'Min' },
  [Reducer.Max]: { label: 'Max' },
  [Reducer.Last]: { label: 'Last' },
  [Reducer.P95]: { label: '95th percentile', description: 'Exact, nearest rank' },
};

export const formatTexts: Record<Format, OptionText> = {
  [Format.TimeSeries]: { label: 'Time series', description: 'one series per server and counter' },
  [Format.Table]: { label: 'Table', description: 'one row per result' },
  [Format.Annotations]: { label: 'Annotations', description: 'time regions for dashboard annotations' },
  [Format.Compliance]: { label: 'Compliance', description: 'each value against its catalog limit, with a verdict' },
};

export const objectTexts: Record<ObjectKind, OptionText> = {
  [ObjectKind.Host]: { label: 'Host' },
  [ObjectKind.VM]: { label: 'VM' },
  [ObjectKind.SR]: { label: 'SR' },
};

export const selectorModeTexts: Record<SelectorMode, OptionText> = {
  [SelectorMode.Name]: { label: 'Name', description: 'Name labels, comma separated; * selects all' },
  [SelectorMode.UUID]: { label: 'UUID', description: 'UUIDs, comma separated' },
  [SelectorMode.Regex]: { label: 'Regex', description: 'A regular expression on the name label' },
  [SelectorMode.Tag]: { label: 'Tag', description: 'XAPI tags, comma separated' },
};

export const cfTexts: Record<CF, OptionText> = {
  [CF.Average]: { label: 'Average' },
  [CF.Min]: { label: 'Min' },
  [CF.Max]: { label: 'Max' },
  [CF.Last]: { label: 'Last' },
};

export const platformTexts: Record<Platform, OptionText> = {
  [Platform.Native]: { label: 'Native' },
  [Platform.Virtual]: { label: 'Virtual' },
  [Platform.Unknown]: { label: 'Unknown', description: 'not resolved, e.g. while the pool cannot be read' },
};

export const volumeRoleTexts: Record<VolumeRole, OptionText> = {
  [VolumeRole.Database]: { label: 'Database' },
  [VolumeRole.Log]: { label: 'Log' },
};

export const eventKindTexts: Record<EventKind, OptionText> = {
  [EventKind.Migration]: { label: 'XenMotion migrations' },
  [EventKind.HA]: { label: 'HA (host failure, VM restart)' },
};

export const inventoryKindTexts: Record<InventoryKind, OptionText> = {
  [InventoryKind.Pools]: { label: 'Pools', description: 'The pool this datasource points at' },
  [InventoryKind.Hosts]: { label: 'Hosts', description: 'Hosts of the pool (value: UUID)' },
  [InventoryKind.VMs]: { label: 'VMs', description: 'VMs with their host and power state (value: UUID)' },
  [InventoryKind.SRs]: { label: 'SRs', description: 'Storage repositories' },
  [InventoryKind.Tags]: { label: 'Tags', description: 'XAPI tags on VMs' },
  [InventoryKind.Metrics]: { label: 'Metrics', description: 'RRD metric names of the selected objects' },
  [InventoryKind.Servers]: { label: 'Exchange servers', description: 'Servers found in the counter logs' },
  [InventoryKind.Counters]: { label: 'Counters', description: 'Counter paths found in the logs' },
  [InventoryKind.Workloads]: { label: 'Workloads', description: 'Load-test workloads, e.g. 2000 heavy' },
  [InventoryKind.Runs]: { label: 'Test runs', description: 'Load-test run ids' },
  [InventoryKind.Tasks]: { label: 'Tasks', description: 'Load-test tasks, e.g. SendMail' },
};

/** The data-testid of the editor field that shows a query field (the editor tests find fields by it). */
export function fieldTestId(name: keyof AnyQuery): string {
  return `xenbench-query-${name}`;
}

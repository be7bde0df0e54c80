import React from 'react';
import { Combobox, InlineField, Input, Stack } from '@grafana/ui';

import type { InventoryKind, XenbenchQuery } from '../types';

interface Props {
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

export const inventoryKinds: Array<{ label: string; value: InventoryKind; description: string }> = [
  { label: 'Pools', value: 'pools', description: 'The pool this datasource points at' },
  { label: 'Hosts', value: 'hosts', description: 'Hosts of the pool (value: UUID)' },
  { label: 'VMs', value: 'vms', description: 'VMs with their host and power state (value: UUID)' },
  { label: 'SRs', value: 'srs', description: 'Storage repositories' },
  { label: 'Tags', value: 'tags', description: 'XAPI tags on VMs' },
  { label: 'Metrics', value: 'metrics', description: 'RRD metric names of the selected objects' },
  { label: 'Exchange servers', value: 'servers', description: 'Servers found in the counter logs' },
  { label: 'Counters', value: 'counters', description: 'Counter paths found in the logs' },
  { label: 'Workloads', value: 'workloads', description: 'Load-test workloads, e.g. 2000 heavy' },
  { label: 'Test runs', value: 'runs', description: 'Load-test run ids' },
  { label: 'Tasks', value: 'tasks', description: 'Load-test tasks, e.g. SendMail' },
];

/** Editor of an `inventory` query: lists for template variables. */
export function InventoryQueryEditor({ query, onChange }: Props) {
  return (
    <Stack gap={0.5} wrap="wrap">
      <InlineField label="List" labelWidth={12}>
        <Combobox
          width={24}
          options={inventoryKinds}
          value={query.inventoryKind ?? 'vms'}
          onChange={(o) => onChange({ ...query, inventoryKind: o.value })}
        />
      </InlineField>
      <InlineField label="Filter" labelWidth={10} tooltip="A regular expression on the names">
        <Input
          width={30}
          placeholder="^EX"
          defaultValue={query.filter ?? ''}
          onBlur={(e) => onChange({ ...query, filter: e.currentTarget.value })}
        />
      </InlineField>
    </Stack>
  );
}

import React from 'react';
import { Combobox, InlineField, InlineSwitch, Input, MultiCombobox, RadioButtonGroup, Stack } from '@grafana/ui';
import { getTemplateSrv } from '@grafana/runtime';

import type { XenbenchDataSource } from '../datasource';
import type { ConsolidationFunction, ObjectKind, SelectorMode, XenbenchQuery } from '../types';
import { useInventoryOptions } from './useInventory';

interface Props {
  datasource: XenbenchDataSource;
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

const objects: Array<{ label: string; value: ObjectKind }> = [
  { label: 'Host', value: 'host' },
  { label: 'VM', value: 'vm' },
  { label: 'SR', value: 'sr' },
];
const modes: Array<{ label: string; value: SelectorMode; description: string }> = [
  { label: 'Name', value: 'name', description: 'Name labels, comma separated; * selects all' },
  { label: 'UUID', value: 'uuid', description: 'UUIDs, comma separated' },
  { label: 'Regex', value: 'regex', description: 'A regular expression on the name label' },
  { label: 'Tag', value: 'tag', description: 'XAPI tags, comma separated' },
];
const cfs: Array<{ label: string; value: ConsolidationFunction }> = [
  { label: 'Average', value: 'AVERAGE' },
  { label: 'Min', value: 'MIN' },
  { label: 'Max', value: 'MAX' },
  { label: 'Last', value: 'LAST' },
];
const inventoryKind = { host: 'hosts', vm: 'vms', sr: 'srs' } as const;

/** Editor of a `metrics` query: RRD series of hosts, VMs or SRs. */
export function MetricsQueryEditor({ datasource, query, onChange }: Props) {
  const object = query.object ?? 'vm';
  const mode = query.selectorMode ?? 'name';
  const variables = getTemplateSrv()
    .getVariables()
    .map((v) => `$${v.name}`);
  const loadTargets = useInventoryOptions(datasource, mode === 'tag' ? 'tags' : inventoryKind[object], {}, variables);
  const loadMetrics = useInventoryOptions(
    datasource,
    'metrics',
    { object, selectorMode: mode, selector: query.selector ?? '' },
    variables
  );

  return (
    <Stack direction="column" gap={0.5}>
      <Stack gap={0.5} wrap="wrap">
        <InlineField
          label="Object"
          labelWidth={12}
          tooltip="Which RRDs to read: a host's, a VM's, or an SR's (served by the hosts)"
        >
          <RadioButtonGroup options={objects} value={object} onChange={(v) => onChange({ ...query, object: v })} />
        </InlineField>
        <InlineField label="Select by" labelWidth={12}>
          <Combobox
            width={14}
            options={modes}
            value={mode}
            onChange={(o) => onChange({ ...query, selectorMode: o.value })}
          />
        </InlineField>
        <InlineField label={mode === 'regex' ? 'Regex' : 'Targets'} labelWidth={12} grow>
          <Combobox
            width="auto"
            minWidth={24}
            createCustomValue
            placeholder={mode === 'regex' ? '^EXVM0[1-4]$' : '* (all)'}
            options={loadTargets}
            value={query.selector ?? ''}
            onChange={(o) => onChange({ ...query, selector: o?.value ?? '' })}
            isClearable
          />
        </InlineField>
      </Stack>
      <Stack gap={0.5} wrap="wrap">
        <InlineField
          label="Metrics"
          labelWidth={12}
          tooltip="Metric names or glob patterns: cpu*, vbd_*_latency, memory_internal_free"
          grow
        >
          <MultiCombobox
            width="auto"
            minWidth={30}
            createCustomValue
            options={loadMetrics}
            value={query.metrics ?? []}
            onChange={(os) => onChange({ ...query, metrics: os.map((o) => o.value) })}
          />
        </InlineField>
        <InlineField
          label="Consolidation"
          labelWidth={14}
          tooltip="The RRA's consolidation function; MIN and MAX exist only where the pool keeps them"
        >
          <RadioButtonGroup
            options={cfs}
            value={query.cf ?? 'AVERAGE'}
            onChange={(v) => onChange({ ...query, cf: v })}
          />
        </InlineField>
        <InlineField label="Live" tooltip="Stream new samples every 5 seconds through Grafana Live">
          <InlineSwitch
            value={Boolean(query.stream)}
            onChange={(e) => onChange({ ...query, stream: e.currentTarget.checked })}
          />
        </InlineField>
      </Stack>
      <Stack gap={0.5} wrap="wrap">
        <InlineField label="Alias" labelWidth={12} tooltip="Display name template: $vm $metric, $host, $sr, $pool">
          <Input
            width={30}
            placeholder="$vm $metric"
            defaultValue={query.alias ?? ''}
            onBlur={(e) => onChange({ ...query, alias: e.currentTarget.value })}
          />
        </InlineField>
      </Stack>
    </Stack>
  );
}

import React from 'react';
import { Combobox, InlineField, Input, MultiCombobox, RadioButtonGroup, Stack } from '@grafana/ui';

import type { XenbenchDataSource } from '../datasource';
import type { XenbenchQuery } from '../types';
import { useInventoryOptions } from './useInventory';

interface Props {
  datasource: XenbenchDataSource;
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

const platforms = [
  { label: 'Both', value: '' as const },
  { label: 'Native', value: 'native' as const },
  { label: 'Virtual', value: 'virtual' as const },
];

const roles = [
  { label: 'All volumes', value: '' as const },
  { label: 'Database', value: 'database' as const },
  { label: 'Log', value: 'log' as const },
];

/** Editor of an `exchange` query: perfmon counter series from the log folder. */
export function ExchangeQueryEditor({ datasource, query, onChange }: Props) {
  const loadServers = useInventoryOptions(datasource, 'servers');
  const loadCounters = useInventoryOptions(datasource, 'counters', { servers: query.servers ?? '' });
  return (
    <Stack direction="column" gap={0.5}>
      <Stack gap={0.5} wrap="wrap">
        <InlineField
          label="Counters"
          labelWidth={12}
          grow
          tooltip="Counter path patterns with * and ?, e.g. \\*\MSExchangeIS\RPC Averaged Latency"
        >
          <MultiCombobox
            width="auto"
            minWidth={40}
            createCustomValue
            options={loadCounters}
            value={query.counters ?? []}
            onChange={(os) => onChange({ ...query, counters: os.map((o) => o.value) })}
          />
        </InlineField>
      </Stack>
      <Stack gap={0.5} wrap="wrap">
        <InlineField label="Servers" labelWidth={12} tooltip="Server name glob; empty selects all">
          <Combobox
            width={24}
            createCustomValue
            isClearable
            placeholder="* (all)"
            options={loadServers}
            value={query.servers ?? ''}
            onChange={(o) => onChange({ ...query, servers: o?.value ?? '' })}
          />
        </InlineField>
        <InlineField
          label="Platform"
          labelWidth={12}
          tooltip="Virtual: the server is a VM of the pool (or mapped so in the settings)"
        >
          <RadioButtonGroup
            options={platforms}
            value={query.platform ?? ''}
            onChange={(v) => onChange({ ...query, platform: v })}
          />
        </InlineField>
        <InlineField
          label="Volumes"
          labelWidth={10}
          tooltip="Only disk counters of database or log volumes (mapped in the datasource settings), whose limits differ"
        >
          <RadioButtonGroup
            options={roles}
            value={query.volumeRole ?? ''}
            onChange={(v) => onChange({ ...query, volumeRole: v })}
          />
        </InlineField>
        <InlineField label="Alias" labelWidth={10}>
          <Input
            width={30}
            placeholder="$server $counter"
            defaultValue={query.alias ?? ''}
            onBlur={(e) => onChange({ ...query, alias: e.currentTarget.value })}
          />
        </InlineField>
      </Stack>
    </Stack>
  );
}

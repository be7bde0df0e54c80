import React from 'react';
import { InlineField, MultiCombobox, RadioButtonGroup, Stack } from '@grafana/ui';

import type { XenbenchDataSource } from '../datasource';
import { InventoryKind, QueryType, VolumeRole, type XenbenchQuery } from '../types';
import { fieldTestId, option, optionsOf, volumeRoleTexts } from './options';
import { useInventoryOptions } from './useInventory';
import { FormatField } from './FormatField';
import { PlatformField } from './PlatformField';
import { ServersField } from './ServersField';

interface Props {
  datasource: XenbenchDataSource;
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

const roles = [option<VolumeRole | ''>('', 'All volumes'), ...optionsOf(Object.values(VolumeRole), volumeRoleTexts)];

/** Editor of an `exchange` query: perfmon counter series from the log folder. */
export function ExchangeQueryEditor({ datasource, query, onChange }: Props) {
  const counters = useInventoryOptions(datasource, InventoryKind.Counters, { servers: query.servers ?? '' });
  return (
    <Stack direction="column" gap={0.5}>
      <Stack gap={0.5} wrap="wrap">
        <InlineField
          label="Counters"
          labelWidth={12}
          grow
          tooltip="Counter path patterns with * and ?, e.g. \\*\MSExchangeIS\RPC Averaged Latency"
          invalid={Boolean(counters.error)}
          error={counters.error}
          data-testid={fieldTestId('counters')}
        >
          <MultiCombobox
            width="auto"
            minWidth={40}
            createCustomValue
            options={counters.load}
            value={query.counters ?? []}
            onChange={(os) => onChange({ ...query, counters: os.map((o) => o.value) })}
          />
        </InlineField>
      </Stack>
      <Stack gap={0.5} wrap="wrap">
        <ServersField datasource={datasource} query={query} onChange={onChange} />
        <PlatformField query={query} onChange={onChange} />
        <InlineField
          label="Volumes"
          labelWidth={10}
          tooltip="Only disk counters of database or log volumes (mapped in the datasource settings), whose limits differ"
          data-testid={fieldTestId('volumeRole')}
        >
          <RadioButtonGroup<VolumeRole | ''>
            options={roles}
            value={query.volumeRole ?? ''}
            onChange={(v) => onChange({ ...query, volumeRole: v || undefined })}
          />
        </InlineField>
        <FormatField type={QueryType.Exchange} query={query} onChange={onChange} />
      </Stack>
    </Stack>
  );
}

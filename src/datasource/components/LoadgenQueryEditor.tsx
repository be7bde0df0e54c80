import React from 'react';
import { Combobox, InlineField, MultiCombobox, Stack } from '@grafana/ui';

import type { XenbenchDataSource } from '../datasource';
import { InventoryKind, QueryType, type XenbenchQuery } from '../types';
import { fieldTestId } from './options';
import { useInventoryOptions } from './useInventory';
import { FormatField } from './FormatField';
import { PlatformField } from './PlatformField';
import { ServersField } from './ServersField';

interface Props {
  datasource: XenbenchDataSource;
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

/** Editor of a `loadgen` query: load-test results per run, server and task. */
export function LoadgenQueryEditor({ datasource, query, onChange }: Props) {
  const runs = useInventoryOptions(datasource, InventoryKind.Runs);
  const tasks = useInventoryOptions(datasource, InventoryKind.Tasks);
  const workloads = useInventoryOptions(datasource, InventoryKind.Workloads);
  return (
    <Stack direction="column" gap={0.5}>
      <Stack gap={0.5} wrap="wrap">
        <InlineField
          label="Runs"
          labelWidth={12}
          tooltip="Run id glob or comma list; empty selects all runs in the time range"
          invalid={Boolean(runs.error)}
          error={runs.error}
          data-testid={fieldTestId('runs')}
        >
          <Combobox
            width={28}
            createCustomValue
            isClearable
            placeholder="* (all)"
            options={runs.load}
            value={query.runs ?? ''}
            onChange={(o) => onChange({ ...query, runs: o?.value || undefined })}
          />
        </InlineField>
        <InlineField
          label="Workloads"
          labelWidth={12}
          tooltip="e.g. 8000 heavy, or 8000*; empty selects all"
          invalid={Boolean(workloads.error)}
          error={workloads.error}
          data-testid={fieldTestId('workloads')}
        >
          <Combobox
            width={24}
            createCustomValue
            isClearable
            placeholder="* (all)"
            options={workloads.load}
            value={query.workloads ?? ''}
            onChange={(o) => onChange({ ...query, workloads: o?.value || undefined })}
          />
        </InlineField>
        <InlineField
          label="Tasks"
          labelWidth={10}
          tooltip="SendMail, Logon, Browse... empty selects all"
          invalid={Boolean(tasks.error)}
          error={tasks.error}
          data-testid={fieldTestId('tasks')}
        >
          <MultiCombobox
            width="auto"
            minWidth={24}
            createCustomValue
            options={tasks.load}
            value={query.tasks ?? []}
            onChange={(os) => onChange({ ...query, tasks: os.map((o) => o.value) })}
          />
        </InlineField>
      </Stack>
      <Stack gap={0.5} wrap="wrap">
        <ServersField datasource={datasource} query={query} onChange={onChange} />
        <PlatformField query={query} onChange={onChange} />
        <FormatField type={QueryType.Loadgen} query={query} onChange={onChange} />
      </Stack>
    </Stack>
  );
}

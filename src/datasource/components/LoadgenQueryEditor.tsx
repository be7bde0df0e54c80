import React from 'react';
import { Combobox, InlineField, MultiCombobox, RadioButtonGroup, Stack } from '@grafana/ui';

import type { XenbenchDataSource } from '../datasource';
import type { XenbenchQuery } from '../types';
import { useInventoryOptions } from './useInventory';

interface Props {
  datasource: XenbenchDataSource;
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

const formats = [
  { label: 'Table', value: 'table' as const, description: 'workload, platform, server, task, avg, p95, count' },
  { label: 'Annotations', value: 'annotations' as const, description: 'one time region per test run' },
];

/** Editor of a `loadgen` query: load-test results per run and task. */
export function LoadgenQueryEditor({ datasource, query, onChange }: Props) {
  const loadRuns = useInventoryOptions(datasource, 'runs');
  const loadTasks = useInventoryOptions(datasource, 'tasks');
  const loadWorkloads = useInventoryOptions(datasource, 'workloads');
  return (
    <Stack gap={0.5} wrap="wrap">
      <InlineField label="Runs" labelWidth={12} tooltip="Run id glob; empty selects all runs in the time range">
        <Combobox
          width={28}
          createCustomValue
          isClearable
          placeholder="* (all)"
          options={loadRuns}
          value={query.runs ?? ''}
          onChange={(o) => onChange({ ...query, runs: o?.value ?? '' })}
        />
      </InlineField>
      <InlineField label="Workloads" labelWidth={12} tooltip="e.g. 8000 heavy, or 8000*; empty selects all">
        <Combobox
          width={24}
          createCustomValue
          isClearable
          placeholder="* (all)"
          options={loadWorkloads}
          value={query.workloads ?? ''}
          onChange={(o) => onChange({ ...query, workloads: o?.value ?? '' })}
        />
      </InlineField>
      <InlineField label="Tasks" labelWidth={10} tooltip="SendMail, Logon, Browse... empty selects all">
        <MultiCombobox
          width="auto"
          minWidth={24}
          createCustomValue
          options={loadTasks}
          value={query.tasks ?? []}
          onChange={(os) => onChange({ ...query, tasks: os.map((o) => o.value) })}
        />
      </InlineField>
      <InlineField label="Format" labelWidth={10}>
        <RadioButtonGroup
          options={formats}
          value={query.format ?? 'table'}
          onChange={(v) => onChange({ ...query, format: v })}
        />
      </InlineField>
    </Stack>
  );
}

import React from 'react';
import { Combobox, InlineField, InlineSwitch, MultiCombobox, RadioButtonGroup, Stack } from '@grafana/ui';
import { getTemplateSrv } from '@grafana/runtime';

import type { XenbenchDataSource } from '../datasource';
import { CF, InventoryKind, ObjectKind, querySpecs, SelectorMode, type XenbenchQuery } from '../types';
import { selectorRegexProblem } from '../regex';
import { useInventoryOptions } from './useInventory';
import { cfTexts, fieldTestId, optionsOf } from './options';
import { ObjectFields } from './ObjectFields';

interface Props {
  datasource: XenbenchDataSource;
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

const defaults = querySpecs.metrics.defaults;
const cfs = optionsOf(Object.values(CF), cfTexts);
const inventoryOf = {
  [ObjectKind.Host]: InventoryKind.Hosts,
  [ObjectKind.VM]: InventoryKind.VMs,
  [ObjectKind.SR]: InventoryKind.SRs,
} as const;

/** Editor of a `metrics` query: RRD series of hosts, VMs or SRs. */
export function MetricsQueryEditor({ datasource, query, onChange }: Props) {
  const object = query.object ?? defaults.object ?? ObjectKind.Host;
  const mode = query.selectorMode ?? defaults.selectorMode ?? SelectorMode.Name;
  const selector = query.selector ?? '';
  const variables = getTemplateSrv()
    .getVariables()
    .map((v) => `$${v.name}`);
  const regexError = mode === SelectorMode.Regex ? selectorRegexProblem(selector) : undefined;
  const targets = useInventoryOptions(
    datasource,
    mode === SelectorMode.Tag ? InventoryKind.Tags : inventoryOf[object],
    {},
    variables
  );
  const metrics = useInventoryOptions(
    datasource,
    InventoryKind.Metrics,
    // With an invalid regex the list cannot load; the selector field already says why.
    { object, selectorMode: mode, selector: regexError ? '' : selector },
    variables
  );

  return (
    <Stack direction="column" gap={0.5}>
      <Stack gap={0.5} wrap="wrap">
        <ObjectFields
          query={query}
          onChange={onChange}
          defaults={defaults}
          tooltip="Which RRDs to read: a host's, a VM's, or an SR's (served by the hosts)"
        />
        <InlineField
          label={mode === SelectorMode.Regex ? 'Regex' : 'Targets'}
          labelWidth={12}
          grow
          invalid={Boolean(regexError ?? targets.error)}
          error={regexError ?? targets.error}
          data-testid={fieldTestId('selector')}
        >
          <Combobox
            width="auto"
            minWidth={24}
            createCustomValue
            placeholder={mode === SelectorMode.Regex ? '^EXVM0[1-4]$' : '* (all)'}
            options={targets.load}
            value={selector}
            onChange={(o) => onChange({ ...query, selector: o?.value || undefined })}
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
          invalid={Boolean(metrics.error)}
          error={metrics.error}
          data-testid={fieldTestId('metrics')}
        >
          <MultiCombobox
            width="auto"
            minWidth={30}
            createCustomValue
            options={metrics.load}
            value={query.metrics ?? []}
            onChange={(os) => onChange({ ...query, metrics: os.map((o) => o.value) })}
          />
        </InlineField>
        <InlineField
          label="Consolidation"
          labelWidth={14}
          tooltip="The RRA's consolidation function; MIN and MAX exist only where the pool keeps them"
          data-testid={fieldTestId('cf')}
        >
          <RadioButtonGroup
            options={cfs}
            value={(query.cf?.toUpperCase() as CF | undefined) ?? defaults.cf}
            onChange={(v) => onChange({ ...query, cf: v })}
          />
        </InlineField>
        <InlineField
          label="Live"
          tooltip="Stream new samples every 5 seconds through Grafana Live"
          data-testid={fieldTestId('stream')}
        >
          <InlineSwitch
            value={Boolean(query.stream)}
            onChange={(e) => onChange({ ...query, stream: e.currentTarget.checked || undefined })}
          />
        </InlineField>
      </Stack>
    </Stack>
  );
}

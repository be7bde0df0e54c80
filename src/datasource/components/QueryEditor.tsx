import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, InlineField, RadioButtonGroup, Stack } from '@grafana/ui';

import type { XenbenchDataSource } from '../datasource';
import { QueryType, type Reducer, type XenbenchOptions, type XenbenchQuery } from '../types';
import { EventsQueryEditor } from './EventsQueryEditor';
import { ExchangeQueryEditor } from './ExchangeQueryEditor';
import { InventoryQueryEditor } from './InventoryQueryEditor';
import { LoadgenQueryEditor } from './LoadgenQueryEditor';
import { MetricsQueryEditor } from './MetricsQueryEditor';

type Props = QueryEditorProps<XenbenchDataSource, XenbenchQuery, XenbenchOptions>;

export const queryTypes = [
  { label: 'XenServer metrics', value: QueryType.Metrics, description: 'RRD series of hosts, VMs and SRs' },
  { label: 'Exchange counters', value: QueryType.Exchange, description: 'Perfmon counter logs' },
  { label: 'Load tests', value: QueryType.Loadgen, description: 'SendMail and other task latencies per run' },
  { label: 'Events', value: QueryType.Events, description: 'XenMotion migrations and HA recoveries' },
  { label: 'Inventory', value: QueryType.Inventory, description: 'Pools, hosts, VMs, servers... as a table' },
];

const reducers: Array<{ label: string; value: Reducer; description?: string }> = [
  { label: 'Time series', value: '', description: 'One point per sample' },
  { label: 'Mean', value: 'mean' },
  { label: 'Min', value: 'min' },
  { label: 'Max', value: 'max' },
  { label: 'Last', value: 'last' },
  { label: '95th percentile', value: 'p95', description: 'Exact, nearest rank' },
];

/** The query editor: a query type, then the sub-editor of that type. */
export function QueryEditor({ datasource, query, onChange, onRunQuery }: Props) {
  const type = query.queryType ?? QueryType.Metrics;
  const change = (q: XenbenchQuery) => {
    onChange(q);
    onRunQuery();
  };
  return (
    <Stack direction="column" gap={1}>
      <Stack gap={0.5} wrap="wrap">
        <InlineField label="Query" labelWidth={12}>
          <RadioButtonGroup options={queryTypes} value={type} onChange={(v) => change({ ...query, queryType: v })} />
        </InlineField>
        {(type === QueryType.Metrics || type === QueryType.Exchange) && (
          <InlineField
            label="Reduce"
            labelWidth={10}
            tooltip="One value per series (numeric frames) for tables, stats and alert conditions"
          >
            <Combobox
              width={20}
              options={reducers}
              value={query.reducer ?? ''}
              onChange={(o) => change({ ...query, reducer: o.value })}
            />
          </InlineField>
        )}
      </Stack>
      {type === QueryType.Metrics && <MetricsQueryEditor datasource={datasource} query={query} onChange={change} />}
      {type === QueryType.Exchange && <ExchangeQueryEditor datasource={datasource} query={query} onChange={change} />}
      {type === QueryType.Loadgen && <LoadgenQueryEditor datasource={datasource} query={query} onChange={change} />}
      {type === QueryType.Events && <EventsQueryEditor query={query} onChange={change} />}
      {type === QueryType.Inventory && <InventoryQueryEditor query={query} onChange={change} />}
    </Stack>
  );
}

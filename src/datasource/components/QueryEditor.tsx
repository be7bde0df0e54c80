import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, InlineField, RadioButtonGroup, Stack } from '@grafana/ui';

import type { XenbenchDataSource } from '../datasource';
import {
  grafanaQueryFields,
  type QueryType as QueryTypeValue,
  QueryType,
  querySpecs,
  type Reducer,
  type XenbenchOptions,
  type XenbenchQuery,
} from '../types';
import { EventsQueryEditor } from './EventsQueryEditor';
import { ExchangeQueryEditor } from './ExchangeQueryEditor';
import { InventoryQueryEditor } from './InventoryQueryEditor';
import { LoadgenQueryEditor } from './LoadgenQueryEditor';
import { MetricsQueryEditor } from './MetricsQueryEditor';
import { AliasField } from './AliasField';
import { fieldTestId, option, optionsOf, queryTypeTexts, reducerTexts } from './options';

type Props = QueryEditorProps<XenbenchDataSource, XenbenchQuery, XenbenchOptions>;

export const queryTypes = optionsOf(Object.values(QueryType), queryTypeTexts);

/**
 * The query for another type: the fields the new type does not read are dropped (the
 * back end would report them as ignored), and so are a reducer or format it does not
 * accept.
 */
export function switchQueryType(query: XenbenchQuery, type: QueryTypeValue): XenbenchQuery {
  const spec = querySpecs[type];
  const keep = new Set<string>([...grafanaQueryFields, ...spec.fields]);
  const next = Object.fromEntries(Object.entries(query).filter(([k]) => keep.has(k))) as XenbenchQuery;
  if (next.reducer && !spec.reducers.includes(next.reducer)) {
    delete next.reducer;
  }
  if (next.format && !spec.formats.includes(next.format)) {
    delete next.format;
  }
  return { ...next, refId: query.refId, queryType: type };
}

/** The query editor: a query type, its reducer and alias, then the sub-editor of that type. */
export function QueryEditor({ datasource, query, onChange, onRunQuery }: Props) {
  const type = query.queryType ?? QueryType.Metrics;
  const spec = querySpecs[type];
  const change = (q: XenbenchQuery) => {
    onChange(q);
    onRunQuery();
  };
  const reducers = [option<Reducer | ''>('', 'None: the series'), ...optionsOf(spec.reducers, reducerTexts)];
  return (
    <Stack direction="column" gap={1}>
      <Stack gap={0.5} wrap="wrap">
        <InlineField label="Query" labelWidth={12} data-testid={fieldTestId('queryType')}>
          <RadioButtonGroup
            options={queryTypes}
            value={type}
            onChange={(v) => v !== type && change(switchQueryType(query, v))}
          />
        </InlineField>
      </Stack>
      <Stack gap={0.5} wrap="wrap">
        <InlineField
          label="Reduce"
          labelWidth={12}
          tooltip="One value per series (numeric frames) for tables, stats and alert conditions"
          data-testid={fieldTestId('reducer')}
        >
          <Combobox
            width={24}
            options={reducers}
            value={query.reducer ?? ''}
            onChange={(o) => change({ ...query, reducer: o.value || undefined })}
          />
        </InlineField>
        <AliasField query={query} onChange={change} />
      </Stack>
      {type === QueryType.Metrics && <MetricsQueryEditor datasource={datasource} query={query} onChange={change} />}
      {type === QueryType.Exchange && <ExchangeQueryEditor datasource={datasource} query={query} onChange={change} />}
      {type === QueryType.Loadgen && <LoadgenQueryEditor datasource={datasource} query={query} onChange={change} />}
      {type === QueryType.Events && <EventsQueryEditor query={query} onChange={change} />}
      {type === QueryType.Inventory && <InventoryQueryEditor query={query} onChange={change} />}
    </Stack>
  );
}

import React from 'react';
import { Combobox, InlineField, Input, Stack } from '@grafana/ui';

import { InventoryKind, querySpecs, SelectorMode, type XenbenchQuery } from '../types';
import { regexProblem, selectorRegexProblem } from '../regex';
import { fieldTestId, inventoryKindTexts, optionsOf } from './options';
import { ObjectFields } from './ObjectFields';

interface Props {
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

const defaults = querySpecs.inventory.defaults;
export const inventoryKinds = optionsOf(Object.values(InventoryKind), inventoryKindTexts);

/** A text input that changes the query on blur, and only when the text changed. */
function TextInput(props: { value?: string; placeholder: string; width: number; onChange: (v?: string) => void }) {
  return (
    <Input
      width={props.width}
      placeholder={props.placeholder}
      defaultValue={props.value ?? ''}
      onBlur={(e) => {
        const v = e.currentTarget.value;
        if (v !== (props.value ?? '')) {
          props.onChange(v || undefined);
        }
      }}
    />
  );
}

/**
 * Editor of an `inventory` query (also the template variable editor): a list, a regex
 * filter on its names, and for the metrics list the objects whose metrics to list, for
 * the counters list the servers.
 */
export function InventoryQueryEditor({ query, onChange }: Props) {
  const kind = query.inventoryKind ?? defaults.inventoryKind ?? InventoryKind.VMs;
  const mode = query.selectorMode ?? defaults.selectorMode ?? SelectorMode.Name;
  const filterError = query.filter ? regexProblem(query.filter) : undefined;
  const selectorError =
    mode === SelectorMode.Regex && query.selector ? selectorRegexProblem(query.selector) : undefined;
  const metricsList = kind === InventoryKind.Metrics;
  return (
    <Stack direction="column" gap={0.5}>
      <Stack gap={0.5} wrap="wrap">
        <InlineField label="List" labelWidth={12} data-testid={fieldTestId('inventoryKind')}>
          <Combobox
            width={24}
            options={inventoryKinds}
            value={kind}
            onChange={(o) => onChange({ ...query, inventoryKind: o.value })}
          />
        </InlineField>
        <InlineField
          label="Filter"
          labelWidth={10}
          tooltip="A regular expression on the names"
          invalid={Boolean(filterError)}
          error={filterError}
          data-testid={fieldTestId('filter')}
        >
          <TextInput
            width={30}
            placeholder="^EX"
            value={query.filter}
            onChange={(filter) => onChange({ ...query, filter })}
          />
        </InlineField>
        {(kind === InventoryKind.Counters || query.servers !== undefined) && (
          <InlineField
            label="Servers"
            labelWidth={10}
            tooltip="Counters of these servers only: a glob or comma list"
            data-testid={fieldTestId('servers')}
          >
            <TextInput
              width={24}
              placeholder="* (all)"
              value={query.servers}
              onChange={(servers) => onChange({ ...query, servers })}
            />
          </InlineField>
        )}
      </Stack>
      {(metricsList ||
        query.object !== undefined ||
        query.selectorMode !== undefined ||
        query.selector !== undefined) && (
        <Stack gap={0.5} wrap="wrap">
          <ObjectFields query={query} onChange={onChange} defaults={defaults} tooltip="Whose metrics to list" />
          <InlineField
            label={mode === SelectorMode.Regex ? 'Regex' : 'Targets'}
            labelWidth={12}
            tooltip="Which objects; empty or * selects all"
            invalid={Boolean(selectorError)}
            error={selectorError}
            data-testid={fieldTestId('selector')}
          >
            <TextInput
              width={30}
              placeholder={mode === SelectorMode.Regex ? '^EXVM0[1-4]$' : '* (all)'}
              value={query.selector}
              onChange={(selector) => onChange({ ...query, selector })}
            />
          </InlineField>
        </Stack>
      )}
    </Stack>
  );
}

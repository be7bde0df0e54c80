import React from 'react';
import { Combobox, InlineField, RadioButtonGroup } from '@grafana/ui';

import { ObjectKind, SelectorMode, type QuerySpec, type XenbenchQuery } from '../types';
import { fieldTestId, objectTexts, optionsOf, selectorModeTexts } from './options';

interface Props {
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
  /** The query type's defaults (metrics and inventory queries both pick objects). */
  defaults: QuerySpec['defaults'];
  tooltip: string;
}

const objects = optionsOf(Object.values(ObjectKind), objectTexts);
const modes = optionsOf(Object.values(SelectorMode), selectorModeTexts);

/** Which objects (hosts, VMs or SRs) a query reads, and how its selector picks them. */
export function ObjectFields({ query, onChange, defaults, tooltip }: Props) {
  return (
    <>
      <InlineField label="Object" labelWidth={12} tooltip={tooltip} data-testid={fieldTestId('object')}>
        <RadioButtonGroup
          options={objects}
          value={query.object ?? defaults.object}
          onChange={(v) => onChange({ ...query, object: v })}
        />
      </InlineField>
      <InlineField label="Select by" labelWidth={12} data-testid={fieldTestId('selectorMode')}>
        <Combobox
          width={14}
          options={modes}
          value={query.selectorMode ?? defaults.selectorMode}
          onChange={(o) => onChange({ ...query, selectorMode: o.value })}
        />
      </InlineField>
    </>
  );
}

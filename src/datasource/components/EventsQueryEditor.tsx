import React from 'react';
import { InlineField, MultiCombobox, RadioButtonGroup, Stack } from '@grafana/ui';

import type { XenbenchQuery } from '../types';

interface Props {
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

const kinds = [
  { label: 'XenMotion migrations', value: 'migration' as const },
  { label: 'HA (host failure, VM restart)', value: 'ha' as const },
];
const formats = [
  { label: 'Annotations', value: 'annotations' as const },
  { label: 'Table', value: 'table' as const },
];

/** Editor of an `events` query: migrations and HA events. */
export function EventsQueryEditor({ query, onChange }: Props) {
  return (
    <Stack gap={0.5} wrap="wrap">
      <InlineField label="Events" labelWidth={12} tooltip="Empty selects all kinds">
        <MultiCombobox
          width={50}
          options={kinds}
          value={query.eventKinds ?? []}
          onChange={(os) => onChange({ ...query, eventKinds: os.map((o) => o.value) })}
        />
      </InlineField>
      <InlineField label="Format" labelWidth={10}>
        <RadioButtonGroup
          options={formats}
          value={query.format ?? 'annotations'}
          onChange={(v) => onChange({ ...query, format: v })}
        />
      </InlineField>
    </Stack>
  );
}

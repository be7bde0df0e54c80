import React from 'react';
import { InlineField, MultiCombobox, Stack } from '@grafana/ui';

import { EventKind, QueryType, type XenbenchQuery } from '../types';
import { eventKindTexts, fieldTestId, optionsOf } from './options';
import { FormatField } from './FormatField';

interface Props {
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

const kinds = optionsOf(Object.values(EventKind), eventKindTexts);

/** Editor of an `events` query: migrations and HA events. */
export function EventsQueryEditor({ query, onChange }: Props) {
  return (
    <Stack gap={0.5} wrap="wrap">
      <InlineField
        label="Events"
        labelWidth={12}
        tooltip="Empty selects all kinds"
        data-testid={fieldTestId('eventKinds')}
      >
        <MultiCombobox
          width={50}
          options={kinds}
          value={query.eventKinds ?? []}
          onChange={(os) => onChange({ ...query, eventKinds: os.map((o) => o.value) })}
        />
      </InlineField>
      <FormatField type={QueryType.Events} query={query} onChange={onChange} />
    </Stack>
  );
}

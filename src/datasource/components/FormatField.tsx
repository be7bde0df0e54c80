import React from 'react';
import { InlineField, RadioButtonGroup } from '@grafana/ui';

import { querySpecs, type QueryType, type XenbenchQuery } from '../types';
import { fieldTestId, formatTexts, optionsOf } from './options';

interface Props {
  type: QueryType;
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

/** The formats the query type answers; with none chosen, the back end's default is shown. */
export function FormatField({ type, query, onChange }: Props) {
  const spec = querySpecs[type];
  return (
    <InlineField
      label="Format"
      labelWidth={10}
      tooltip={query.reducer ? 'A reducer gives one number per result whatever the format' : undefined}
      data-testid={fieldTestId('format')}
    >
      <RadioButtonGroup
        options={optionsOf(spec.formats, formatTexts)}
        value={query.format ?? spec.defaults.format}
        onChange={(v) => onChange({ ...query, format: v })}
      />
    </InlineField>
  );
}

import React from 'react';
import { InlineField, Input } from '@grafana/ui';

import type { XenbenchQuery } from '../types';
import { fieldTestId } from './options';

interface Props {
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

/** The display name template; it changes the query only when the text did. */
export function AliasField({ query, onChange }: Props) {
  return (
    <InlineField
      label="Alias"
      labelWidth={10}
      tooltip="Display name template: $<label> is replaced by the series label, e.g. $vm $metric or $server $counter"
      data-testid={fieldTestId('alias')}
    >
      <Input
        width={30}
        placeholder="$server $metric"
        defaultValue={query.alias ?? ''}
        onBlur={(e) => {
          const alias = e.currentTarget.value;
          if (alias !== (query.alias ?? '')) {
            onChange({ ...query, alias: alias || undefined });
          }
        }}
      />
    </InlineField>
  );
}

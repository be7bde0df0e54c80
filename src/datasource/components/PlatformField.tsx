import React from 'react';
import { InlineField, RadioButtonGroup } from '@grafana/ui';

import { Platform, type XenbenchQuery } from '../types';
import { fieldTestId, option, optionsOf, platformTexts } from './options';

interface Props {
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

const platforms = [option<Platform | ''>('', 'Both'), ...optionsOf(Object.values(Platform), platformTexts)];

/** Keeps only native or virtual servers (exchange and loadgen queries). */
export function PlatformField({ query, onChange }: Props) {
  return (
    <InlineField
      label="Platform"
      labelWidth={12}
      tooltip="Virtual: the server is a VM of the pool (or mapped so in the settings); unknown: it could not be resolved"
      data-testid={fieldTestId('platform')}
    >
      <RadioButtonGroup<Platform | ''>
        options={platforms}
        value={query.platform ?? ''}
        onChange={(v) => onChange({ ...query, platform: v || undefined })}
      />
    </InlineField>
  );
}

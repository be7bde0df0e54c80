import React from 'react';
import { Combobox, InlineField } from '@grafana/ui';

import type { XenbenchDataSource } from '../datasource';
import { InventoryKind, type XenbenchQuery } from '../types';
import { fieldTestId } from './options';
import { useInventoryOptions } from './useInventory';

interface Props {
  datasource: XenbenchDataSource;
  query: XenbenchQuery;
  onChange: (q: XenbenchQuery) => void;
}

/** The Exchange servers a query keeps: a glob or comma list, offered from the logs. */
export function ServersField({ datasource, query, onChange }: Props) {
  const servers = useInventoryOptions(datasource, InventoryKind.Servers);
  return (
    <InlineField
      label="Servers"
      labelWidth={12}
      tooltip="Server name glob or comma list; empty selects all"
      invalid={Boolean(servers.error)}
      error={servers.error}
      data-testid={fieldTestId('servers')}
    >
      <Combobox
        width={24}
        createCustomValue
        isClearable
        placeholder="* (all)"
        options={servers.load}
        value={query.servers ?? ''}
        onChange={(o) => onChange({ ...query, servers: o?.value || undefined })}
      />
    </InlineField>
  );
}

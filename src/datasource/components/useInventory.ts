import { useCallback } from 'react';
import type { ComboboxOption } from '@grafana/ui';

import type { XenbenchDataSource } from '../datasource';
import type { InventoryKind } from '../types';

/**
 * Returns an async options loader for a Combobox: the back end's inventory resource
 * filtered by what the user typed. Template variables are offered first so dashboards
 * stay portable between pools.
 */
export function useInventoryOptions(
  datasource: XenbenchDataSource,
  kind: InventoryKind,
  params: Record<string, string> = {},
  variables: string[] = []
) {
  const key = JSON.stringify(params);
  const varsKey = variables.join('|');
  return useCallback(
    async (input: string): Promise<Array<ComboboxOption<string>>> => {
      const items = await datasource.listInventory(kind, JSON.parse(key));
      const needle = input.toLowerCase();
      const vars = (varsKey ? varsKey.split('|') : [])
        .filter((v) => v.toLowerCase().includes(needle))
        .map((v) => ({ label: v, value: v }));
      const found = items
        .filter((i) => i.text.toLowerCase().includes(needle))
        .slice(0, 500)
        .map((i) => ({ label: i.text, value: i.value, description: i.value !== i.text ? i.value : undefined }));
      return [...vars, ...found];
    },
    // params and variables are fresh objects each render: depend on their content
    [datasource, kind, key, varsKey]
  );
}

import { useCallback, useState } from 'react';
import type { ComboboxOption } from '@grafana/ui';

import type { XenbenchDataSource } from '../datasource';
import type { InventoryKind } from '../types';
import { option } from './options';

/** The message of a failed resource call: the back end's own ({"message": ...}) when it sent one. */
export function errorMessage(e: unknown): string {
  const err = e as { data?: { message?: string }; message?: string; statusText?: string };
  return err?.data?.message ?? err?.message ?? err?.statusText ?? String(e);
}

/**
 * Returns an async options loader for a Combobox (the back end's inventory resource
 * filtered by what the user typed) and the error of its last load. A failed load gives
 * no options and its error, which the editor shows on the field with the back end's
 * reason, instead of Combobox's generic "An error occurred while loading options".
 * Template variables are offered first so dashboards stay portable between pools.
 */
export function useInventoryOptions(
  datasource: XenbenchDataSource,
  kind: InventoryKind,
  params: Record<string, string> = {},
  variables: string[] = []
) {
  const [error, setError] = useState<string>();
  const key = JSON.stringify(params);
  const varsKey = variables.join('|');
  const load = useCallback(
    async (input: string): Promise<Array<ComboboxOption<string>>> => {
      const needle = input.toLowerCase();
      const vars = (varsKey ? varsKey.split('|') : [])
        .filter((v) => v.toLowerCase().includes(needle))
        .map((v) => option(v, v));
      let items;
      try {
        items = await datasource.listInventory(kind, JSON.parse(key));
        setError(undefined);
      } catch (e) {
        setError(errorMessage(e));
        return vars;
      }
      const found = items
        .filter((i) => i.text.toLowerCase().includes(needle))
        .slice(0, 500)
        .map((i) => option(i.value, i.value !== i.text ? { label: i.text, description: i.value } : i.text));
      return [...vars, ...found];
    },
    // params and variables are fresh objects each render: depend on their content
    [datasource, kind, key, varsKey]
  );
  return { load, error };
}

import React from 'react';
import { act, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { XenbenchDataSource } from '../datasource';
import {
  grafanaQueryFields,
  type InventoryItem,
  QueryType,
  querySpecs,
  type AnyQuery,
  type XenbenchQuery,
} from '../types';
import { QueryEditor, switchQueryType } from './QueryEditor';
import { VariableQueryEditor } from './VariableQueryEditor';
import {
  cfTexts,
  eventKindTexts,
  fieldTestId,
  formatTexts,
  optionsOf,
  inventoryKindTexts,
  objectTexts,
  type OptionText,
  platformTexts,
  queryTypeTexts,
  reducerTexts,
  selectorModeTexts,
  volumeRoleTexts,
} from './options';
import { provisionedQueries } from './provisionedQueries';
import { useInventoryOptions } from './useInventory';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => ({ getVariables: () => [], replace: (s: string) => s }),
}));

// jsdom has no IntersectionObserver; Combobox's menu observes its last option to load more.
beforeAll(() => {
  Object.assign(global, {
    IntersectionObserver: class {
      observe() {}
      unobserve() {}
      disconnect() {}
      takeRecords() {
        return [];
      }
    },
  });
});

function fakeDatasource(list: (kind: string, params: Record<string, string>) => Promise<InventoryItem[]>) {
  return { listInventory: jest.fn(list) } as unknown as XenbenchDataSource & { listInventory: jest.Mock };
}

/** What each enumerated field shows for a value: the label the editors give it. */
const texts: Partial<Record<keyof AnyQuery, Record<string, OptionText>>> = {
  queryType: queryTypeTexts,
  reducer: reducerTexts,
  format: formatTexts,
  object: objectTexts,
  selectorMode: selectorModeTexts,
  cf: cfTexts,
  platform: platformTexts,
  volumeRole: volumeRoleTexts,
  eventKinds: eventKindTexts,
  inventoryKind: inventoryKindTexts,
};

function label(field: keyof AnyQuery, value: string): string {
  return texts[field]?.[value]?.label ?? value;
}

/**
 * What a field's control shows: the label of the checked radio, whether a switch is
 * on, or the values of its inputs and its text (Combobox inputs, MultiCombobox pills).
 */
function shown(el: HTMLElement): { radio?: string; text: string } {
  const radios = el.querySelectorAll<HTMLInputElement>('input[type=radio]');
  if (radios.length > 0) {
    const checked = [...radios].find((r) => r.checked);
    return { radio: checked ? (el.querySelector(`label[for="${checked.id}"]`)?.textContent ?? '') : '', text: '' };
  }
  const inputs = [...el.querySelectorAll<HTMLInputElement>('input')];
  const checkbox = inputs.find((i) => i.type === 'checkbox');
  if (checkbox) {
    return { text: String(checkbox.checked) };
  }
  return { text: [...inputs.map((i) => i.value), el.textContent ?? ''].join('\n') };
}

/** Checks that the field's control shows the value (each item of a list). */
function expectShows(field: keyof AnyQuery, value: unknown, where: string) {
  const el = screen.queryByTestId(fieldTestId(field));
  if (!el) {
    throw new Error(`${where}: the editor has no control for "${field}"`);
  }
  const s = shown(el);
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    const want = typeof v === 'boolean' ? String(v) : label(field, String(v));
    if (s.radio !== undefined) {
      if (s.radio !== want) {
        throw new Error(`${where}: "${field}" shows "${s.radio}", want "${want}" (${String(v)})`);
      }
    } else if (!s.text.includes(want)) {
      throw new Error(`${where}: "${field}" shows ${JSON.stringify(s.text)}, want it to include "${want}"`);
    }
  }
}

/** Renders the editor Grafana would show for a query: the variable editor or the query editor. */
async function renderEditor(q: { variable: boolean; query: XenbenchQuery }, ds = fakeDatasource(async () => [])) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const props = { datasource: ds, query: q.query, onChange, onRunQuery };
  const view = render(q.variable ? <VariableQueryEditor {...props} /> : <QueryEditor {...props} />);
  // Let option loaders and effects settle before checking nothing was changed.
  await act(async () => {});
  return { ...view, onChange, onRunQuery, ds };
}

const provisioned = provisionedQueries();

describe('editors with the provisioned queries (dashboards and alert rules)', () => {
  it('finds queries of every query type, variables and alert rules among them', () => {
    const types = new Set(provisioned.map((p) => p.query.queryType ?? QueryType.Metrics));
    expect([...types].sort()).toEqual(Object.values(QueryType).sort());
    expect(provisioned.some((p) => p.variable)).toBe(true);
    expect(provisioned.some((p) => p.where.includes(': rule '))).toBe(true);
  });

  it.each(provisioned.map((p) => [p.where, p] as const))(
    '%s: shows every field it sets and changes nothing',
    async (where, p) => {
      const { onChange, onRunQuery } = await renderEditor(p);
      const fields = Object.entries(p.query).filter(([k]) => !grafanaQueryFields.includes(k));
      for (const [field, value] of fields) {
        expectShows(field as keyof AnyQuery, value, where);
      }
      expect(onChange).not.toHaveBeenCalled();
      expect(onRunQuery).not.toHaveBeenCalled();
    }
  );
});

describe('defaults shown are the back end defaults (querySpecs)', () => {
  // The inventory editor shows object and selector mode for the metrics list only.
  const context: Partial<Record<QueryType, Partial<XenbenchQuery>>> = { inventory: { inventoryKind: 'metrics' } };

  it.each(Object.values(QueryType))('%s', async (type) => {
    const query = { refId: 'A', queryType: type, ...context[type] };
    const { onChange } = await renderEditor({ variable: false, query });
    for (const [field, value] of Object.entries(querySpecs[type].defaults)) {
      if (!(field in query)) {
        expectShows(field as keyof AnyQuery, value, `${type} default`);
      }
    }
    expect(onChange).not.toHaveBeenCalled();
  });

  it('inventory lists VMs without a kind, in the query and the variable editor', async () => {
    for (const variable of [false, true]) {
      const { unmount } = await renderEditor({ variable, query: { refId: 'A', queryType: QueryType.Inventory } });
      expectShows('inventoryKind', querySpecs.inventory.defaults.inventoryKind, 'inventory');
      unmount();
    }
  });

  it('a query without queryType is a metrics query', async () => {
    await renderEditor({ variable: false, query: { refId: 'A' } });
    expectShows('queryType', QueryType.Metrics, 'no queryType');
  });

  it('events show table, the format the back end answers without one', async () => {
    await renderEditor({ variable: false, query: { refId: 'A', queryType: QueryType.Events } });
    expectShows('format', 'table', 'events');
  });
});

describe('every field a query type reads has a control', () => {
  it.each(Object.values(QueryType))('%s', async (type) => {
    const full: Record<string, unknown> = { refId: 'A', queryType: type };
    for (const f of querySpecs[type].fields) {
      full[f] ??= f === 'stream' ? true : ['metrics', 'counters', 'tasks', 'eventKinds'].includes(f) ? ['x'] : 'x';
    }
    await renderEditor({ variable: false, query: full as unknown as XenbenchQuery });
    for (const f of querySpecs[type].fields) {
      expect(screen.queryByTestId(fieldTestId(f))).not.toBeNull();
    }
  });
});

describe('switching the query type', () => {
  it('drops the fields the new type does not read and keeps Grafana and shared ones', () => {
    const q = switchQueryType(
      {
        refId: 'A',
        hide: false,
        queryType: QueryType.Loadgen,
        tasks: ['SendMail'],
        reducer: 'p95',
        format: 'compliance',
        alias: '$server',
      },
      QueryType.Events
    );
    expect(q).toEqual({ refId: 'A', hide: false, queryType: QueryType.Events, reducer: 'p95', alias: '$server' });
  });

  it('drops a reducer the new type does not accept', () => {
    expect(switchQueryType({ refId: 'A', reducer: 'max' }, QueryType.Loadgen)).toEqual({
      refId: 'A',
      queryType: QueryType.Loadgen,
    });
  });

  it('keeps a format the new type answers', () => {
    expect(
      switchQueryType({ refId: 'A', queryType: QueryType.Loadgen, format: 'compliance' }, QueryType.Exchange).format
    ).toBe('compliance');
  });
});

describe('regular expressions are checked where they are typed', () => {
  it('an invalid selector regex is shown on the field, and the metrics list is not asked with it', async () => {
    const ds = fakeDatasource(async () => []);
    await renderEditor(
      {
        variable: false,
        query: { refId: 'A', queryType: QueryType.Metrics, selectorMode: 'regex', selector: 'EXVM(' },
      },
      ds
    );
    expect(
      within(screen.getByTestId(fieldTestId('selector'))).getByText(/"EXVM\(" is not a valid regular expression/)
    ).toBeInTheDocument();
    await userEvent.click(within(screen.getByTestId(fieldTestId('metrics'))).getByRole('combobox'));
    await waitFor(() => expect(ds.listInventory).toHaveBeenCalledWith('metrics', expect.anything()));
    for (const [kind, params] of ds.listInventory.mock.calls) {
      if (kind === 'metrics') {
        expect(params.selector).toBe('');
      }
    }
  });

  it("Go's flag groups are valid", async () => {
    await renderEditor({ variable: false, query: { refId: 'A', selectorMode: 'regex', selector: '(?i)^exvm0[1-4]$' } });
    expect(within(screen.getByTestId(fieldTestId('selector'))).queryByText(/not a valid/)).toBeNull();
  });

  it('an invalid inventory filter is shown on the field', async () => {
    await renderEditor({ variable: true, query: { refId: 'A', queryType: QueryType.Inventory, filter: '[EX' } });
    expect(
      within(screen.getByTestId(fieldTestId('filter'))).getByText(/"\[EX" is not a valid regular expression/)
    ).toBeInTheDocument();
  });
});

describe('option lists', () => {
  it("show the back end's reason when a list cannot load, not Combobox's generic error", async () => {
    const ds = fakeDatasource(async () => {
      throw { status: 400, data: { message: 'selector regex "(" is invalid: missing closing )' } };
    });
    await renderEditor({ variable: false, query: { refId: 'A', queryType: QueryType.Metrics } }, ds);
    await userEvent.click(within(screen.getByTestId(fieldTestId('metrics'))).getByRole('combobox'));
    expect(
      await within(screen.getByTestId(fieldTestId('metrics'))).findByText(/selector regex "\(" is invalid/)
    ).toBeInTheDocument();
    expect(screen.queryByText(/An error occurred while loading options/)).toBeNull();
  });

  it('never carry description: undefined (Combobox draws such rows taller)', async () => {
    const ds = fakeDatasource(async () => [
      { text: 'EXVM01', value: 'EXVM01' },
      { text: 'EXVM02', value: '0b7a-uuid' },
    ]);
    const { result } = renderHook(() => useInventoryOptions(ds, 'vms', {}, ['$vm']));
    let options: Array<Record<string, unknown>> = [];
    await act(async () => {
      options = await result.current.load('');
    });
    expect(options).toEqual([
      { label: '$vm', value: '$vm' },
      { label: 'EXVM01', value: 'EXVM01' },
      { label: 'EXVM02', value: '0b7a-uuid', description: '0b7a-uuid' },
    ]);
    for (const o of options) {
      expect(Object.entries(o).every(([, v]) => v !== undefined)).toBe(true);
    }
    const lists: Array<Record<string, OptionText>> = [queryTypeTexts, reducerTexts, formatTexts, objectTexts];
    lists.push(selectorModeTexts, cfTexts, platformTexts, volumeRoleTexts, eventKindTexts, inventoryKindTexts);
    for (const texts of lists) {
      for (const o of optionsOf(Object.keys(texts), texts)) {
        expect(Object.values(o)).not.toContain(undefined);
      }
    }
  });
});

describe('the variable editor', () => {
  it('narrows the metrics list by object and selector', async () => {
    const { onChange } = await renderEditor({
      variable: true,
      query: { refId: 'A', queryType: QueryType.Inventory, inventoryKind: 'metrics' },
    });
    expectShows('object', 'host', 'metrics variable');
    await userEvent.click(within(screen.getByTestId(fieldTestId('object'))).getByLabelText('SR'));
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A',
      queryType: QueryType.Inventory,
      inventoryKind: 'metrics',
      object: 'sr',
    });
  });
});

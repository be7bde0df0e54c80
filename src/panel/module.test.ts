import {
  FieldConfigPropertyItem,
  PanelOptionsEditorBuilder,
  StandardEditorsRegistryItem,
  ThresholdsMode,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
} from '@grafana/data';

import { plugin } from './module';
import { Options, defaultOptions } from './types';

// Grafana fills this registry with its editor components at start-up (app code, not in the
// npm packages); the builder only needs the ids to exist.
standardEditorsRegistry.setInit(() =>
  ['radio', 'boolean', 'text', 'select', 'number'].map(
    (id) => ({ id, name: id, editor: () => null }) as unknown as StandardEditorsRegistryItem
  )
);

// Grafana's own standard thresholds option defaults to green + red at 80
// (public/app/core/components/OptionsUI/registry.tsx); the panel must replace that default.
standardFieldConfigEditorRegistry.setInit(() => [
  {
    id: 'thresholds',
    path: 'thresholds',
    name: 'Thresholds',
    process: (v: unknown) => v,
    shouldApply: () => true,
    override: () => null,
    editor: () => null,
    defaultValue: {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    },
  } as unknown as FieldConfigPropertyItem,
]);

describe('panel plugin definition', () => {
  const builder = new PanelOptionsEditorBuilder<Options>();
  plugin.getPanelOptionsSupplier()(builder, { data: [] });
  const items = builder.getItems();

  it('offers every option with a default equal to defaultOptions', () => {
    const ids = items.map((i) => i.path);
    for (const key of Object.keys(defaultOptions) as Array<keyof Options>) {
      if (key === 'mapping') {
        for (const role of Object.keys(defaultOptions.mapping)) {
          expect(ids).toContain(`mapping.${role}`);
        }
        continue;
      }
      expect(ids).toContain(key);
    }
    // Every item, none skipped: an option without a default (undefined) fails here, since
    // every key of defaultOptions has a value and every path must be one of them.
    const defaults = defaultOptions as unknown as Record<string, unknown>;
    const mappingDefaults = defaultOptions.mapping as unknown as Record<string, unknown>;
    for (const item of items) {
      const role = item.path.startsWith('mapping.') ? item.path.slice('mapping.'.length) : undefined;
      const want = role !== undefined ? mappingDefaults[role] : defaults[item.path];
      expect([item.path, want === undefined ? 'not in defaultOptions' : 'in defaultOptions']).toEqual([
        item.path,
        'in defaultOptions',
      ]);
      expect([item.path, item.defaultValue]).toEqual([item.path, want]);
    }
  });

  it('shows the resolved mapping in the editor', () => {
    expect(items.find((i) => i.id === 'resolvedMapping')?.category).toEqual(['Data mapping']);
  });

  it('lists the drill-down dashboards by uid', () => {
    const drill = items.find((i) => i.path === 'drilldownUid');
    const values = (drill?.settings as { options: Array<{ value: string }> }).options.map((o) => o.value);
    expect(values).toEqual(['', 'xenbench-scalability', 'xenbench-migration', 'xenbench-ha']);
  });

  it('uses a base-only threshold default, so the catalog applies until a user adds steps', () => {
    expect(plugin.fieldConfigDefaults.defaults.thresholds?.steps).toEqual([{ value: -Infinity, color: 'green' }]);
  });

  it('asks Grafana for annotations', () => {
    expect(plugin.dataSupport.annotations).toBe(true);
  });
});

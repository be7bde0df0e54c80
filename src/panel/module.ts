import { FieldConfigProperty, PanelPlugin, ThresholdsMode } from '@grafana/data';

import { ResolvedMappingEditor } from './editor/ResolvedMappingEditor';
import { LatencyComparePanel } from './LatencyComparePanel';
import { builtinCatalog, catalogCounters, catalogVersions } from './thresholds/catalog';
import { Options, Stat, defaultOptions } from './types';

const statOptions: Array<{ value: Stat; label: string; description?: string }> = [
  { value: 'mean', label: 'Average' },
  { value: 'p95', label: '95th percentile' },
  { value: 'max', label: 'Max' },
  { value: 'min', label: 'Min', description: 'For lower limits such as Memory\\Available MBytes' },
  { value: 'last', label: 'Last' },
];

/** Every catalog limit with its source, so the editor tells where each number comes from. */
const catalogDescription = builtinCatalog.catalog.entries
  .map(
    (e) =>
      `${e.counter} ${e.aggregation}: ${e.critical ?? e.warning} ${e.unit} (${e.source.title}${e.source.url ? `, ${e.source.url}` : ''})`
  )
  .join('; ');

const mappingPath = (role: string, name: string, detect: string, description: string) => ({
  path: `mapping.${role}`,
  name,
  description,
  category: ['Data mapping'],
  defaultValue: '',
  settings: { placeholder: `detect (${detect})` },
});

export const plugin = new PanelPlugin<Options>(LatencyComparePanel)
  .setDataSupport({ annotations: true, alertStates: false })
  .useFieldConfig({
    // Only the base step by default: the panel then takes its limits from the catalog, and
    // any step a user adds switches to the panel's own thresholds (see thresholds/resolveLimits.ts).
    standardOptions: {
      [FieldConfigProperty.Thresholds]: {
        defaultValue: { mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'green' }] },
      },
    },
    disableStandardOptions: [
      FieldConfigProperty.Min,
      FieldConfigProperty.Max,
      FieldConfigProperty.FieldMinMax,
      FieldConfigProperty.Mappings,
      FieldConfigProperty.Color,
      FieldConfigProperty.NoValue,
      FieldConfigProperty.Links,
      FieldConfigProperty.Actions,
      FieldConfigProperty.Filterable,
    ],
  })
  .setPanelOptions((builder) =>
    builder
      .addRadio({
        path: 'mode',
        name: 'Display mode',
        description:
          'Compare draws bars per group; Time series draws the series over time with the same bands. Auto picks Compare when a platform is found.',
        category: ['Display'],
        defaultValue: defaultOptions.mode,
        settings: {
          options: [
            { value: 'auto', label: 'Auto' },
            { value: 'compare', label: 'Compare' },
            { value: 'timeseries', label: 'Time series' },
          ],
        },
      })
      .addRadio({
        path: 'barStat',
        name: 'Bar',
        description:
          'Statistic drawn as the bar and used for the overhead. Time series are reduced by the panel (p95 exact, nearest rank).',
        category: ['Display'],
        defaultValue: defaultOptions.barStat,
        settings: { options: statOptions },
      })
      .addRadio({
        path: 'markerStat',
        name: 'Marker',
        description: 'Statistic drawn as a tick above each bar.',
        category: ['Display'],
        defaultValue: defaultOptions.markerStat,
        settings: { options: [...statOptions, { value: 'none', label: 'None' }] },
      })
      .addBooleanSwitch({
        path: 'showLegend',
        name: 'Legend',
        category: ['Display'],
        defaultValue: defaultOptions.showLegend,
      })
      .addBooleanSwitch({
        path: 'showSummary',
        name: 'Summary line',
        description: 'One sentence under the chart: pass/fail at every group and the overhead range.',
        category: ['Display'],
        defaultValue: defaultOptions.showSummary,
      })
      .addRadio({
        path: 'yScale',
        name: 'Y axis',
        description:
          'Logarithmic keeps every group readable when one is an order of magnitude above the others (an overcommitted step).',
        category: ['Display'],
        defaultValue: defaultOptions.yScale,
        settings: {
          options: [
            { value: 'linear', label: 'Linear' },
            { value: 'log', label: 'Logarithmic' },
          ],
        },
        showIf: (o) => o.mode !== 'timeseries',
      })
      .addCustomEditor({
        id: 'resolvedMapping',
        path: 'mapping',
        name: 'Resolved mapping',
        description:
          'What the panel reads from the current data. Fill the fields below when your data uses other names.',
        category: ['Data mapping'],
        editor: ResolvedMappingEditor,
        defaultValue: defaultOptions.mapping,
      })
      .addTextInput(mappingPath('platform', 'Platform', 'platform', 'Field or label that tells native from virtual.'))
      .addTextInput({
        path: 'nativePattern',
        name: 'Native pattern',
        description: 'Regular expression (case-insensitive) for platform values meaning native.',
        category: ['Data mapping'],
        defaultValue: defaultOptions.nativePattern,
      })
      .addTextInput({
        path: 'virtualPattern',
        name: 'Virtual pattern',
        description:
          'Regular expression (case-insensitive) for platform values meaning virtual, e.g. ^EXVM when Platform is mapped to server.',
        category: ['Data mapping'],
        defaultValue: defaultOptions.virtualPattern,
      })
      .addTextInput(
        mappingPath(
          'group',
          'Group',
          'workload, scenario, run',
          'Field or label whose values form the groups on the x axis.'
        )
      )
      .addTextInput(
        mappingPath(
          'metric',
          'Metric',
          'task, counter, metric, __name__',
          'Field or label naming what is measured; used to find the catalog limits.'
        )
      )
      .addTextInput({
        path: 'metricFilter',
        name: 'Metric filter',
        description: 'Show only this metric value (e.g. SendMail). Empty: the first one that has catalog limits.',
        category: ['Data mapping'],
        defaultValue: defaultOptions.metricFilter,
      })
      .addTextInput(mappingPath('avg', 'Average column', 'avg, average, mean', 'Table column holding the average.'))
      .addTextInput(mappingPath('p95', '95th percentile column', 'p95', 'Table column holding the 95th percentile.'))
      .addTextInput(
        mappingPath(
          'count',
          'Count column',
          'count',
          'Table column holding the number of operations (weights the averages of several servers).'
        )
      )
      .addRadio({
        path: 'thresholdSource',
        name: 'Limits from',
        description: `Auto uses Field > Thresholds when you add steps there, otherwise the built-in catalog. Catalog: ${catalogDescription}`,
        category: ['Thresholds'],
        defaultValue: defaultOptions.thresholdSource,
        settings: {
          options: [
            { value: 'auto', label: 'Auto' },
            { value: 'catalog', label: 'Catalog' },
            { value: 'field', label: 'Thresholds' },
            { value: 'none', label: 'None' },
          ],
        },
      })
      .addSelect({
        path: 'catalogCounter',
        name: 'Catalog counter',
        description: 'Which Microsoft limit applies. Auto matches the metric name against the catalog.',
        category: ['Thresholds'],
        defaultValue: defaultOptions.catalogCounter,
        settings: {
          options: [
            { value: 'auto', label: 'Auto (match metric name)' },
            ...catalogCounters(builtinCatalog.catalog).map((c) => ({ value: c, label: c })),
          ],
        },
        showIf: (o) => o.thresholdSource !== 'field' && o.thresholdSource !== 'none',
      })
      .addRadio({
        path: 'exchangeVersion',
        name: 'Exchange version',
        description: 'Microsoft publishes different limits per Exchange version.',
        category: ['Thresholds'],
        defaultValue: defaultOptions.exchangeVersion,
        settings: { options: catalogVersions(builtinCatalog.catalog).map((v) => ({ value: v, label: v })) },
        showIf: (o) => o.thresholdSource !== 'field' && o.thresholdSource !== 'none',
      })
      .addRadio({
        path: 'volumeRole',
        name: 'Volume role',
        description: 'Disk latency limits differ for database and log volumes.',
        category: ['Thresholds'],
        defaultValue: defaultOptions.volumeRole,
        settings: {
          options: [
            { value: '', label: 'Any' },
            { value: 'database', label: 'Database' },
            { value: 'log', label: 'Log' },
          ],
        },
        showIf: (o) => o.thresholdSource !== 'field' && o.thresholdSource !== 'none',
      })
      .addSelect({
        path: 'drilldownUid',
        name: 'Drill-down dashboard',
        description: 'Group labels link to this dashboard with the group as a variable and the same time range.',
        category: ['Links'],
        defaultValue: defaultOptions.drilldownUid,
        settings: {
          allowCustomValue: true,
          options: [
            { value: '', label: 'None' },
            { value: 'xenbench-scalability', label: 'Scalability (xenbench-scalability)' },
            { value: 'xenbench-migration', label: 'Migration (xenbench-migration)' },
            { value: 'xenbench-ha', label: 'HA recovery (xenbench-ha)' },
          ],
        },
      })
  );

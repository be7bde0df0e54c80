/**
 * PanelProps for tests and the browser harness, built the way Grafana builds them: the panel's
 * field config (defaults + overrides) is applied to the frames with @grafana/data's
 * applyFieldOverrides before the panel sees them.
 */
import {
  DataFrame,
  EventBusSrv,
  FieldConfigPropertyItem,
  FieldConfigSource,
  FieldType,
  Registry,
  GrafanaTheme2,
  LoadingState,
  PanelProps,
  ThresholdsMode,
  applyFieldOverrides,
  createTheme,
  dateTime,
} from '@grafana/data';

import { Options, defaultOptions } from '../types';

export const defaultFieldConfig: FieldConfigSource = {
  defaults: { thresholds: { mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'green' }] } },
  overrides: [],
};

/**
 * Grafana registers its standard field options (public/app/core/components/OptionsUI/registry.tsx,
 * app code outside the npm packages) before applyFieldOverrides runs; these three stand in
 * for the ones this panel reads, with the same ids and paths and a pass-through process().
 */
const standardOptions = ['unit', 'decimals', 'thresholds'].map(
  (id) =>
    ({
      id,
      path: id,
      name: id,
      process: (value: unknown) => value,
      shouldApply: (field: { type: FieldType }) => field.type === FieldType.number,
      override: () => null,
      editor: () => null,
    }) as unknown as FieldConfigPropertyItem
);
const fieldConfigRegistry = new Registry<FieldConfigPropertyItem>(() => standardOptions);

export interface PanelPropsInput {
  frames: DataFrame[];
  options?: Partial<Options>;
  fieldConfig?: FieldConfigSource;
  annotations?: DataFrame[];
  width?: number;
  height?: number;
  theme?: GrafanaTheme2;
  from?: number;
  to?: number;
  errorMessage?: string;
}

export function panelProps(input: PanelPropsInput): PanelProps<Options> {
  const fieldConfig = input.fieldConfig ?? defaultFieldConfig;
  const from = dateTime(input.from ?? 1_700_000_000_000);
  const to = dateTime(input.to ?? 1_700_000_000_000 + 3_600_000);
  const timeRange = { from, to, raw: { from, to } };
  const series = applyFieldOverrides({
    data: input.frames,
    fieldConfig,
    replaceVariables: (v: string) => v,
    theme: input.theme ?? createTheme(),
    timeZone: 'utc',
    fieldConfigRegistry,
  });
  return {
    id: 1,
    data: {
      state: input.errorMessage ? LoadingState.Error : LoadingState.Done,
      series,
      annotations: input.annotations,
      timeRange,
      errors: input.errorMessage ? [{ message: input.errorMessage }] : undefined,
    },
    timeRange,
    timeZone: 'utc',
    options: { ...defaultOptions, ...input.options },
    fieldConfig,
    transparent: false,
    width: input.width ?? 800,
    height: input.height ?? 400,
    renderCounter: 1,
    title: 'Latency compare',
    eventBus: new EventBusSrv(),
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    replaceVariables: (v: string) => v,
    onChangeTimeRange: () => {},
  };
}

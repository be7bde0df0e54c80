import { DataFrame, Field, FieldType } from '@grafana/data';

import { Stat } from '../types';
import { ResolvedMapping } from './model';
import { findField } from './sources';

/**
 * The fields whose config (thresholds, unit) applies to the bar and to the marker: in a table
 * the avg and p95 columns (so a field override on `p95` sets the p95 limit), in time series
 * the first value field (all series share the panel's defaults unless overridden).
 */
export function valueFieldsFor(
  frames: DataFrame[],
  m: ResolvedMapping,
  barStat: Stat,
  markerStat: Stat | 'none'
): { bar?: Field; marker?: Field } {
  if (m.shape === 'table') {
    const col = (s: Stat | 'none') => (s === 'p95' ? m.p95 : m.avg);
    const pick = (name: string | undefined) => {
      for (const f of frames) {
        const field = name ? findField(f, name) : undefined;
        if (field) {
          return field;
        }
      }
      return undefined;
    };
    return { bar: pick(col(barStat)), marker: markerStat === 'none' ? undefined : pick(col(markerStat)) };
  }
  for (const f of frames) {
    const field = f.fields.find((x) => x.type === FieldType.number);
    if (field) {
      return { bar: field, marker: field };
    }
  }
  return {};
}

/** True when any value field carries thresholds the user added (beyond the base step). */
export function anyUserThresholds(frames: DataFrame[]): boolean {
  return frames.some((f) =>
    f.fields.some(
      (x) => x.type === FieldType.number && !!x.config.thresholds?.steps.some((s) => Number.isFinite(s.value))
    )
  );
}

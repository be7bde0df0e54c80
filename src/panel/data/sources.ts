import { DataFrame, Field, FieldType } from '@grafana/data';

import { Source } from './model';

/**
 * Names tried, in order, when a role is left on "detect". They are the label names of the
 * xenbench frame contract (DESIGN.md "Frames"), then common names in other datasources.
 */
export const autoNames = {
  platform: ['platform'],
  group: ['workload', 'scenario', 'run'],
  metric: ['task', 'counter', 'metric', '__name__'],
  server: ['server', 'instance', 'host'],
  avg: ['avg', 'average', 'mean', 'avg_ms'],
  p95: ['p95', 'p95_ms', 'percentile95'],
  count: ['count', 'n'],
} as const;

// Field lookup by lower-cased name, built once per frame: the mapping asks every frame for
// several candidate names, and with 2,000 frames a linear scan per question adds up.
// Frames are not mutated after a query returns, so the index stays valid for the frame's life.
const fieldIndex = new WeakMap<DataFrame, Map<string, Field>>();

/** Finds a field by name, ignoring case (CSV headers and SQL columns vary in case). */
export function findField(frame: DataFrame, name: string): Field | undefined {
  let index = fieldIndex.get(frame);
  if (!index || index.size > frame.fields.length) {
    index = new Map();
    for (const f of frame.fields) {
      const k = f.name.toLowerCase();
      if (!index.has(k)) {
        index.set(k, f);
      }
    }
    fieldIndex.set(frame, index);
  }
  return index.get(name.toLowerCase());
}

/** The first candidate that names a field of any frame. */
export function resolveFieldName(
  frames: DataFrame[],
  configured: string,
  candidates: readonly string[]
): string | undefined {
  const names = configured ? [configured] : candidates;
  for (const name of names) {
    if (frames.some((f) => findField(f, name))) {
      return name;
    }
  }
  return undefined;
}

/** The first candidate that is a field (table data) or a label on any number field (time series). */
export function resolveSource(
  frames: DataFrame[],
  configured: string,
  candidates: readonly string[]
): Source | undefined {
  const names = configured ? [configured] : candidates;
  for (const name of names) {
    if (frames.some((f) => findField(f, name)?.type === FieldType.string)) {
      return { kind: 'field', name };
    }
    if (frames.some((f) => f.fields.some((x) => x.labels && labelValue(x.labels, name) !== undefined))) {
      return { kind: 'label', name };
    }
  }
  return undefined;
}

/** Label lookup that ignores the case of the label name. */
export function labelValue(labels: Record<string, string>, name: string): string | undefined {
  if (name in labels) {
    return labels[name];
  }
  const wanted = name.toLowerCase();
  for (const k of Object.keys(labels)) {
    if (k.toLowerCase() === wanted) {
      return labels[k];
    }
  }
  return undefined;
}

/** Reads a role for one row (table) or one series (labels of its value field). */
export function readSource(
  source: Source | undefined,
  frame: DataFrame,
  valueField: Field | undefined,
  row: number
): string | undefined {
  if (!source) {
    return undefined;
  }
  if (source.kind === 'field') {
    const v = findField(frame, source.name)?.values[row];
    return v === null || v === undefined ? undefined : String(v);
  }
  return valueField?.labels ? labelValue(valueField.labels, source.name) : undefined;
}

import { DataFrame, FieldType } from '@grafana/data';

import { findField } from './sources';

/** One annotation (a migration, an HA restart) as the panel draws it. */
export interface Annotation {
  time: number;
  timeEnd?: number;
  title: string;
  text: string;
  color?: string;
}

function str(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/**
 * Reads `PanelProps.data.annotations`: Grafana passes annotations to panels as frames with
 * the fields `time` (or the first time field), `timeEnd`, `title`, `text`, `tags`
 * (grafana/grafana public/app/features/annotations/standardAnnotationSupport.ts,
 * `annotationEventNames`), plus `color`, the colour of the annotation query.
 * Text may contain HTML in Grafana; it is shown as plain text here (React escapes it).
 */
export function readAnnotations(frames: DataFrame[] | undefined): Annotation[] {
  const out: Annotation[] = [];
  for (const frame of frames ?? []) {
    const time = findField(frame, 'time') ?? frame.fields.find((f) => f.type === FieldType.time);
    if (!time) {
      continue;
    }
    const timeEnd = findField(frame, 'timeEnd');
    const title = findField(frame, 'title');
    const text = findField(frame, 'text');
    const color = findField(frame, 'color');
    for (let i = 0; i < frame.length; i++) {
      // A row without a time is skipped: Number(null) would draw it at 1970.
      const t = time.values[i] === null ? NaN : Number(time.values[i]);
      if (!Number.isFinite(t)) {
        continue;
      }
      const end = timeEnd ? Number(timeEnd.values[i]) : NaN;
      out.push({
        time: t,
        timeEnd: Number.isFinite(end) && end > t ? end : undefined,
        title: str(title?.values[i]),
        text: str(text?.values[i])
          .replace(/<[^>]*>/g, ' ')
          .trim(),
        color: color ? str(color.values[i]) || undefined : undefined,
      });
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

import React from 'react';
import { css } from '@emotion/css';
import { type DataFrame, FieldType, dateTimeFormat, formattedValueToString, getDisplayProcessor } from '@grafana/data';
import { Badge, InteractiveTable, useStyles2, useTheme2 } from '@grafana/ui';

import { Field } from '../../datasource/contract.gen';

type Row = Record<string, string> & { id: string };

const levelColor = { ok: 'green', warning: 'orange', critical: 'red', unknown: 'blue' } as const;
const levelText = {
  ok: 'within limit',
  warning: 'near the limit',
  critical: 'over the limit',
  unknown: 'no samples',
} as const;

/** Rows per page: the compliance table alone has over a hundred rows on the study's data. */
export const pageSize = 15;

/**
 * A duration in seconds in words, the same for migrations and HA recoveries: whole seconds
 * from a minute on ("2 min 15 s"), tenths below ("0.4 s"), never milliseconds.
 */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) {
    return '';
  }
  if (s < 60) {
    return `${s < 10 ? Math.round(s * 10) / 10 : Math.round(s)} s`;
  }
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : '', sec ? `${sec} s` : ''].filter(Boolean).join(' ');
}

/** A cell's text when the default (the field's unit and display processor) is not right. */
export type CellFormat = (value: unknown, frame: DataFrame, row: number) => string | undefined;

/** Times of events: to the second, in the dashboard's format (both event tables alike). */
const formatTime: CellFormat = (v) =>
  typeof v === 'number' && Number.isFinite(v) ? dateTimeFormat(v, { format: 'YYYY-MM-DD HH:mm:ss' }) : undefined;

const getStyles = () => ({
  // A level is a short phrase; it must not wrap into a two-line badge in a narrow column.
  badge: css({ whiteSpace: 'nowrap' }),
});

/**
 * A table of the chosen fields of the frames, values formatted with their units; a
 * `level` column shows as a badge with words (not colour alone). Time fields are shown to the
 * second and `formats` overrides the text of chosen columns. Long tables are paged.
 */
export function FrameTable({
  frames,
  fields,
  empty,
  formats = {},
}: {
  frames: DataFrame[];
  fields: string[];
  empty: string;
  formats?: Record<string, CellFormat>;
}) {
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  const rows: Row[] = [];
  for (const frame of frames) {
    const present = fields.map((name) => frame.fields.find((f) => f.name === name));
    const display = present.map((f) => (f ? (f.display ?? getDisplayProcessor({ field: f, theme })) : undefined));
    for (let i = 0; i < frame.length; i++) {
      const row: Row = { id: `${rows.length}` };
      fields.forEach((name, j) => {
        const f = present[j];
        const v = f?.values[i];
        if (f === undefined || v === null || v === undefined) {
          row[name] = '';
          return;
        }
        const custom =
          formats[name]?.(v, frame, i) ?? (f.type === FieldType.time ? formatTime(v, frame, i) : undefined);
        row[name] = custom ?? formattedValueToString(display[j]!(v));
      });
      rows.push(row);
    }
  }
  if (rows.length === 0) {
    return <p>{empty}</p>;
  }
  return (
    <InteractiveTable
      getRowId={(r: Row) => r.id}
      data={rows}
      pageSize={pageSize}
      columns={fields.map((name) => ({
        id: name,
        header: name.replace(/_/g, ' '),
        cell:
          name === Field.Level
            ? ({ value }: { value: string }) => {
                const level = (value in levelColor ? value : 'unknown') as keyof typeof levelColor;
                return <Badge className={s.badge} color={levelColor[level]} text={levelText[level]} />;
              }
            : undefined,
      }))}
    />
  );
}

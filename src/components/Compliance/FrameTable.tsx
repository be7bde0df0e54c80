import React from 'react';
import { type DataFrame, formattedValueToString, getDisplayProcessor } from '@grafana/data';
import { Badge, InteractiveTable, useTheme2 } from '@grafana/ui';

type Row = Record<string, string> & { id: string };

const levelColor = { ok: 'green', warning: 'orange', critical: 'red', unknown: 'blue' } as const;
const levelText = {
  ok: 'within limit',
  warning: 'near the limit',
  critical: 'over the limit',
  unknown: 'no samples',
} as const;

/**
 * A table of the chosen fields of the frames, values formatted with their units; a
 * `level` column shows as a badge with words (not colour alone).
 */
export function FrameTable({ frames, fields, empty }: { frames: DataFrame[]; fields: string[]; empty: string }) {
  const theme = useTheme2();
  const rows: Row[] = [];
  for (const frame of frames) {
    const present = fields.map((name) => frame.fields.find((f) => f.name === name));
    const display = present.map((f) => (f ? (f.display ?? getDisplayProcessor({ field: f, theme })) : undefined));
    for (let i = 0; i < frame.length; i++) {
      const row: Row = { id: `${rows.length}` };
      fields.forEach((name, j) => {
        const f = present[j];
        const v = f?.values[i];
        row[name] = f === undefined || v === null || v === undefined ? '' : formattedValueToString(display[j]!(v));
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
      columns={fields.map((name) => ({
        id: name,
        header: name.replace(/_/g, ' '),
        cell:
          name === 'level'
            ? ({ value }: { value: string }) => {
                const level = (value in levelColor ? value : 'unknown') as keyof typeof levelColor;
                return <Badge color={levelColor[level]} text={levelText[level]} />;
              }
            : undefined,
      }))}
    />
  );
}

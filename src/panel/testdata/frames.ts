/**
 * Test frames shaped like the xenbench frame contract (DESIGN.md "Frames"): the loadgen
 * table (`workload, platform, server, task, avg, p95, count`) and `timeseries-multi` frames
 * (one frame per series, labels on the value field). Numbers are synthetic, chosen so the
 * expected results can be computed by hand; they are not the published study's figures.
 */
import { DataFrame, FieldType, createDataFrame } from '@grafana/data';

export type Row = [
  workload: string,
  platform: string,
  server: string,
  task: string,
  avg: number | null,
  p95: number | null,
  count: number | null,
];

export function loadgenTable(rows: Row[], units: { avg?: string; p95?: string } = { avg: 'ms', p95: 'ms' }): DataFrame {
  return createDataFrame({
    refId: 'A',
    fields: [
      { name: 'workload', type: FieldType.string, values: rows.map((r) => r[0]) },
      { name: 'platform', type: FieldType.string, values: rows.map((r) => r[1]) },
      { name: 'server', type: FieldType.string, values: rows.map((r) => r[2]) },
      { name: 'task', type: FieldType.string, values: rows.map((r) => r[3]) },
      { name: 'avg', type: FieldType.number, values: rows.map((r) => r[4]), config: { unit: units.avg } },
      { name: 'p95', type: FieldType.number, values: rows.map((r) => r[5]), config: { unit: units.p95 } },
      { name: 'count', type: FieldType.number, values: rows.map((r) => r[6]) },
    ],
  });
}

/** The study's three workloads, two servers per platform, SendMail plus a Logon task. */
export const studyRows: Row[] = [
  ['2000 heavy', 'native', 'EXPHY01', 'SendMail', 200, 400, 1000],
  ['2000 heavy', 'native', 'EXPHY02', 'SendMail', 220, 460, 1000],
  ['2000 heavy', 'virtual', 'EXVM01', 'SendMail', 190, 390, 1000],
  ['2000 heavy', 'virtual', 'EXVM02', 'SendMail', 210, 420, 1000],
  ['4000 heavy', 'native', 'EXPHY01', 'SendMail', 250, 520, 2000],
  ['4000 heavy', 'native', 'EXPHY02', 'SendMail', 250, 540, 2000],
  ['4000 heavy', 'virtual', 'EXVM01', 'SendMail', 255, 530, 2000],
  ['4000 heavy', 'virtual', 'EXVM02', 'SendMail', 260, 560, 2000],
  ['8000 heavy', 'native', 'EXPHY01', 'SendMail', 330, 700, 4000],
  ['8000 heavy', 'native', 'EXPHY02', 'SendMail', 350, 720, 4000],
  ['8000 heavy', 'virtual', 'EXVM01', 'SendMail', 345, 730, 4000],
  ['8000 heavy', 'virtual', 'EXVM02', 'SendMail', 355, 750, 4000],
  ['8000 heavy', 'virtual', 'EXVM01', 'Logon', 20, 45, 500],
];

export function seriesFrame(
  labels: Record<string, string>,
  times: number[],
  values: Array<number | null>,
  unit = 'ms',
  name?: string
): DataFrame {
  return createDataFrame({
    name,
    fields: [
      { name: 'time', type: FieldType.time, values: times },
      { name: 'value', type: FieldType.number, values, labels, config: { unit } },
    ],
  });
}

/**
 * `groups` workloads × 2 platforms × `serversPerCell` servers = series, each with `points`
 * samples rising and falling around a level that grows with the workload. Deterministic.
 */
export function manySeries(
  groups: number,
  serversPerCell: number,
  points: number,
  start = 1_700_000_000_000,
  stepMs = 60_000
): DataFrame[] {
  const frames: DataFrame[] = [];
  const times = Array.from({ length: points }, (_, i) => start + i * stepMs);
  for (let g = 0; g < groups; g++) {
    for (const platform of ['native', 'virtual']) {
      for (let s = 0; s < serversPerCell; s++) {
        const level = 150 + g * 2 + (platform === 'virtual' ? 6 : 0) + s;
        const values = times.map((_, i) => level + 40 * Math.sin((i + s * 7 + g) / 9) + ((i * 37 + s * 11) % 17));
        frames.push(
          seriesFrame(
            {
              workload: `${(g + 1) * 100} heavy`,
              platform,
              server: `${platform === 'native' ? 'EXPHY' : 'EXVM'}${String(s + 1).padStart(2, '0')}`,
              task: 'SendMail',
            },
            times,
            values
          )
        );
      }
    }
  }
  return frames;
}

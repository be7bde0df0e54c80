import { DataFrame, FieldType, createDataFrame } from '@grafana/data';

import { loadgenTable, seriesFrame, studyRows } from '../testdata/frames';
import { Options, defaultOptions, withDefaults } from '../types';
import { CatalogKey } from '../thresholds/match';
import { allGroup, buildModel, resolveMapping } from './buildModel';

const catalogUnit = (key: CatalogKey | undefined) =>
  key?.task === 'SendMail' ? 'ms' : key?.counter === 'Avg. Disk sec/Read' ? 's' : undefined;
const build = (frames: DataFrame[], o: Partial<Options> = {}) =>
  buildModel(frames, withDefaults({ ...defaultOptions, ...o }), catalogUnit);
const t0 = 1_700_000_000_000;
const times = (n: number) => Array.from({ length: n }, (_, i) => t0 + i * 1000);

describe('buildModel: loadgen table frames', () => {
  // Built in each test, not once for the describe block: a mutation run (StrykerJS, per-test
  // coverage) only reruns the tests that ran the mutated code, and code run while the block is
  // collected belongs to no test.
  let model: ReturnType<typeof build>;
  beforeEach(() => {
    model = build([loadgenTable(studyRows)]);
  });

  it('resolves the contract fields', () => {
    expect(model.shape).toBe('table');
    expect(model.mapping).toMatchObject({
      platform: { kind: 'field', name: 'platform' },
      group: { kind: 'field', name: 'workload' },
      metric: { kind: 'field', name: 'task' },
      avg: 'avg',
      p95: 'p95',
      count: 'count',
      inputs: 13,
    });
  });

  it('shows the task with catalog limits and says which tasks are hidden', () => {
    expect(model.metric).toBe('SendMail');
    expect(model.metrics).toStrictEqual(['Logon', 'SendMail']);
    expect(model.notes.join()).toContain('Logon');
  });

  it('weights averages by count and takes the worst server p95', () => {
    expect(model.groups.map((g) => g.key)).toStrictEqual(['2000 heavy', '4000 heavy', '8000 heavy']);
    const [g2000, g4000, g8000] = model.groups;
    expect(g2000.native).toStrictEqual({
      stats: { mean: 210, p95: 460 },
      count: 2000,
      servers: ['EXPHY01', 'EXPHY02'],
    });
    expect(g2000.virtual?.stats).toStrictEqual({ mean: 200, p95: 420 });
    expect(g4000.virtual?.stats).toStrictEqual({ mean: 257.5, p95: 560 });
    expect(g8000.native?.stats).toStrictEqual({ mean: 340, p95: 720 });
    expect(g8000.virtual?.stats).toStrictEqual({ mean: 350, p95: 750 });
    expect(model.unit).toBe('ms');
  });

  it('weights each server by its operation count', () => {
    const m = build([
      loadgenTable([
        ['A', 'native', 'S1', 'SendMail', 100, 200, 1],
        ['A', 'native', 'S2', 'SendMail', 300, 500, 3],
      ]),
    ]);
    expect(m.groups[0].native?.stats.mean).toBe(250);
    expect(m.groups[0].native?.count).toBe(4);
  });

  it('uses the plain mean when a count is missing', () => {
    const m = build([
      loadgenTable([
        ['A', 'native', 'S1', 'SendMail', 100, 200, null],
        ['A', 'native', 'S2', 'SendMail', 300, 500, 10],
      ]),
    ]);
    expect(m.groups[0].native?.stats.mean).toBe(200);
  });
});

describe('buildModel: edge cases', () => {
  it('empty input', () => {
    const m = build([]);
    expect(m.notes).toStrictEqual([]);
    expect(m.shape).toBe('none');
    expect(m.groups).toStrictEqual([]);
    expect(m.series).toStrictEqual([]);
  });

  it('a table with no rows', () => {
    const m = build([loadgenTable([])]);
    expect(m.shape).toBe('table');
    expect(m.groups).toStrictEqual([]);
  });

  it('single-sided: only native', () => {
    const m = build([loadgenTable(studyRows.filter((r) => r[1] === 'native'))]);
    expect(m.groups).toHaveLength(3);
    expect(m.groups.every((g) => g.native && !g.virtual)).toBe(true);
  });

  it('NaN and null values are gaps, not zeros', () => {
    const m = build([
      loadgenTable([
        ['A', 'virtual', 'S1', 'SendMail', NaN, null, 100],
        ['A', 'virtual', 'S2', 'SendMail', 300, 600, 100],
        ['B', 'virtual', 'S1', 'SendMail', null, null, 100],
      ]),
    ]);
    expect(m.groups[0].virtual?.stats).toStrictEqual({ mean: 300, p95: 600 });
    expect(m.groups[1].virtual?.stats).toStrictEqual({});
  });

  it('mismatched groups keep each side where it exists', () => {
    const m = build([
      loadgenTable([
        ['2000 heavy', 'native', 'P', 'SendMail', 100, 200, 1],
        ['4000 heavy', 'native', 'P', 'SendMail', 110, 210, 1],
        ['4000 heavy', 'virtual', 'V', 'SendMail', 120, 220, 1],
        ['8000 heavy', 'virtual', 'V', 'SendMail', 130, 230, 1],
      ]),
    ]);
    expect(m.groups.map((g) => [g.key, !!g.native, !!g.virtual])).toStrictEqual([
      ['2000 heavy', true, false],
      ['4000 heavy', true, true],
      ['8000 heavy', false, true],
    ]);
  });

  it('sorts groups in natural order', () => {
    const m = build([
      loadgenTable([
        ['10000 heavy', 'native', 'P', 'SendMail', 1, 1, 1],
        ['8000 heavy', 'native', 'P', 'SendMail', 1, 1, 1],
        ['2000 heavy', 'native', 'P', 'SendMail', 1, 1, 1],
      ]),
    ]);
    expect(m.groups.map((g) => g.key)).toStrictEqual(['2000 heavy', '8000 heavy', '10000 heavy']);
  });

  it('mixed units: seconds in one table are converted to the catalog unit (ms)', () => {
    const m = build([
      loadgenTable([['A', 'native', 'P', 'SendMail', 0.25, 0.5, 1]], { avg: 's', p95: 's' }),
      loadgenTable([['A', 'virtual', 'V', 'SendMail', 260, 520, 1]], { avg: 'ms', p95: 'ms' }),
    ]);
    expect(m.unit).toBe('ms');
    expect(m.groups[0].native?.stats).toStrictEqual({ mean: 250, p95: 500 });
    expect(m.groups[0].virtual?.stats).toStrictEqual({ mean: 260, p95: 520 });
  });

  it('mixed units: an incomparable unit is skipped and explained', () => {
    const m = build([
      seriesFrame({ platform: 'native', workload: 'A', task: 'SendMail' }, times(2), [100, 200], 'ms'),
      seriesFrame({ platform: 'virtual', workload: 'A', task: 'SendMail' }, times(2), [50, 60], 'percent'),
    ]);
    expect(m.groups[0].native?.stats.mean).toBe(150);
    expect(m.groups[0].virtual).toBeUndefined();
    expect(m.notes.join()).toMatch(/unit percent cannot be compared with ms/);
  });

  it('keeps the data unit when the panel thresholds (in that unit) give the limits', () => {
    const frames = [seriesFrame({ platform: 'native', workload: 'A', task: 'SendMail' }, times(2), [0.1, 0.3], 's')];
    const m = buildModel(frames, withDefaults({}), catalogUnit, false);
    expect(m.unit).toBe('s');
    expect(m.metric).toBe('SendMail');
    expect(m.groups[0].native?.stats.max).toBe(0.3);
  });

  it('without catalog limits the first unit in the data wins', () => {
    const m = build([
      seriesFrame({ platform: 'native', workload: 'A', task: 'Logon' }, times(1), [1], 's'),
      seriesFrame({ platform: 'virtual', workload: 'A', task: 'Logon' }, times(1), [1500], 'ms'),
    ]);
    expect(m.unit).toBe('s');
    expect(m.groups[0].virtual?.stats.mean).toBe(1.5);
  });

  it('unknown platform values are reported', () => {
    const m = build([loadgenTable([['A', 'cloud', 'X', 'SendMail', 1, 1, 1]])]);
    expect(m.groups).toStrictEqual([]);
    expect(m.notes.join()).toContain('"cloud" match neither');
  });

  it('an invalid pattern is reported', () => {
    const m = build([loadgenTable(studyRows)], { virtualPattern: '([' });
    expect(m.notes.join()).toContain('virtual pattern "([" is not a valid regular expression');
  });
});

describe('buildModel: time series', () => {
  it('pools the samples of a cell and reduces them exactly', () => {
    const a = Array.from({ length: 10 }, (_, i) => i + 1); // 1..10
    const b = Array.from({ length: 10 }, (_, i) => i + 11); // 11..20
    const m = build([
      seriesFrame({ platform: 'virtual', workload: '2000 heavy', server: 'EXVM01', task: 'SendMail' }, times(10), a),
      seriesFrame({ platform: 'virtual', workload: '2000 heavy', server: 'EXVM02', task: 'SendMail' }, times(10), b),
    ]);
    expect(m.shape).toBe('timeseries');
    expect(m.mapping.platform).toStrictEqual({ kind: 'label', name: 'platform' });
    // pooled 1..20: mean 10.5, p95 = 19th smallest = 19, max 20, min 1; last: both newest
    // samples share a timestamp, the worse (20) is kept.
    expect(m.groups[0].virtual).toStrictEqual({
      stats: { mean: 10.5, p95: 19, max: 20, min: 1, last: 20 },
      count: 20,
      servers: ['EXVM01', 'EXVM02'],
    });
    expect(m.series).toHaveLength(2);
  });

  it('skips NaN samples in the reductions', () => {
    const m = build([
      seriesFrame({ platform: 'native', workload: 'A', task: 'SendMail' }, times(5), [10, NaN, null, 30, NaN]),
    ]);
    expect(m.groups[0].native).toMatchObject({ stats: { mean: 20, p95: 30, max: 30, min: 10, last: 30 }, count: 2 });
  });

  it('converts seconds to ms for every sample', () => {
    const m = build([seriesFrame({ platform: 'native', workload: 'A', task: 'SendMail' }, times(2), [0.1, 0.3], 's')]);
    expect(Array.from(m.series[0].values)).toStrictEqual([100, 300]);
    expect(m.groups[0].native?.stats.max).toBe(300);
  });

  it('maps other label names through the options', () => {
    const frames = [
      seriesFrame({ env: 'hw', load: 'low' }, times(2), [10, 20], 'ms', 'rpc'),
      seriesFrame({ env: 'xen-vm', load: 'low' }, times(2), [12, 22], 'ms', 'rpc'),
    ];
    const auto = build(frames);
    expect(auto.mapping.platform).toBeUndefined();
    expect(auto.groups).toStrictEqual([]);
    const mapped = build(frames, {
      mapping: { ...defaultOptions.mapping, platform: 'env', group: 'load' },
      nativePattern: '^hw$',
      virtualPattern: 'vm',
    });
    expect(mapped.mapping.platform).toStrictEqual({ kind: 'label', name: 'env' });
    expect(mapped.groups.map((g) => [g.key, g.native?.stats.mean, g.virtual?.stats.mean])).toStrictEqual([
      ['low', 15, 17],
    ]);
  });

  it('puts series without a group label into one group', () => {
    const m = build([seriesFrame({ platform: 'native' }, times(1), [1])]);
    expect(m.groups.map((g) => g.key)).toStrictEqual([allGroup]);
  });
});

describe('buildModel: which metric is shown, and the notes about the others', () => {
  const task = (name: string) => seriesFrame({ platform: 'native', workload: 'A', task: name }, times(1), [1]);

  it('prefers a metric with catalog limits, else the first in natural order', () => {
    expect(build([task('Logon'), task('SendMail')]).metric).toBe('SendMail');
    expect(build([task('Task10'), task('Task9')]).metric).toBe('Task9');
  });

  it('lists up to three hidden metrics, then an ellipsis', () => {
    const three = build([task('SendMail'), task('A1'), task('A2'), task('A3')]);
    expect(three.notes).toStrictEqual([
      'Showing SendMail; 3 other task value(s) hidden (A1, A2, A3). Pick one in Options > Data mapping > Metric filter.',
    ]);
    const four = build([task('SendMail'), task('A1'), task('A2'), task('A3'), task('A4')]);
    expect(four.notes[0]).toBe(
      'Showing SendMail; 4 other task value(s) hidden (A1, A2, A3, …). Pick one in Options > Data mapping > Metric filter.'
    );
    expect(build([task('SendMail')]).notes).toStrictEqual([]);
  });

  it('a metric filter that matches nothing says what the data has', () => {
    const m = build([task('Logon'), task('SendMail')], { metricFilter: 'Send' });
    expect(m.metric).toBe('Send');
    expect(m.groups).toStrictEqual([]);
    expect(m.notes).toContain('No task is "Send" in the data (found: Logon, SendMail).');
    const none = build([], { metricFilter: 'X' });
    expect(none.notes).toStrictEqual(['No metric is "X" in the data (found: none).']);
  });

  it('series without a metric are kept next to the chosen one', () => {
    const m = build([task('SendMail'), seriesFrame({ platform: 'virtual', workload: 'A' }, times(1), [3])]);
    expect(m.groups[0].native?.stats.mean).toBe(1);
    expect(m.groups[0].virtual?.stats.mean).toBe(3);
    expect(m.metrics).toStrictEqual(['SendMail']);
    expect(m.notes).toStrictEqual([]);
    expect(m.catalogKeys).toStrictEqual([{ key: { task: 'SendMail' }, role: '' }]);
  });

  it('the catalog unit comes from the first series that names a metric', () => {
    const m = build([
      seriesFrame({ platform: 'virtual', workload: 'A' }, times(1), [0.5], 's'),
      seriesFrame({ platform: 'native', workload: 'A', task: 'SendMail' }, times(1), [0.25], 's'),
    ]);
    expect(m.unit).toBe('ms');
    expect(m.groups[0].native?.stats.mean).toBe(250);
    expect(m.groups[0].virtual?.stats.mean).toBe(500);
  });

  it('a series without a platform value is not compared, and not reported as unknown', () => {
    const m = build([seriesFrame({ workload: 'A', task: 'SendMail' }, times(1), [1])]);
    expect(m.groups).toStrictEqual([]);
    expect(m.notes).toStrictEqual([]);
    expect(m.series).toHaveLength(1);
  });

  it('the metric of a series without a metric label is the frame name, then the display name from the datasource', () => {
    const named = seriesFrame({ platform: 'native' }, times(1), [1], 'ms', 'SendMail');
    expect(build([named]).metric).toBe('SendMail');
    const fromDS = seriesFrame({ platform: 'native' }, times(1), [1]);
    fromDS.fields[1].config.displayNameFromDS = 'Logon';
    expect(build([fromDS]).metric).toBe('Logon');
    expect(build([seriesFrame({ platform: 'native' }, times(1), [1])]).metric).toBeUndefined();
  });
});

describe('buildModel: volume roles', () => {
  const disk = (role: string, v: number) =>
    seriesFrame(
      {
        platform: 'virtual',
        workload: 'A',
        object: 'LogicalDisk',
        instance: role === 'log' ? 'L:' : 'D:',
        counter: 'Avg. Disk sec/Read',
        volume_role: role,
      },
      times(1),
      [v],
      's'
    );

  it('the Volume role option hides the other role and says how many series', () => {
    const m = build([disk('Database', 0.01), disk('log', 0.03), disk('Log', 0.05)], { volumeRole: 'database' });
    expect(m.groups[0].virtual?.stats.mean).toBe(0.01);
    expect(m.notes).toStrictEqual(['2 series of other volume roles hidden (the Volume role option is database).']);
    expect(m.catalogKeys).toStrictEqual([
      { key: { object: 'LogicalDisk', instance: 'D:', counter: 'Avg. Disk sec/Read' }, role: 'Database' },
    ]);
  });

  it('keeps series without a role, and every series when no role is chosen', () => {
    const norole = seriesFrame(
      { platform: 'virtual', workload: 'A', object: 'LogicalDisk', instance: 'C:', counter: 'Avg. Disk sec/Read' },
      times(1),
      [0.02],
      's'
    );
    const m = build([disk('log', 0.04), norole], { volumeRole: 'log' });
    expect(m.groups[0].virtual?.stats.mean).toBeCloseTo(0.03);
    expect(m.notes).toStrictEqual([]);
    const all = build([disk('database', 0.01), disk('log', 0.03)]);
    expect(all.catalogKeys.map((k) => k.role)).toStrictEqual(['database', 'log']);
    expect(all.notes).toStrictEqual([]);
    expect(all.unit).toBe('s');
  });
});

describe('buildModel: units per column', () => {
  it('avg and p95 columns in different units are each converted', () => {
    const m = build([loadgenTable([['A', 'native', 'P', 'SendMail', 0.2, 400, 1]], { avg: 's', p95: 'ms' })]);
    expect(m.groups[0].native?.stats).toStrictEqual({ mean: 200, p95: 400 });
  });

  it('a p95 column in an incomparable unit skips the row and names that unit', () => {
    const m = build([
      loadgenTable([['A', 'native', 'P', 'SendMail', 200, 50, 1]], { avg: 'ms', p95: 'percent' }),
      loadgenTable([['A', 'virtual', 'V', 'SendMail', 210, 420, 1]]),
    ]);
    expect(m.groups[0].native).toBeUndefined();
    expect(m.notes).toStrictEqual(['1 input(s) skipped: unit percent cannot be compared with ms.']);
  });
});

describe('buildModel: tables', () => {
  it('a zero count falls back to the plain mean; the cell counts operations and lists servers in natural order', () => {
    const m = build([
      loadgenTable([
        ['A', 'native', 'S10', 'SendMail', 100, 200, 0],
        ['A', 'native', 'S9', 'SendMail', 300, 500, 10],
        ['A', 'native', '', 'SendMail', 200, 100, 5],
      ]),
    ]);
    expect(m.groups[0].native).toStrictEqual({ stats: { mean: 200, p95: 500 }, count: 15, servers: ['S9', 'S10'] });
  });

  it('reads object, instance and volume_role columns into the catalog keys', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'platform', type: FieldType.string, values: ['native', 'virtual'] },
        { name: 'counter', type: FieldType.string, values: ['Avg. Disk sec/Read', 'Avg. Disk sec/Read'] },
        { name: 'object', type: FieldType.string, values: ['LogicalDisk', 'LogicalDisk'] },
        { name: 'instance', type: FieldType.string, values: ['D:', 'L:'] },
        { name: 'volume_role', type: FieldType.string, values: ['database', 'log'] },
        { name: 'avg', type: FieldType.number, values: [0.01, 0.02], config: { unit: 's' } },
      ],
    });
    const m = build([frame]);
    expect(m.shape).toBe('table');
    expect(m.unit).toBe('s');
    expect(m.catalogKeys).toStrictEqual([
      { key: { object: 'LogicalDisk', instance: 'D:', counter: 'Avg. Disk sec/Read' }, role: 'database' },
      { key: { object: 'LogicalDisk', instance: 'L:', counter: 'Avg. Disk sec/Read' }, role: 'log' },
    ]);
    expect(m.mapping).toMatchObject({ avg: 'avg', p95: undefined, count: undefined, inputs: 2 });
  });

  it('a table wins over time series in the same panel; series frames are then left out', () => {
    const m = build([
      seriesFrame({ platform: 'native', workload: 'A', task: 'SendMail' }, times(1), [999]),
      loadgenTable([['A', 'native', 'P', 'SendMail', 100, 200, 1]]),
    ]);
    expect(m.shape).toBe('table');
    expect(m.mapping.inputs).toBe(1);
    expect(m.series).toStrictEqual([]);
    expect(m.groups[0].native?.stats.mean).toBe(100);
  });
});

describe('resolveMapping', () => {
  it('uses the configured names, and reads columns only for tables', () => {
    const table = createDataFrame({
      fields: [
        { name: 'side', type: FieldType.string, values: ['native'] },
        { name: 'mean_ms', type: FieldType.number, values: [1] },
        { name: 'n', type: FieldType.number, values: [1] },
      ],
    });
    const o = withDefaults({
      ...defaultOptions,
      mapping: { ...defaultOptions.mapping, platform: 'side', avg: 'mean_ms' },
    });
    expect(resolveMapping([table], o)).toStrictEqual({
      shape: 'table',
      platform: { kind: 'field', name: 'side' },
      group: undefined,
      metric: undefined,
      avg: 'mean_ms',
      p95: undefined,
      count: 'n',
      inputs: 0,
    });
    const series = resolveMapping([seriesFrame({ platform: 'native' }, times(1), [1])], withDefaults({}));
    expect(series).toMatchObject({ shape: 'timeseries', avg: undefined, p95: undefined, count: undefined });
    const none = resolveMapping(
      [createDataFrame({ fields: [{ name: 's', type: FieldType.string, values: ['x'] }] })],
      withDefaults({})
    );
    expect(none.shape).toBe('none');
  });
});

describe('buildModel: time series names and the last value', () => {
  it('names a series from its labels, leaving out _Total; a display name wins', () => {
    const m = build([
      seriesFrame({ platform: 'virtual', workload: '2000 heavy', server: 'EXVM02', instance: 'D:' }, times(1), [1]),
      seriesFrame({ platform: 'virtual', host: 'xen1', instance: '_Total' }, times(1), [1]),
      seriesFrame({ platform: 'native', vm: 'EXVM03' }, times(1), [1]),
      seriesFrame({ platform: 'native', sr: 'SR1', workload: 'A' }, times(1), [1]),
    ]);
    expect(m.series.map((s) => s.name)).toStrictEqual([
      'EXVM02 · D: · virtual · 2000 heavy',
      'xen1 · virtual',
      'EXVM03 · native',
      'SR1 · native · A',
    ]);
    expect(m.series.map((s) => s.id)).toStrictEqual(['0', '1', '2', '3']);
    const named = seriesFrame({ platform: 'native', server: 'P1' }, times(1), [1]);
    named.fields[1].config.displayName = 'Physical 1';
    expect(build([named]).series[0].name).toBe('Physical 1');
    const noWho = seriesFrame({ platform: 'native', workload: 'A' }, times(1), [1], 'ms', 'rpc');
    expect(build([noWho]).series[0].name).not.toContain('·');
  });

  it('series without a time field are numbered by sample', () => {
    const frame = createDataFrame({
      fields: [{ name: 'value', type: FieldType.number, values: [5, 6, 7], labels: { platform: 'native' } }],
    });
    const m = build([frame]);
    expect(Array.from(m.series[0].times)).toStrictEqual([0, 1, 2]);
    expect(m.groups[0].native?.stats.last).toBe(7);
  });

  it('time values given as strings are read as numbers', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: ['1000', '2000'] },
        { name: 'value', type: FieldType.number, values: [1, 2], labels: { platform: 'native' } },
      ],
    });
    expect(Array.from(build([frame]).series[0].times)).toStrictEqual([1000, 2000]);
  });

  it('"last" is the newest sample of the cell, skipping trailing gaps', () => {
    const m = build([
      seriesFrame({ platform: 'native', server: 'P1' }, [t0, t0 + 3000], [10, 40]),
      seriesFrame({ platform: 'native', server: 'P2' }, [t0, t0 + 1000, t0 + 2000], [50, 20, NaN]),
      seriesFrame({ platform: 'virtual', server: 'V1' }, [t0, t0 + 5000], [70, null]),
      seriesFrame({ platform: 'virtual', server: 'V2' }, [t0 + 500, t0 + 1000], [60, 30]),
    ]);
    expect(m.groups[0].native?.stats.last).toBe(40);
    expect(m.groups[0].virtual?.stats.last).toBe(30);
    expect(m.groups[0].native?.count).toBe(4);
  });

  it('lists the servers of a series cell once each, in natural order', () => {
    const m = build([
      seriesFrame({ platform: 'native', server: 'P10' }, times(1), [1]),
      seriesFrame({ platform: 'native', server: 'P9' }, times(1), [2]),
      seriesFrame({ platform: 'native', server: 'P9' }, times(1), [3]),
      seriesFrame({ platform: 'native' }, times(1), [4]),
    ]);
    expect(m.groups[0].native?.servers).toStrictEqual(['P9', 'P10']);
  });

  it('a time series frame with a count field is still time series, without a count column', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [1] },
        { name: 'value', type: FieldType.number, values: [5], labels: { platform: 'native' } },
        { name: 'count', type: FieldType.number, values: [9], labels: { platform: 'native' } },
      ],
    });
    const m = build([frame]);
    expect(m.mapping).toMatchObject({ shape: 'timeseries', count: undefined });
  });

  it('a table with only a p95 column is a table', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'platform', type: FieldType.string, values: ['native'] },
        { name: 'p95', type: FieldType.number, values: [400], config: { unit: 'ms' } },
      ],
    });
    const m = build([frame]);
    expect(m.shape).toBe('table');
    expect(m.groups[0].native?.stats).toStrictEqual({ p95: 400 });
  });

  it('"last" keeps the newest time; on a tie, the worse value; an older larger value does not win', () => {
    const m = build([
      seriesFrame({ platform: 'native', server: 'S1' }, [t0, t0 + 2000], [1, 30]),
      seriesFrame({ platform: 'native', server: 'S2' }, [t0, t0 + 1000], [1, 90]),
      seriesFrame({ platform: 'native', server: 'S3' }, [t0 + 2000], [20]),
    ]);
    expect(m.groups[0].native?.stats.last).toBe(30);
  });

  it('"last" reads a series whose only finite sample is its first', () => {
    const m = build([
      seriesFrame({ platform: 'native', server: 'A' }, [t0 + 9000, t0 + 9500], [50, NaN]),
      seriesFrame({ platform: 'native', server: 'B' }, [t0, t0 + 1000], [20, 30]),
    ]);
    expect(m.groups[0].native?.stats.last).toBe(50);
  });

  it('frames named after their metric, without a metric label: the note says "metric"', () => {
    const m = build([
      seriesFrame({ platform: 'native' }, times(1), [1], 'ms', 'A'),
      seriesFrame({ platform: 'native' }, times(1), [2], 'ms', 'B'),
    ]);
    expect(m.metric).toBe('A');
    expect(m.notes).toStrictEqual([
      'Showing A; 1 other metric value(s) hidden (B). Pick one in Options > Data mapping > Metric filter.',
    ]);
  });

  it('a table row whose avg column has an incomparable unit is skipped, and every bad unit is named', () => {
    const m = build([
      loadgenTable([['A', 'native', 'P', 'SendMail', 50, 400, 1]], { avg: 'percent', p95: 'ms' }),
      loadgenTable([['A', 'native', 'Q', 'SendMail', 50, 400, 1]], { avg: 'Bps', p95: 'ms' }),
      loadgenTable([['A', 'virtual', 'V', 'SendMail', 210, 420, 1]]),
    ]);
    expect(m.groups[0].native).toBeUndefined();
    expect(m.notes).toStrictEqual(['2 input(s) skipped: unit percent, Bps cannot be compared with ms.']);
  });

  it('a cell with no finite sample has no statistics', () => {
    const m = build([seriesFrame({ platform: 'native' }, times(2), [null, NaN])]);
    expect(m.groups[0].native).toStrictEqual({ stats: {}, count: 0, servers: [] });
  });

  it('a series without a name field falls back to group and platform', () => {
    const m = build([seriesFrame({ platform: 'native', workload: 'A' }, times(1), [1])]);
    expect(m.series[0]).toMatchObject({ group: 'A', platform: 'native' });
    expect(m.series[0].name.length).toBeGreaterThan(0);
  });

  it('lists at most five unknown platform values', () => {
    const frames = ['a', 'b', 'c', 'd', 'e', 'f'].map((p) => seriesFrame({ platform: p }, times(1), [1]));
    expect(build(frames).notes).toStrictEqual([
      'Platform value(s) "a", "b", "c", "d", "e" match neither the native nor the virtual pattern and are not compared.',
    ]);
  });
});

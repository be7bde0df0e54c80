import { DataFrame } from '@grafana/data';

import { loadgenTable, seriesFrame, studyRows } from '../testdata/frames';
import { Options, defaultOptions, withDefaults } from '../types';
import { CatalogKey } from '../thresholds/match';
import { allGroup, buildModel } from './buildModel';

const catalogUnit = (key: CatalogKey | undefined) => (key?.task === 'SendMail' ? 'ms' : undefined);
const build = (frames: DataFrame[], o: Partial<Options> = {}) =>
  buildModel(frames, withDefaults({ ...defaultOptions, ...o }), catalogUnit);
const t0 = 1_700_000_000_000;
const times = (n: number) => Array.from({ length: n }, (_, i) => t0 + i * 1000);

describe('buildModel: loadgen table frames', () => {
  const model = build([loadgenTable(studyRows)]);

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
    expect(model.metrics).toEqual(['Logon', 'SendMail']);
    expect(model.notes.join()).toContain('Logon');
  });

  it('weights averages by count and takes the worst server p95', () => {
    expect(model.groups.map((g) => g.key)).toEqual(['2000 heavy', '4000 heavy', '8000 heavy']);
    const [g2000, g4000, g8000] = model.groups;
    expect(g2000.native).toEqual({ stats: { mean: 210, p95: 460 }, count: 2000, servers: ['EXPHY01', 'EXPHY02'] });
    expect(g2000.virtual?.stats).toEqual({ mean: 200, p95: 420 });
    expect(g4000.virtual?.stats).toEqual({ mean: 257.5, p95: 560 });
    expect(g8000.native?.stats).toEqual({ mean: 340, p95: 720 });
    expect(g8000.virtual?.stats).toEqual({ mean: 350, p95: 750 });
    expect(model.unit).toBe('ms');
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
    expect(m.shape).toBe('none');
    expect(m.groups).toEqual([]);
    expect(m.series).toEqual([]);
  });

  it('a table with no rows', () => {
    const m = build([loadgenTable([])]);
    expect(m.shape).toBe('table');
    expect(m.groups).toEqual([]);
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
    expect(m.groups[0].virtual?.stats).toEqual({ mean: 300, p95: 600 });
    expect(m.groups[1].virtual?.stats).toEqual({});
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
    expect(m.groups.map((g) => [g.key, !!g.native, !!g.virtual])).toEqual([
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
    expect(m.groups.map((g) => g.key)).toEqual(['2000 heavy', '8000 heavy', '10000 heavy']);
  });

  it('mixed units: seconds in one table are converted to the catalog unit (ms)', () => {
    const m = build([
      loadgenTable([['A', 'native', 'P', 'SendMail', 0.25, 0.5, 1]], { avg: 's', p95: 's' }),
      loadgenTable([['A', 'virtual', 'V', 'SendMail', 260, 520, 1]], { avg: 'ms', p95: 'ms' }),
    ]);
    expect(m.unit).toBe('ms');
    expect(m.groups[0].native?.stats).toEqual({ mean: 250, p95: 500 });
    expect(m.groups[0].virtual?.stats).toEqual({ mean: 260, p95: 520 });
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
    expect(m.groups).toEqual([]);
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
    expect(m.mapping.platform).toEqual({ kind: 'label', name: 'platform' });
    // pooled 1..20: mean 10.5, p95 = 19th smallest = 19, max 20, min 1; last: both newest
    // samples share a timestamp, the worse (20) is kept.
    expect(m.groups[0].virtual).toEqual({
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
    expect(Array.from(m.series[0].values)).toEqual([100, 300]);
    expect(m.groups[0].native?.stats.max).toBe(300);
  });

  it('maps other label names through the options', () => {
    const frames = [
      seriesFrame({ env: 'hw', load: 'low' }, times(2), [10, 20], 'ms', 'rpc'),
      seriesFrame({ env: 'xen-vm', load: 'low' }, times(2), [12, 22], 'ms', 'rpc'),
    ];
    const auto = build(frames);
    expect(auto.mapping.platform).toBeUndefined();
    expect(auto.groups).toEqual([]);
    const mapped = build(frames, {
      mapping: { ...defaultOptions.mapping, platform: 'env', group: 'load' },
      nativePattern: '^hw$',
      virtualPattern: 'vm',
    });
    expect(mapped.mapping.platform).toEqual({ kind: 'label', name: 'env' });
    expect(mapped.groups.map((g) => [g.key, g.native?.stats.mean, g.virtual?.stats.mean])).toEqual([['low', 15, 17]]);
  });

  it('puts series without a group label into one group', () => {
    const m = build([seriesFrame({ platform: 'native' }, times(1), [1])]);
    expect(m.groups.map((g) => g.key)).toEqual([allGroup]);
  });
});

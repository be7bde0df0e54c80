import { Group } from '../data/model';
import { Limits } from './evaluate';
import { VerdictInput, judge, shownStatus } from './verdict';

const avgLimit: Limits = { comparison: 'gt', warning: 400, critical: 500, origin: 't' };
const p95Limit: Limits = { comparison: 'gt', warning: 800, critical: 1000, origin: 't' };
const cell = (mean: number, p95: number) => ({ stats: { mean, p95 }, count: 1, servers: [] });
const input = (groups: Group[], over: Partial<VerdictInput> = {}): VerdictInput => ({
  groups,
  bar: avgLimit,
  marker: p95Limit,
  barStat: 'mean',
  markerStat: 'p95',
  groupNoun: 'workload',
  ...over,
});
const study: Group[] = [
  { key: '2000 heavy', native: cell(210, 460), virtual: cell(200, 420) },
  { key: '4000 heavy', native: cell(250, 540), virtual: cell(257.5, 560) },
  { key: '8000 heavy', native: cell(340, 720), virtual: cell(350, 750) },
];

describe('judge', () => {
  it('the study: virtual within limits, overhead range', () => {
    const v = judge(input(study));
    expect(v.summary).toBe('virtual within limits at all 3 workloads, overhead \u22125 % … +3 %');
    expect(v.groups.map((g) => g.pass)).toStrictEqual([true, true, true]);
    expect(v.groups[0].overhead).toBeCloseTo(-4.7619, 3);
  });

  it('a p95 over its limit fails the group even when the average passes', () => {
    const v = judge(
      input([...study.slice(0, 2), { key: '8000 heavy', native: cell(340, 720), virtual: cell(350, 1200) }])
    );
    expect(v.groups[2]).toMatchObject({ pass: false, status: { virtual: 'critical', native: 'ok' } });
    expect(v.summary).toBe('virtual over the limit at 1 of 3 workloads (8000 heavy), overhead \u22125 % … +3 %');
  });

  it('near the limit still passes, and says so', () => {
    const v = judge(input([{ key: 'A', native: cell(400, 700), virtual: cell(450, 700) }]));
    expect(v.groups[0]).toMatchObject({ pass: true, status: { virtual: 'warning' } });
    expect(v.summary).toBe('virtual within limits at all 1 workload (near the limit at A), overhead +13 %');
  });

  it('single-sided: only native', () => {
    const v = judge(input(study.map((g) => ({ key: g.key, native: g.native }))));
    expect(v.groups.every((g) => g.judged === 'native' && g.overhead === undefined)).toBe(true);
    expect(v.summary).toBe('only native data: native within limits at all 3 workloads');
  });

  it('hidden platforms are neither judged nor summarised', () => {
    const v = judge(input(study, { hidden: new Set(['virtual']) }));
    expect(v.summary).toBe('native within limits at all 3 workloads');
  });

  it('without limits: no pass/fail, still the overhead', () => {
    const v = judge(input(study, { bar: undefined, marker: undefined }));
    expect(v.groups.every((g) => g.pass === undefined)).toBe(true);
    expect(v.summary).toBe('virtual at 3 workloads, no limits set, overhead \u22125 % … +3 %');
  });

  it('missing values are not a pass', () => {
    const v = judge(input([{ key: 'A', virtual: { stats: {}, count: 0, servers: [] } }]));
    expect(v.groups[0].pass).toBeUndefined();
    expect(v.summary).toBe('virtual: no value to check at 1 workload');
  });

  it('no groups, no summary', () => {
    expect(judge(input([])).summary).toBe('');
  });
});

describe('judge: a limit given as a single warning level', () => {
  // PAL's Exchange 2007 files give RPC Averaged Latency one level: 25 ms (ge), no critical.
  const only: Limits = { comparison: 'ge', warning: 25, origin: 't' };
  const rpc = (native: number, virtual: number): Group[] => [
    { key: 'All', native: cell(native, native), virtual: cell(virtual, virtual) },
  ];

  it('reaching it fails: it is the limit, not "near" one', () => {
    const v = judge(input(rpc(9.9, 49.5), { bar: only, marker: undefined, markerStat: 'none' }));
    expect(v.groups[0]).toMatchObject({ pass: false, status: { virtual: 'critical', native: 'ok' } });
  });

  it('below it passes', () => {
    const v = judge(input(rpc(9.9, 20), { bar: only, marker: undefined, markerStat: 'none' }));
    expect(v.groups[0].pass).toBe(true);
  });

  it('without a grouping, the summary names no groups', () => {
    const over = judge(input(rpc(9.9, 49.5), { bar: only, marker: undefined, markerStat: 'none', ungrouped: true }));
    expect(over.summary).toBe('virtual over the limit, overhead +400 %');
    const near = judge(input([{ key: 'All', native: cell(300, 700), virtual: cell(450, 700) }], { ungrouped: true }));
    expect(near.summary).toBe('virtual within limits (near the limit), overhead +50 %');
    const none = judge(input(rpc(10, 12), { bar: undefined, marker: undefined, ungrouped: true }));
    expect(none.summary).toBe('virtual, no limits set, overhead +20 %');
  });
});

describe('judge: the summary sentence in every case a user meets', () => {
  const keys = ['A', 'B', 'C', 'D', 'E'];
  const virtualOnly = (mean: number, p95: number, n: number): Group[] =>
    keys.slice(0, n).map((key) => ({ key, virtual: cell(mean, p95) }));

  it('groups without a value are counted apart', () => {
    const v = judge(
      input([
        { key: 'A', virtual: cell(300, 700) },
        { key: 'B', virtual: { stats: {}, count: 0, servers: [] } },
      ])
    );
    expect(v.groups.map((g) => g.pass)).toStrictEqual([true, undefined]);
    expect(v.groups[1].status).toStrictEqual({});
    expect(v.summary).toBe('virtual within limits at 1 of 2 workloads');
  });

  it('lists at most three groups by name', () => {
    expect(judge(input(virtualOnly(600, 700, 3))).summary).toBe('virtual over the limit at 3 of 3 workloads (A, B, C)');
    expect(judge(input(virtualOnly(600, 700, 4))).summary).toBe(
      'virtual over the limit at 4 of 4 workloads (A, B, C, …)'
    );
    expect(judge(input(virtualOnly(450, 700, 3))).summary).toBe(
      'virtual within limits at all 3 workloads (near the limit at A, B, C)'
    );
    expect(judge(input(virtualOnly(450, 700, 5))).summary).toBe(
      'virtual within limits at all 5 workloads (near the limit at A, B, C, …)'
    );
  });

  it('one overhead figure when the rounded range is a single value', () => {
    const v = judge(
      input([
        { key: 'A', native: cell(100, 200), virtual: cell(103, 200) },
        { key: 'B', native: cell(200, 200), virtual: cell(206.4, 200) },
      ])
    );
    expect(v.summary).toBe('virtual within limits at all 2 workloads, overhead +3 %');
  });

  it('judges the virtual side where it exists; groups with only native data are left out of the count', () => {
    const v = judge(
      input([
        { key: 'A', native: cell(100, 200), virtual: cell(120, 200) },
        { key: 'B', native: cell(600, 200) },
      ])
    );
    expect(v.groups.map((g) => [g.judged, g.pass])).toStrictEqual([
      ['virtual', true],
      ['native', false],
    ]);
    expect(v.groups[0].status).toStrictEqual({ native: 'ok', virtual: 'ok' });
    expect(v.summary).toBe('virtual within limits at all 1 workload, overhead +20 %');
  });

  it('only native data over the limit', () => {
    const v = judge(input([{ key: 'A', native: cell(600, 200) }]));
    expect(v.groups[0]).toMatchObject({ judged: 'native', pass: false, status: { native: 'critical' } });
    expect(v.summary).toBe('only native data: native over the limit at 1 of 1 workload (A)');
  });

  it('the marker alone can fail a group, on a single-level limit too', () => {
    const single: Limits = { comparison: 'ge', warning: 800, origin: 't' };
    const v = judge(input([{ key: 'A', native: cell(100, 100), virtual: cell(100, 900) }], { marker: single }));
    expect(v.groups[0]).toMatchObject({ pass: false, status: { virtual: 'critical', native: 'ok' } });
    expect(v.summary).toBe('virtual over the limit at 1 of 1 workload (A), overhead 0 %');
  });

  it('the marker statistic "none" is not checked', () => {
    const v = judge(input([{ key: 'A', virtual: cell(100, 5000) }], { markerStat: 'none' }));
    expect(v.groups[0]).toMatchObject({ pass: true, status: { virtual: 'ok' } });
  });

  it('the overhead is taken on the bar statistic', () => {
    const v = judge(
      input([{ key: 'A', native: cell(100, 200), virtual: cell(100, 300) }], { barStat: 'p95', bar: p95Limit })
    );
    expect(v.groups[0].overhead).toBe(50);
  });

  it('hiding native leaves no overhead; hiding both leaves no summary', () => {
    const v = judge(input(study, { hidden: new Set(['native']) }));
    expect(
      v.groups.every((g) => g.overhead === undefined && g.judged === 'virtual' && g.status.native === undefined)
    ).toBe(true);
    expect(v.summary).toBe('virtual within limits at all 3 workloads');
    const none = judge(input(study, { hidden: new Set(['native', 'virtual']) }));
    expect(none.groups.every((g) => g.judged === undefined && g.pass === undefined)).toBe(true);
    expect(none.summary).toBe('');
  });

  it('without limits and without a value', () => {
    const v = judge(input([{ key: 'A', virtual: { stats: {}, count: 0, servers: [] } }], { ungrouped: true }));
    expect(v.summary).toBe('virtual: no value to check');
    const nolimits = judge(input([{ key: 'A', native: cell(1, 1) }], { bar: undefined, marker: undefined }));
    expect(nolimits.summary).toBe('only native data: native at 1 workload, no limits set');
    const markerOnly = judge(input([{ key: 'A', virtual: cell(100, 900) }], { bar: undefined }));
    expect(markerOnly.summary).toBe('virtual within limits at all 1 workload (near the limit at A)');
  });
});

describe('shownStatus: the colour of a value', () => {
  const single: Limits = { comparison: 'ge', warning: 25, origin: 't' };
  it('reaching a single-level limit is shown as over it; every other status as evaluated', () => {
    expect(shownStatus('warning', single)).toBe('critical');
    expect(shownStatus('warning', avgLimit)).toBe('warning');
    expect(shownStatus('critical', avgLimit)).toBe('critical');
    expect(shownStatus('ok', single)).toBe('ok');
    expect(shownStatus(undefined, single)).toBeUndefined();
  });
});

describe('judge: an ungrouped panel within its limits', () => {
  it('says "within limits" without "near" when no value is near', () => {
    const v = judge(input([{ key: 'All', native: cell(100, 200), virtual: cell(110, 200) }], { ungrouped: true }));
    expect(v.summary).toBe('virtual within limits, overhead +10 %');
  });
});

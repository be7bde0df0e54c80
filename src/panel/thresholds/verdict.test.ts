import { Group } from '../data/model';
import { Limits } from './evaluate';
import { VerdictInput, judge } from './verdict';

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
    expect(v.groups.map((g) => g.pass)).toEqual([true, true, true]);
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

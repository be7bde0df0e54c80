import { Limits, Status, evaluate, formatPercent, overheadPercent, worst } from './evaluate';

const gt: Limits = { comparison: 'gt', warning: 400, critical: 500, origin: 't' };
const lt: Limits = { comparison: 'lt', warning: 200, critical: 100, origin: 't' };
const ge: Limits = { comparison: 'ge', warning: 400, critical: 500, origin: 't' };

describe('evaluate', () => {
  it.each([
    ['gt below warning', 399, gt, 'ok'],
    ['gt at warning is still ok', 400, gt, 'ok'],
    ['gt between', 450, gt, 'warning'],
    ['gt at the limit is within', 500, gt, 'warning'],
    ['gt over', 500.1, gt, 'critical'],
    ['ge (Grafana thresholds) at the step', 500, ge, 'critical'],
    ['lt (free memory) plenty', 300, lt, 'ok'],
    ['lt near', 150, lt, 'warning'],
    ['lt over', 99, lt, 'critical'],
    // Boundaries (also in the shared vectors, vectors.test.ts; repeated here for the mutation run).
    ['lt at warning is still ok', 200, lt, 'ok'],
    ['lt at the critical limit is near', 100, lt, 'warning'],
    ['le at warning', 200, { ...lt, comparison: 'le' } as Limits, 'warning'],
    ['le at critical', 100, { ...lt, comparison: 'le' } as Limits, 'critical'],
    ['ge at warning', 400, ge, 'warning'],
    ['ge just under critical', 499.9, ge, 'warning'],
    ['only a critical limit', 450, { comparison: 'gt', critical: 500, origin: 't' } as Limits, 'ok'],
    ['only a warning limit', 450, { comparison: 'gt', warning: 400, origin: 't' } as Limits, 'warning'],
  ])('%s', (_n, v, l, want) => {
    expect(evaluate(v, l)).toBe(want as Status);
  });

  it('has no status for missing values or limits', () => {
    expect(evaluate(undefined, gt)).toBeUndefined();
    expect(evaluate(NaN, gt)).toBeUndefined();
    // Infinities follow the shared vectors: over the limit when beyond it, else no status.
    expect(evaluate(Infinity, gt)).toBe('critical');
    expect(evaluate(-Infinity, gt)).toBeUndefined();
    expect(evaluate(100, undefined)).toBeUndefined();
  });

  it('worst', () => {
    expect(worst('ok', 'critical')).toBe('critical');
    expect(worst('warning', 'ok')).toBe('warning');
    expect(worst(undefined, 'ok')).toBe('ok');
    expect(worst(undefined, undefined)).toBeUndefined();
  });
});

describe('overheadPercent (virtual vs native)', () => {
  it.each([
    ['slower VM', 200, 206, 3],
    ['faster VM', 210, 200, -4.761904761904762],
    ['equal', 100, 100, 0],
    ['double', 50, 100, 100],
  ])('%s', (_n, native, virtual, want) => {
    expect(overheadPercent(native, virtual)).toBeCloseTo(want, 10);
  });

  it.each([
    ['no virtual', 100, undefined],
    ['no native', undefined, 100],
    ['native zero', 0, 10],
    ['NaN', NaN, 10],
    ['Infinity', 10, Infinity],
  ])('is undefined: %s', (_n, native, virtual) => {
    expect(overheadPercent(native as number | undefined, virtual as number | undefined)).toBeUndefined();
  });
});

describe('formatPercent', () => {
  it.each([
    [3.2, 0, '+3 %'],
    [-4.76, 0, '\u22125 %'],
    [-4.76, 1, '\u22124.8 %'],
    [0.2, 0, '0 %'],
    [-0.2, 0, '0 %'],
  ])('%p with %p decimals', (p, d, want) => {
    expect(formatPercent(p, d)).toBe(want);
  });
});

describe('evaluate and worst: every level and order', () => {
  it('worst is symmetric over every pair', () => {
    const levels: Array<Status | undefined> = [undefined, 'ok', 'warning', 'critical'];
    for (const [i, a] of levels.entries()) {
      for (const [j, b] of levels.entries()) {
        expect(worst(a, b)).toBe(levels[Math.max(i, j)]);
      }
    }
  });

  it('an infinity below every limit has no status; beyond the warning only, it is a warning', () => {
    expect(evaluate(-Infinity, ge)).toBeUndefined();
    expect(evaluate(Infinity, { comparison: 'gt', warning: 1, origin: 't' })).toBe('warning');
    expect(evaluate(-Infinity, lt)).toBe('critical');
  });

  it('a negative native value keeps the sign: positive still means the VM is higher', () => {
    expect(overheadPercent(-50, -40)).toBeCloseTo(20, 10);
    expect(overheadPercent(-50, -60)).toBeCloseTo(-20, 10);
  });

  it('formatPercent rounds before deciding the sign and keeps the decimals', () => {
    expect(formatPercent(0.04, 1)).toBe('0 %');
    expect(formatPercent(0.05, 1)).toBe('+0.1 %');
    expect(formatPercent(12)).toBe('+12 %');
    expect(formatPercent(-12.345, 2)).toBe('\u221212.35 %');
    expect(formatPercent(1.5, 2)).toBe('+1.50 %');
  });
});

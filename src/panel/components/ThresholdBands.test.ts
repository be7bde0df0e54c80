import { Limits } from '../thresholds/evaluate';
import { bandsFor } from './ThresholdBands';

const l = (over: Partial<Limits>): Limits => ({ comparison: 'gt', origin: 't', ...over });
const summary = (limits: Limits, max: number) => bandsFor(limits, max).map((b) => `${b.status} ${b.from}-${b.to}`);

describe('bandsFor', () => {
  it.each([
    [
      'warning and critical',
      l({ warning: 400, critical: 500 }),
      600,
      ['ok 0-400', 'warning 400-500', 'critical 500-600'],
    ],
    ['critical only', l({ critical: 500 }), 600, ['ok 0-500', 'critical 500-600']],
    ['warning only: that level is the limit', l({ comparison: 'ge', warning: 25 }), 40, ['ok 0-25', 'critical 25-40']],
    ['lower is worse, warning only', l({ comparison: 'le', warning: 100 }), 300, ['critical 0-100', 'ok 100-300']],
    ['limits above the axis are clipped', l({ warning: 400, critical: 500 }), 300, ['ok 0-300']],
    [
      'lower is worse (free memory)',
      l({ comparison: 'le', warning: 200, critical: 100 }),
      300,
      ['critical 0-100', 'warning 100-200', 'ok 200-300'],
    ],
    ['lower is worse, critical only', l({ comparison: 'lt', critical: 100 }), 300, ['critical 0-100', 'ok 100-300']],
  ])('%s', (_n, limits, max, want) => {
    expect(summary(limits, max)).toEqual(want);
  });
});

describe('logScale', () => {
  it('spans whole decades, maps them evenly and floors smaller values', () => {
    const { logScale } = jest.requireActual('./scale') as typeof import('./scale');
    const y = logScale(190, 9000, 300, 0);
    expect(y.domain).toEqual([100, 10000]);
    expect(y(100)).toBe(300);
    expect(y(1000)).toBeCloseTo(150);
    expect(y(10000)).toBe(0);
    expect(y(0)).toBe(300);
    expect(y.ticks).toEqual([100, 200, 500, 1000, 2000, 5000, 10000]);
  });
});

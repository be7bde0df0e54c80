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
    ['warning only: no over band', l({ comparison: 'ge', warning: 25 }), 40, ['ok 0-25', 'warning 25-40']],
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

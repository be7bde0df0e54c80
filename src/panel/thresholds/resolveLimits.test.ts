import { Field, FieldType, ThresholdsMode } from '@grafana/data';

import { builtinCatalog } from './catalog';
import { LimitsQuery, hasUserThresholds, limitsFromThresholds, resolveLimits } from './resolveLimits';

const field = (thresholds?: Field['config']['thresholds']): Field => ({
  name: 'avg',
  type: FieldType.number,
  values: [],
  config: { thresholds },
});
const base = { value: -Infinity, color: 'green' };
const q = (over: Partial<LimitsQuery>): LimitsQuery => ({
  source: 'auto',
  catalog: builtinCatalog.catalog,
  metric: 'SendMail',
  counter: 'auto',
  volumeRole: '',
  exchangeVersion: '2007',
  unit: 'ms',
  barStat: 'mean',
  markerStat: 'p95',
  ...over,
});

describe('limitsFromThresholds', () => {
  it('maps the steps after the base step to warning and critical', () => {
    const l = limitsFromThresholds({
      mode: ThresholdsMode.Absolute,
      steps: [base, { value: 300, color: 'orange' }, { value: 450, color: 'red' }],
    });
    expect(l).toMatchObject({ comparison: 'ge', warning: 300, critical: 450 });
  });
  it('one step is the critical limit', () => {
    const l = limitsFromThresholds({ mode: ThresholdsMode.Absolute, steps: [base, { value: 80, color: 'red' }] });
    expect(l?.critical).toBe(80);
    expect(l?.warning).toBeUndefined();
  });
  it('ignores percentage mode and base-only sets', () => {
    expect(
      limitsFromThresholds({ mode: ThresholdsMode.Percentage, steps: [base, { value: 80, color: 'red' }] })
    ).toBeUndefined();
    expect(limitsFromThresholds({ mode: ThresholdsMode.Absolute, steps: [base] })).toBeUndefined();
    expect(hasUserThresholds({ mode: ThresholdsMode.Absolute, steps: [base] })).toBe(false);
  });
});

describe('resolveLimits', () => {
  it('auto without user thresholds uses the catalog', () => {
    const r = resolveLimits(q({ barField: field({ mode: ThresholdsMode.Absolute, steps: [base] }) }));
    expect(r.bar).toMatchObject({ critical: 500, comparison: 'gt' });
    expect(r.marker).toMatchObject({ critical: 1000 });
    expect(r.bar?.source?.title).toBeTruthy();
    expect(r.notes).toEqual([]);
  });

  it('draws a near band at 80 % of a catalog limit that has no warning level', () => {
    const r = resolveLimits(q({}));
    expect(r.bar?.warning).toBeCloseTo(400);
    expect(r.marker?.warning).toBeCloseTo(800);
  });

  it('catalog limits are converted to the data unit', () => {
    const r = resolveLimits(q({ unit: 's' }));
    expect(r.bar?.critical).toBeCloseTo(0.5);
    expect(r.marker?.critical).toBeCloseTo(1);
  });

  it('an incomparable unit gives no limits and says why', () => {
    const r = resolveLimits(q({ unit: 'percent' }));
    expect(r.bar).toBeUndefined();
    expect(r.notes.join()).toContain('set the unit');
  });

  it('user thresholds override the catalog', () => {
    const t = {
      mode: ThresholdsMode.Absolute,
      steps: [base, { value: 300, color: 'orange' }, { value: 350, color: 'red' }],
    };
    const r = resolveLimits(q({ barField: field(t), markerField: field(t) }));
    expect(r.bar).toMatchObject({ warning: 300, critical: 350, origin: 'panel thresholds' });
    expect(r.marker).toBeUndefined();
  });

  it('a p95 override gives the marker its own limit', () => {
    const avg = field({ mode: ThresholdsMode.Absolute, steps: [base, { value: 500, color: 'red' }] });
    const p95 = field({ mode: ThresholdsMode.Absolute, steps: [base, { value: 900, color: 'red' }] });
    const r = resolveLimits(q({ source: 'field', barField: avg, markerField: p95 }));
    expect(r.bar?.critical).toBe(500);
    expect(r.marker?.critical).toBe(900);
  });

  it('source catalog ignores user thresholds; none gives nothing', () => {
    const t = field({ mode: ThresholdsMode.Absolute, steps: [base, { value: 1, color: 'red' }] });
    expect(resolveLimits(q({ source: 'catalog', barField: t })).bar?.critical).toBe(500);
    expect(resolveLimits(q({ source: 'none', barField: t }))).toEqual({ notes: [] });
  });

  it('a metric without catalog limits says what to do', () => {
    const r = resolveLimits(q({ metric: 'Logon' }));
    expect(r.bar).toBeUndefined();
    expect(r.notes[0]).toMatch(/No catalog limits for "Logon"/);
  });

  it('picks the Exchange version, or asks for one', () => {
    const mk = (v: string, critical: number) => ({
      id: `rpc-${v}`,
      exchangeVersion: v,
      counter: 'rpc',
      match: ['RPC Averaged Latency'],
      volumeRole: '',
      unit: 'ms',
      comparison: 'gt' as const,
      aggregation: 'average',
      warning: null,
      critical,
      source: { title: 'PAL', url: '' },
      verified: true,
    });
    const catalog = { version: 1, entries: [mk('2007', 25), mk('2010', 70)] };
    const base = { catalog, metric: 'RPC Averaged Latency', markerStat: 'none' as const };
    expect(resolveLimits(q({ ...base, exchangeVersion: '2010' })).bar?.critical).toBe(70);
    expect(resolveLimits(q({ ...base, exchangeVersion: '2007' })).bar?.critical).toBe(25);
    expect(resolveLimits(q({ ...base, exchangeVersion: '2013' })).notes[0]).toMatch(
      /differ by Exchange version \(2007, 2010\)/
    );
    const only2010 = { version: 1, entries: [mk('2010', 70)] };
    const r = resolveLimits(q({ ...base, catalog: only2010, exchangeVersion: '2007' }));
    expect(r.bar?.critical).toBe(70);
    expect(r.notes[0]).toMatch(/only Exchange 2010 limits/);
  });

  it('says which statistic the catalog limits apply to', () => {
    const catalog = {
      version: 1,
      entries: [
        {
          id: 'mem',
          exchangeVersion: '2007',
          counter: 'Available MBytes',
          match: ['Available MBytes'],
          volumeRole: '',
          unit: 'decmbytes',
          comparison: 'le' as const,
          aggregation: 'min',
          warning: 100,
          critical: null,
          source: { title: 'PAL', url: '' },
          verified: true,
        },
      ],
    };
    const r = resolveLimits(q({ catalog, metric: 'Available MBytes', unit: 'decmbytes' }));
    expect(r.bar).toBeUndefined();
    expect(r.notes[0]).toMatch(/apply to its min: choose that statistic/);
  });

  it('asks for the volume role when limits differ by volume', () => {
    const catalog = {
      version: 1,
      entries: ['database', 'log'].map((role) => ({
        id: role,
        exchangeVersion: '2007',
        counter: 'disk',
        match: ['sec/Read'],
        volumeRole: role,
        unit: 's',
        comparison: 'gt' as const,
        aggregation: 'average',
        warning: null,
        critical: role === 'log' ? 0.01 : 0.02,
        source: { title: 'PAL', url: '' },
        verified: true,
      })),
    };
    expect(resolveLimits(q({ catalog, metric: 'Avg. Disk sec/Read', unit: 's' })).notes[0]).toMatch(
      /pick the volume role/
    );
    expect(
      resolveLimits(q({ catalog, metric: 'Avg. Disk sec/Read', unit: 'ms', volumeRole: 'log' })).bar?.critical
    ).toBeCloseTo(10);
  });
});

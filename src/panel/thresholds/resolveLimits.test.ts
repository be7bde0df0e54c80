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
  keys: [{ key: { task: 'SendMail' }, role: '' }],
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
    const r = resolveLimits(q({ metric: 'Logon', keys: [{ key: { task: 'Logon' }, role: '' }] }));
    expect(r.bar).toBeUndefined();
    expect(r.notes[0]).toMatch(/No catalog limits for "Logon"/);
  });

  it('uses the chosen Exchange version only, and says which versions have limits', () => {
    const rpc = [{ key: { object: 'MSExchangeIS', counter: 'RPC Averaged Latency' }, role: '' }];
    const base = { metric: 'RPC Averaged Latency', keys: rpc, markerStat: 'none' as const };
    expect(resolveLimits(q({ ...base, exchangeVersion: '2010+' })).bar?.critical).toBe(70);
    expect(resolveLimits(q({ ...base, exchangeVersion: '2013' })).bar?.critical).toBe(70);
    expect(resolveLimits(q({ ...base, exchangeVersion: '2007' })).bar?.warning).toBe(25);
    const none = resolveLimits(q({ ...base, exchangeVersion: '2003' }));
    expect(none.bar).toBeUndefined();
    expect(none.notes[0]).toMatch(/No Exchange 2003 limits for "RPC Averaged Latency"; the catalog has 2007, 2010\+/);
    const sendMail2010 = resolveLimits(q({ exchangeVersion: '2010+' }));
    expect(sendMail2010.bar).toBeUndefined();
    expect(sendMail2010.notes[0]).toMatch(/the catalog has 2007: pick the Exchange version/);
  });

  it('says which statistic the catalog limits apply to', () => {
    const memory = [{ key: { object: 'Memory', counter: 'Available MBytes' }, role: '' }];
    const r = resolveLimits(q({ metric: 'Available MBytes', keys: memory, unit: 'decmbytes' }));
    expect(r.bar).toBeUndefined();
    expect(r.notes[0]).toMatch(/apply to its min: choose that statistic/);
  });

  describe('volume roles (disk limits differ for database and log volumes)', () => {
    const disk = (instance: string, role: string) => ({
      key: { object: 'LogicalDisk', instance, counter: 'Avg. Disk sec/Read' },
      role,
    });
    const base = { metric: 'Avg. Disk sec/Read', unit: 's', markerStat: 'none' as const };

    it('with only a name and no role, says so instead of keeping both limits', () => {
      const r = resolveLimits(q({ ...base, keys: [disk('D:', '')] }));
      expect(r.bar).toBeUndefined();
      expect(r.notes).toEqual([
        'No volume role for "Avg. Disk sec/Read": Microsoft\'s limits differ for database and log volumes. Pick the volume role in Options > Thresholds, or map the volume in the datasource\'s Volume roles.',
      ]);
    });

    it("uses the role the data gives (the back end's volume_role label)", () => {
      const r = resolveLimits(q({ ...base, keys: [disk('D:', 'database')] }));
      expect(r.bar).toMatchObject({ comparison: 'ge', warning: 0.02 });
      expect(r.notes).toEqual([]);
    });

    it('series of both roles get no band, and the note asks for a role', () => {
      const r = resolveLimits(q({ ...base, keys: [disk('D:', 'database'), disk('L:', 'log')] }));
      expect(r.bar).toBeUndefined();
      expect(r.notes[0]).toMatch(/differ for database and log volumes: pick the volume role/);
    });

    it('the role option wins over the data', () => {
      const r = resolveLimits(q({ ...base, volumeRole: 'log', unit: 'ms', keys: [disk('L:', 'log')] }));
      expect(r.bar?.warning).toBeCloseTo(20);
    });
  });
});

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
    expect(r.notes).toStrictEqual([]);
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
    expect(resolveLimits(q({ source: 'none', barField: t }))).toStrictEqual({ notes: [] });
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
      expect(r.notes).toStrictEqual([
        'No volume role for "Avg. Disk sec/Read": Microsoft\'s limits differ for database and log volumes. Pick the volume role in Options > Thresholds, or map the volume in the datasource\'s Volume roles.',
      ]);
    });

    it("uses the role the data gives (the back end's volume_role label)", () => {
      const r = resolveLimits(q({ ...base, keys: [disk('D:', 'database')] }));
      expect(r.bar).toMatchObject({ comparison: 'ge', warning: 0.02 });
      expect(r.notes).toStrictEqual([]);
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

describe('limitsFromThresholds and hasUserThresholds: every step set', () => {
  it('sorts the steps by value and ignores non-finite ones', () => {
    const l = limitsFromThresholds({
      mode: ThresholdsMode.Absolute,
      steps: [{ value: 450, color: 'red' }, base, { value: NaN, color: 'x' }, { value: 300, color: 'orange' }],
    });
    expect(l).toStrictEqual({ comparison: 'ge', warning: 300, critical: 450, origin: 'panel thresholds' });
    expect(
      limitsFromThresholds({ mode: ThresholdsMode.Absolute, steps: [base, { value: 80, color: 'red' }] })
    ).toStrictEqual({ comparison: 'ge', critical: 80, origin: 'panel thresholds' });
  });

  it('none without a thresholds config', () => {
    expect(limitsFromThresholds(undefined)).toBeUndefined();
    expect(hasUserThresholds(undefined)).toBe(false);
    expect(hasUserThresholds({ mode: ThresholdsMode.Percentage, steps: [base, { value: 1, color: 'red' }] })).toBe(
      true
    );
  });
});

describe('resolveLimits: the notes a user reads', () => {
  const pct = { mode: ThresholdsMode.Percentage, steps: [base, { value: 80, color: 'red' }] };

  it('percentage thresholds are not used, and the panel says how to fix it', () => {
    const r = resolveLimits(q({ barField: field(pct) }));
    expect(r.bar).toBeUndefined();
    expect(r.marker).toBeUndefined();
    expect(r.notes).toStrictEqual([
      'Percentage thresholds are not used: set Thresholds mode to Absolute.',
      'No limits: add threshold steps in Field > Thresholds, or use the built-in catalog.',
    ]);
  });

  it('source "field" without steps says where to add them', () => {
    const r = resolveLimits(q({ source: 'field', barField: field({ mode: ThresholdsMode.Absolute, steps: [base] }) }));
    expect(r).toStrictEqual({
      bar: undefined,
      marker: undefined,
      notes: ['No limits: add threshold steps in Field > Thresholds, or use the built-in catalog.'],
    });
    expect(resolveLimits(q({ source: 'field' })).notes).toStrictEqual([
      'No limits: add threshold steps in Field > Thresholds, or use the built-in catalog.',
    ]);
  });

  it('marker thresholds alone switch auto to the field thresholds', () => {
    const p95 = field({ mode: ThresholdsMode.Absolute, steps: [base, { value: 900, color: 'red' }] });
    const r = resolveLimits(q({ barField: field({ mode: ThresholdsMode.Absolute, steps: [base] }), markerField: p95 }));
    expect(r.bar).toBeUndefined();
    expect(r.marker).toMatchObject({ critical: 900, origin: 'panel thresholds' });
  });

  it('the marker falls back to the bar field thresholds, which are the bar limit only', () => {
    const t = { mode: ThresholdsMode.Absolute, steps: [base, { value: 300, color: 'red' }] };
    const r = resolveLimits(q({ barField: field(t) }));
    expect(r.bar?.critical).toBe(300);
    expect(r.marker).toBeUndefined();
    expect(r.notes).toStrictEqual([]);
  });

  it('without a metric name the notes speak of "the data"', () => {
    const r = resolveLimits(q({ metric: undefined, keys: [] }));
    expect(r.notes).toStrictEqual([
      'No catalog limits: the data names no task or counter. Pick a counter in Options > Thresholds.',
    ]);
    const versions = resolveLimits(q({ metric: undefined, exchangeVersion: '' }));
    expect(versions.notes).toStrictEqual([
      'No Exchange (none) limits for the data; the catalog has 2007: pick the Exchange version in Options > Thresholds.',
    ]);
  });

  it('series of different counters get no band, and the note says how to narrow them', () => {
    const r = resolveLimits(
      q({
        metric: 'mixed',
        keys: [
          { key: { task: 'SendMail' }, role: '' },
          { key: { object: 'MSExchangeIS', counter: 'RPC Averaged Latency' }, role: '' },
        ],
      })
    );
    expect(r.bar).toBeUndefined();
    expect(r.notes).toStrictEqual([
      'The series of "mixed" fall under different catalog limits: filter the data to one counter instance, or pick a counter in Options > Thresholds.',
    ]);
  });

  it('series of two roles under a chosen role: the role decides; one role and another counter differ', () => {
    const disk = (instance: string, role: string) => ({
      key: { object: 'LogicalDisk', instance, counter: 'Avg. Disk sec/Read' },
      role,
    });
    const both = [disk('D:', 'database'), disk('L:', 'log')];
    const chosen = resolveLimits(
      q({ metric: 'Avg. Disk sec/Read', unit: 's', markerStat: 'none', volumeRole: 'log', keys: both })
    );
    expect(chosen.bar?.warning).toBeCloseTo(0.02);
    expect(chosen.notes).toStrictEqual([]);
    const rpcAndDisk = resolveLimits(
      q({
        metric: 'x',
        volumeRole: '',
        keys: [disk('D:', 'database'), { key: { object: 'MSExchangeIS', counter: 'RPC Averaged Latency' }, role: '' }],
      })
    );
    expect(rpcAndDisk.notes[0]).toMatch(/^The series of "x" fall under different catalog limits/);
  });

  it('generic limits apply without a role, and the note names the role-specific ones left out', () => {
    const entry = (id: string, volumeRole: string, critical: number) => ({
      id,
      exchangeVersion: '2007',
      counter: '\\LogicalDisk(*)\\Avg. Disk sec/Read',
      match: ['\\LogicalDisk(*)\\Avg. Disk sec/Read'],
      volumeRole,
      unit: 's',
      comparison: 'gt' as const,
      aggregation: 'average',
      warning: null,
      critical,
      source: { title: 'T', url: '' },
      verified: false,
    });
    const catalog = {
      version: 1,
      entries: [entry('any', '', 0.05), entry('db', 'database', 0.02), entry('lg', 'log', 0.01)],
    };
    const r = resolveLimits(
      q({
        catalog,
        metric: 'Avg. Disk sec/Read',
        unit: 's',
        markerStat: 'none',
        keys: [{ key: { object: 'LogicalDisk', instance: 'D:', counter: 'Avg. Disk sec/Read' }, role: '' }],
      })
    );
    expect(r.bar?.critical).toBe(0.05);
    expect(r.notes).toStrictEqual([
      'No volume role for "Avg. Disk sec/Read": only the limits for any volume apply, not the database or log ones. Pick the volume role in Options > Thresholds.',
    ]);
  });

  it('names every aggregation the catalog has when neither statistic matches', () => {
    const queue = [
      {
        key: {
          object: 'MSExchangeTransport Queues',
          instance: '_Total',
          counter: 'Aggregate Delivery Queue Length (All Queues)',
        },
        role: '',
      },
    ];
    const r = resolveLimits(
      q({
        metric: 'Aggregate Delivery Queue Length (All Queues)',
        keys: queue,
        unit: 'short',
        barStat: 'mean',
        markerStat: 'p95',
      })
    );
    expect(r.bar).toBeUndefined();
    expect(r.marker).toBeUndefined();
    expect(r.notes).toStrictEqual([
      'The catalog limits for \\MSExchangeTransport Queues(_total)\\Aggregate Delivery Queue Length (All Queues) apply to its max: choose that statistic for the bar or the marker.',
    ]);
    const marker = resolveLimits(
      q({
        metric: 'q',
        keys: queue,
        unit: 'short',
        barStat: 'mean',
        markerStat: 'max',
      })
    );
    expect(marker.bar).toBeUndefined();
    expect(marker.marker).toMatchObject({ warning: 3000, critical: 5000 });
    expect(marker.notes).toStrictEqual([]);
  });

  it('names the catalog entry and both units when they cannot be compared, for the bar and the marker', () => {
    const r = resolveLimits(q({ unit: 'percent' }));
    expect(r.marker).toBeUndefined();
    expect(r.notes).toStrictEqual([
      'Catalog limit sendmail-latency-avg is in ms, the data in percent: set the unit in Field > Standard options.',
      'Catalog limit sendmail-latency-p95 is in ms, the data in percent: set the unit in Field > Standard options.',
    ]);
  });

  it('catalog limits say where they come from', () => {
    const r = resolveLimits(q({}));
    expect(r.bar?.origin).toBe('catalog: LoadGen\\SendMail latency (average)');
    expect(r.marker?.origin).toBe('catalog: LoadGen\\SendMail latency (p95)');
  });
});

describe('resolveLimits: more of what the notes name', () => {
  it('names the volume roles in order whatever the order of the series', () => {
    const disk = (instance: string, role: string) => ({
      key: { object: 'LogicalDisk', instance, counter: 'Avg. Disk sec/Read' },
      role,
    });
    const r = resolveLimits(
      q({
        metric: 'Avg. Disk sec/Read',
        unit: 's',
        markerStat: 'none',
        keys: [disk('L:', 'log'), disk('D:', 'database')],
      })
    );
    expect(r.notes).toStrictEqual([
      'Microsoft\'s limits for "Avg. Disk sec/Read" differ for database and log volumes: pick the volume role in Options > Thresholds.',
    ]);
  });

  it('field thresholds on the marker column alone, with no bar field', () => {
    const p95 = field({ mode: ThresholdsMode.Absolute, steps: [base, { value: 900, color: 'red' }] });
    const r = resolveLimits(q({ source: 'field', markerField: p95 }));
    expect(r.bar).toBeUndefined();
    expect(r.marker?.critical).toBe(900);
  });

  it('lists every aggregation of the counter when neither statistic has one', () => {
    const io = [
      {
        key: {
          object: 'MSExchange Database ==> Instances',
          instance: 'SG1',
          counter: 'I/O Database Reads Average Latency',
        },
        role: '',
      },
    ];
    const r = resolveLimits(q({ metric: 'io', keys: io, barStat: 'p95', markerStat: 'min' }));
    expect(r.notes).toStrictEqual([
      'The catalog limits for \\MSExchange Database ==> Instances(*)\\I/O Database Reads Average Latency apply to its average, max: choose that statistic for the bar or the marker.',
    ]);
  });
});

describe('resolveLimits: field thresholds on one column only', () => {
  it('a bar limit without a marker limit is not "no limits"', () => {
    const avg = field({ mode: ThresholdsMode.Absolute, steps: [base, { value: 300, color: 'red' }] });
    const p95 = field({ mode: ThresholdsMode.Absolute, steps: [base] });
    const r = resolveLimits(q({ source: 'field', barField: avg, markerField: p95 }));
    expect(r.bar?.critical).toBe(300);
    expect(r.marker).toBeUndefined();
    expect(r.notes).toStrictEqual([]);
  });
});

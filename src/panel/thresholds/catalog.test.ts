import catalogJson from '../../../pkg/thresholds/catalog.json';
import {
  Catalog,
  CatalogEntry,
  builtinCatalog,
  entryForStat,
  findCounterEntries,
  matchesMetric,
  validateCatalog,
} from './catalog';

const entry = (over: Partial<CatalogEntry>): CatalogEntry => ({
  id: 'x',
  exchangeVersion: '2007',
  counter: 'X',
  match: ['x'],
  volumeRole: '',
  unit: 'ms',
  comparison: 'gt',
  aggregation: 'average',
  warning: 1,
  critical: 2,
  source: { title: 'T', url: '' },
  verified: false,
  ...over,
});

describe('the shipped catalog (pkg/thresholds/catalog.json)', () => {
  it('is valid schema version 1, every entry citing a source', () => {
    expect(validateCatalog(catalogJson).problems).toEqual([]);
    expect(builtinCatalog.catalog.entries.length).toBe((catalogJson as { entries: unknown[] }).entries.length);
  });

  it('has SendMail average 500 ms and p95 1,000 ms limits', () => {
    const entries = findCounterEntries(builtinCatalog.catalog, { metric: 'SendMail', counter: 'auto', volumeRole: '' });
    expect(entryForStat(entries, 'mean')).toMatchObject({ critical: 500, unit: 'ms', comparison: 'gt' });
    expect(entryForStat(entries, 'p95')).toMatchObject({ critical: 1000, unit: 'ms', comparison: 'gt' });
  });
});

describe('validateCatalog', () => {
  it.each([
    ['wrong version', { version: 2, entries: [] }, /version is 2/],
    ['entries not a list', { version: 1, entries: {} }, /not a list/],
    [
      'missing source',
      { version: 1, entries: [{ ...entry({}), source: { title: '', url: '' } }] },
      /source.title is missing/,
    ],
    ['bad comparison', { version: 1, entries: [entry({ comparison: 'above' as never })] }, /comparison must be one of/],
    ['no limit at all', { version: 1, entries: [entry({ warning: null, critical: null })] }, /warning\/critical/],
    ['limit not a number', { version: 1, entries: [entry({ critical: '500' as never })] }, /warning\/critical/],
    ['duplicate id', { version: 1, entries: [entry({}), entry({})] }, /id is duplicated/],
    ['match not strings', { version: 1, entries: [entry({ match: [1 as never] })] }, /match must be/],
  ])('%s', (_n, raw, want) => {
    const { problems } = validateCatalog(raw);
    expect(problems.join('\n')).toMatch(want);
  });

  it('keeps good entries next to a bad one', () => {
    const { catalog, problems } = validateCatalog({
      version: 1,
      entries: [entry({ id: 'a' }), entry({ id: 'b', unit: undefined as never })],
    });
    expect(catalog.entries.map((e) => e.id)).toEqual(['a']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('entries[1] (b)');
  });
});

describe('findCounterEntries', () => {
  const catalog: Catalog = {
    version: 1,
    entries: [
      entry({
        id: 'rpc',
        counter: '\\MSExchangeIS\\RPC Averaged Latency',
        match: ['\\MSExchangeIS\\RPC Averaged Latency', 'rpc_avg_latency'],
      }),
      entry({
        id: 'client',
        counter: '\\MSExchangeIS Client(*)\\RPC Average Latency',
        match: ['\\MSExchangeIS Client(*)\\RPC Average Latency'],
      }),
      entry({
        id: 'db-read',
        counter: '\\LogicalDisk(*)\\Avg. Disk sec/Read',
        match: ['Avg. Disk sec/Read'],
        volumeRole: 'database',
        unit: 's',
      }),
      entry({
        id: 'log-read',
        counter: '\\LogicalDisk(*)\\Avg. Disk sec/Read',
        match: ['Avg. Disk sec/Read'],
        volumeRole: 'log',
        unit: 's',
      }),
      entry({
        id: 'mem',
        counter: '\\Memory\\Available MBytes',
        match: ['Available MBytes'],
        comparison: 'lt',
        aggregation: 'average',
      }),
    ],
  };
  const ids = (q: Parameters<typeof findCounterEntries>[1]) => findCounterEntries(catalog, q).map((e) => e.id);

  it.each([
    [
      'exact, case-insensitive',
      { metric: '\\msexchangeis\\rpc averaged latency', counter: 'auto', volumeRole: '' },
      ['rpc'],
    ],
    [
      'perfmon path with the server',
      { metric: '\\\\EXVM01\\MSExchangeIS\\RPC Averaged Latency', counter: 'auto', volumeRole: '' },
      ['rpc'],
    ],
    [
      '* matches an instance',
      { metric: '\\\\EXVM01\\MSExchangeIS Client(Outlook)\\RPC Average Latency', counter: 'auto', volumeRole: '' },
      ['client'],
    ],
    [
      'metric contains a match',
      { metric: 'windows_exchange_rpc_avg_latency_sec', counter: 'auto', volumeRole: '' },
      ['rpc'],
    ],
    ['no metric, auto', { metric: undefined, counter: 'auto', volumeRole: '' }, []],
    ['unknown metric', { metric: 'Logon', counter: 'auto', volumeRole: '' }, []],
    [
      'explicit counter wins over metric',
      { metric: 'Logon', counter: '\\Memory\\Available MBytes', volumeRole: '' },
      ['mem'],
    ],
    [
      'volume role unset keeps both roles',
      { metric: 'Avg. Disk sec/Read', counter: 'auto', volumeRole: '' },
      ['db-read', 'log-read'],
    ],
    ['volume role selects one', { metric: 'Avg. Disk sec/Read', counter: 'auto', volumeRole: 'log' }, ['log-read']],
  ])('%s', (_n, q, want) => {
    expect(ids(q)).toEqual(want);
  });

  it('matchesMetric treats regex characters literally', () => {
    expect(matchesMetric('Avg. Disk sec/Read', 'Avg. Disk sec/Read')).toBe(true);
    expect(matchesMetric('Avg. Disk sec/Read', 'AvgX Disk sec/Read')).toBe(false);
    expect(matchesMetric('Queues(_total)', 'Queues(_total)')).toBe(true);
    expect(matchesMetric('LogicalDisk(*)', 'LogicalDisk(D:)')).toBe(true);
  });

  it('maps panel statistics to catalog aggregations', () => {
    const es = [entry({ id: 'avg', aggregation: 'average' }), entry({ id: 'p', aggregation: 'p95' })];
    expect(entryForStat(es, 'mean')?.id).toBe('avg');
    expect(entryForStat(es, 'last')?.id).toBe('avg');
    expect(entryForStat(es, 'p95')?.id).toBe('p');
    expect(entryForStat(es, 'max')).toBeUndefined();
  });
});

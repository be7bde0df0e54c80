import catalogJson from '../../../pkg/thresholds/catalog.json';
import {
  CatalogEntry,
  builtinCatalog,
  catalogUnit,
  entryForStat,
  findCounterEntries,
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
    const { entries } = findCounterEntries(builtinCatalog.catalog, {
      key: { task: 'SendMail' },
      counter: 'auto',
      exchangeVersion: '2007',
      volumeRole: '',
    });
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
  // Matching rules themselves are proven by the shared vectors (vectors.test.ts); these cover
  // what only the panel has: the user's explicit counter choice.
  const ids = (q: Parameters<typeof findCounterEntries>[1]) =>
    findCounterEntries(builtinCatalog.catalog, q).entries.map((e) => e.id);

  it('matches the back end labels of a counter', () => {
    const key = { object: 'MSExchangeIS', counter: 'RPC Averaged Latency' };
    expect(ids({ key, counter: 'auto', exchangeVersion: '2007', volumeRole: '' })).toEqual([
      'rpc-averaged-latency-2007',
    ]);
  });

  it('an explicit counter wins over the data', () => {
    const key = { task: 'Logon' };
    expect(ids({ key, counter: '\\Memory\\Available MBytes', exchangeVersion: '2007', volumeRole: '' })).toEqual([
      'memory-available-2007',
    ]);
  });

  it('an explicit counter follows the version and role rules', () => {
    const found = findCounterEntries(builtinCatalog.catalog, {
      counter: '\\LogicalDisk(*)\\Avg. Disk sec/Read',
      exchangeVersion: '2007',
      volumeRole: '',
    });
    expect(found).toEqual({ entries: [], rolesNeeded: ['database', 'log'], otherVersions: [] });
  });

  it('no key and no counter finds nothing', () => {
    expect(ids({ counter: 'auto', exchangeVersion: '2007', volumeRole: '' })).toEqual([]);
  });

  it('the unit of a counter is known before a version is chosen', () => {
    expect(
      catalogUnit(builtinCatalog.catalog, 'auto', {
        object: 'LogicalDisk',
        instance: 'D:',
        counter: 'Avg. Disk sec/Read',
      })
    ).toBe('s');
    expect(catalogUnit(builtinCatalog.catalog, 'auto', { task: 'SendMail' })).toBe('ms');
    expect(catalogUnit(builtinCatalog.catalog, 'auto', { task: 'Logon' })).toBeUndefined();
  });

  it('maps panel statistics to catalog aggregations', () => {
    const es = [entry({ id: 'avg', aggregation: 'average' }), entry({ id: 'p', aggregation: 'p95' })];
    expect(entryForStat(es, 'mean')?.id).toBe('avg');
    expect(entryForStat(es, 'last')?.id).toBe('avg');
    expect(entryForStat(es, 'p95')?.id).toBe('p');
    expect(entryForStat(es, 'max')).toBeUndefined();
  });
});

import catalogJson from '../../../pkg/thresholds/catalog.json';
import { catalogEntry } from '../testdata/catalogEntry';
import {
  builtinCatalog,
  catalogCounters,
  catalogUnit,
  catalogVersions,
  entryForStat,
  findCounterEntries,
  validateCatalog,
} from './catalog';

const entry = catalogEntry;

describe('the shipped catalog (pkg/thresholds/catalog.json)', () => {
  it('is valid schema version 1, every entry citing a source', () => {
    expect(validateCatalog(catalogJson).problems).toStrictEqual([]);
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
    expect(catalog.entries.map((e) => e.id)).toStrictEqual(['a']);
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
    expect(ids({ key, counter: 'auto', exchangeVersion: '2007', volumeRole: '' })).toStrictEqual([
      'rpc-averaged-latency-2007',
    ]);
  });

  it('an explicit counter wins over the data', () => {
    const key = { task: 'Logon' };
    expect(ids({ key, counter: '\\Memory\\Available MBytes', exchangeVersion: '2007', volumeRole: '' })).toStrictEqual([
      'memory-available-2007',
    ]);
  });

  it('an explicit counter follows the version and role rules', () => {
    const found = findCounterEntries(builtinCatalog.catalog, {
      counter: '\\LogicalDisk(*)\\Avg. Disk sec/Read',
      exchangeVersion: '2007',
      volumeRole: '',
    });
    expect(found).toStrictEqual({ entries: [], rolesNeeded: ['database', 'log'], otherVersions: [] });
  });

  it('no key and no counter finds nothing', () => {
    expect(ids({ counter: 'auto', exchangeVersion: '2007', volumeRole: '' })).toStrictEqual([]);
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

describe('validateCatalog: one readable problem per bad entry, shown on the panel', () => {
  const problemsOf = (raw: unknown) => validateCatalog(raw).problems;
  const one = (e: unknown) => problemsOf({ version: 1, entries: [e] });

  it('names a missing or wrong version and a missing entries list', () => {
    expect(problemsOf(undefined)).toStrictEqual([
      'catalog.json: version is undefined, this panel reads version 1',
      'catalog.json: "entries" is not a list',
    ]);
    expect(problemsOf({ version: '1', entries: [] })).toStrictEqual([
      'catalog.json: version is "1", this panel reads version 1',
    ]);
    expect(problemsOf({ version: 1, entries: [] })).toStrictEqual([]);
  });

  it('lists every problem of an entry, in one line that names the entry', () => {
    expect(one({})).toStrictEqual([
      'catalog.json entries[0]: id is missing; counter is missing; match must be a list of non-empty strings; ' +
        'unit is missing; comparison must be one of gt, ge, lt, le; aggregation is missing; ' +
        'warning/critical must be numbers (one of them may be null); source.title is missing (every limit cites its source)',
    ]);
    expect(one(null)).toHaveLength(1);
    expect(one(null)[0]).toMatch(/^catalog\.json entries\[0\]: id is missing; counter is missing/);
  });

  it.each([
    ['id empty', { id: '' }, 'catalog.json entries[0]: id is missing'],
    ['id not a string', { id: 7 }, 'catalog.json entries[0] (7): id is missing'],
    ['counter empty', { counter: '' }, 'catalog.json entries[0] (x): counter is missing'],
    ['counter not a string', { counter: ['X'] }, 'catalog.json entries[0] (x): counter is missing'],
    ['match not a list', { match: 'x' }, 'catalog.json entries[0] (x): match must be a list of non-empty strings'],
    [
      'match with an empty string',
      { match: ['x', ''] },
      'catalog.json entries[0] (x): match must be a list of non-empty strings',
    ],
    ['unit not a string', { unit: 1 }, 'catalog.json entries[0] (x): unit is missing'],
    ['aggregation empty', { aggregation: '' }, 'catalog.json entries[0] (x): aggregation is missing'],
    ['aggregation not a string', { aggregation: 1 }, 'catalog.json entries[0] (x): aggregation is missing'],
    [
      'warning infinite',
      { warning: Infinity },
      'catalog.json entries[0] (x): warning/critical must be numbers (one of them may be null)',
    ],
    [
      'warning a string',
      { warning: '1' },
      'catalog.json entries[0] (x): warning/critical must be numbers (one of them may be null)',
    ],
    [
      'critical NaN',
      { critical: NaN },
      'catalog.json entries[0] (x): warning/critical must be numbers (one of them may be null)',
    ],
    [
      'no source',
      { source: undefined },
      'catalog.json entries[0] (x): source.title is missing (every limit cites its source)',
    ],
    [
      'source title not a string',
      { source: { title: 1, url: '' } },
      'catalog.json entries[0] (x): source.title is missing (every limit cites its source)',
    ],
  ])('%s', (_name, over, want) => {
    expect(one({ ...entry({}), ...over })).toStrictEqual([want]);
  });

  it.each([
    ['an empty unit (a count)', { unit: '' }],
    ['only a warning level', { critical: null }],
    ['only a critical level', { warning: null }],
    ['each comparison', { comparison: 'le' }],
  ])('accepts %s', (_name, over) => {
    const { catalog, problems } = validateCatalog({ version: 1, entries: [{ ...entry({}), ...over }] });
    expect(problems).toStrictEqual([]);
    expect(catalog.entries).toHaveLength(1);
  });

  it('a duplicate id is refused, the first entry kept; an entry refused for other reasons does not reserve its id', () => {
    const { catalog, problems } = validateCatalog({
      version: 1,
      entries: [entry({ id: 'a', counter: '' }), entry({ id: 'a', critical: 5 }), entry({ id: 'a', critical: 6 })],
    });
    expect(catalog.entries.map((e) => e.critical)).toStrictEqual([5]);
    expect(problems).toStrictEqual([
      'catalog.json entries[0] (a): counter is missing',
      'catalog.json entries[2] (a): id is duplicated',
    ]);
  });

  it('fills the optional fields of schema 1 and keeps the rest as written', () => {
    const { volumeRole: _r, verified: _v, ...bare } = entry({ id: 'b', note: 'n' });
    const { catalog } = validateCatalog({ version: 1, entries: [bare] });
    expect(catalog).toStrictEqual({ version: 1, entries: [{ ...bare, volumeRole: '', verified: false }] });
    const { catalog: kept } = validateCatalog({ version: 1, entries: [entry({ volumeRole: 'log', verified: true })] });
    expect(kept.entries[0]).toMatchObject({ volumeRole: 'log', verified: true });
  });
});

describe('catalog lookups for the options', () => {
  const cat = {
    version: 1,
    entries: [
      entry({ id: '1', counter: 'B', exchangeVersion: '2010+', aggregation: 'p95' }),
      entry({ id: '2', counter: 'A', exchangeVersion: '2007', aggregation: 'Average' }),
      entry({ id: '3', counter: 'B', exchangeVersion: '2007', aggregation: 'max', unit: 's' }),
      entry({ id: '4', counter: 'C', exchangeVersion: '', aggregation: 'min' }),
    ],
  };

  it('catalogVersions: distinct, sorted, no empty version', () => {
    expect(catalogVersions(cat)).toStrictEqual(['2007', '2010+']);
  });

  it('catalogCounters: distinct, in catalog order', () => {
    expect(catalogCounters(cat)).toStrictEqual(['B', 'A', 'C']);
  });

  it('entryForStat: aggregation names are matched ignoring case, an unknown statistic by its own name', () => {
    expect(entryForStat(cat.entries, 'mean')?.id).toBe('2');
    expect(entryForStat(cat.entries, 'max')?.id).toBe('3');
    expect(entryForStat(cat.entries, 'min')?.id).toBe('4');
    expect(entryForStat(cat.entries, 'p95')?.id).toBe('1');
    expect(entryForStat([entry({ id: 's', aggregation: 'spike' })], 'max')?.id).toBe('s');
    expect(entryForStat([entry({ id: 'p', aggregation: 'percentile95' })], 'p95')?.id).toBe('p');
    expect(entryForStat([entry({ id: 'q', aggregation: 'p99' })], 'p99')?.id).toBe('q');
    expect(entryForStat([entry({ id: 'r', aggregation: 'min' })], 'last')).toBeUndefined();
  });

  it('catalogUnit of a counter the user picked, whatever the data', () => {
    expect(catalogUnit(cat, 'B', { task: 'SendMail' })).toBe('ms');
    expect(catalogUnit(cat, 'missing', undefined)).toBeUndefined();
    expect(catalogUnit(cat, 'auto', undefined)).toBeUndefined();
    expect(catalogUnit(cat, '', undefined)).toBeUndefined();
  });

  it('findCounterEntries with an empty counter reads the data key', () => {
    const found = findCounterEntries(builtinCatalog.catalog, {
      key: { task: 'SendMail' },
      counter: '',
      exchangeVersion: '2007',
      volumeRole: '',
    });
    expect(found.entries.map((e) => e.aggregation).sort()).toStrictEqual(['average', 'p95']);
  });
});

describe('findCounterEntries without a key or a counter', () => {
  it('finds nothing and names no role or version', () => {
    expect(
      findCounterEntries(builtinCatalog.catalog, { counter: 'auto', exchangeVersion: '2007', volumeRole: '' })
    ).toStrictEqual({ entries: [], rolesNeeded: [], otherVersions: [] });
  });
});

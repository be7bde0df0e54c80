import { catalogEntry } from '../testdata/catalogEntry';
import { CatalogEntry } from './catalog';
import { NEAR_FRACTION, limitsFromEntry } from './entryLimits';

const entry = (over: Partial<CatalogEntry>) =>
  catalogEntry({
    counter: '\\MSExchangeIS\\RPC Averaged Latency',
    match: [],
    warning: 50,
    critical: 70,
    source: { title: 'T', url: 'u' },
    ...over,
  });

// The near level of critical-only entries is also in the shared vectors (vectors.test.ts).
describe('limitsFromEntry: a catalog entry as the panel evaluates it', () => {
  it('both levels, converted to the data unit, with origin and source', () => {
    expect(limitsFromEntry(entry({}), 's')).toEqual({
      comparison: 'gt',
      warning: 0.05,
      critical: 0.07,
      origin: 'catalog: \\MSExchangeIS\\RPC Averaged Latency (average)',
      source: { title: 'T', url: 'u' },
    });
  });

  it('a critical-only limit is near from 80 % of it (or critical / 0.8 for lower limits)', () => {
    expect(NEAR_FRACTION).toBe(0.8);
    expect(limitsFromEntry(entry({ warning: null, critical: 500 }), 'ms')?.warning).toBeCloseTo(400);
    expect(limitsFromEntry(entry({ warning: null, critical: 100, comparison: 'le' }), 'ms')?.warning).toBeCloseTo(125);
  });

  it('a missing level stays missing, never 0', () => {
    expect(limitsFromEntry(entry({ critical: null }), 'ms')).toMatchObject({ warning: 50, critical: undefined });
    const none = limitsFromEntry(entry({ warning: null, critical: null }), 'ms');
    expect(none?.warning).toBeUndefined();
    expect(none?.critical).toBeUndefined();
  });

  it('no limits when the units cannot be compared', () => {
    expect(limitsFromEntry(entry({}), 'percent')).toBeUndefined();
  });
});

import type { CatalogEntry } from '../thresholds/catalog';

/** A valid catalog entry (schema version 1) for tests; `over` replaces any field. */
export function catalogEntry(over: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
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
  };
}

/**
 * The shared threshold vectors (pkg/thresholds/testdata/vectors.json, format in the README
 * beside it): the Go back end runs the same file in pkg/thresholds/vectors_test.go, so the
 * panel's bands and verdicts agree with the compliance tables and alert rules.
 */
import vectorsJson from '../../../pkg/thresholds/testdata/vectors.json';
import { CatalogEntry, Comparison, builtinCatalog } from './catalog';
import { Status, evaluate } from './evaluate';
import { CatalogKey, findEntries, normalizeVersion } from './match';
import { limitsFromEntry } from './entryLimits';

interface Vectors {
  versions: Array<{ in: string; out: string | null }>;
  find: Array<{
    name: string;
    key: CatalogKey;
    version: string;
    role: string;
    entries: string[];
    rolesNeeded?: string[];
    otherVersions?: string[];
  }>;
  evaluate: Array<{
    name: string;
    id?: string;
    entry?: { comparison: Comparison; warning: number | null; critical: number | null };
    value: number | string;
    level: 'ok' | 'warning' | 'critical' | 'unknown';
  }>;
}

const vectors = vectorsJson as unknown as Vectors;

/** JSON has no NaN or infinities: the file spells them as strings. */
function value(v: number | string): number {
  if (typeof v === 'number') {
    return v;
  }
  const special: Record<string, number> = { NaN: NaN, '+Inf': Infinity, '-Inf': -Infinity };
  if (!(v in special)) {
    throw new Error(`value ${JSON.stringify(v)} is not a number, NaN, +Inf or -Inf`);
  }
  return special[v];
}

function entryOf(v: Vectors['evaluate'][number]): CatalogEntry {
  if (v.entry) {
    return {
      id: 'vector',
      exchangeVersion: '2007',
      counter: 'vector',
      match: [],
      volumeRole: '',
      unit: 'short',
      aggregation: 'average',
      source: { title: 'vector', url: '' },
      verified: false,
      ...v.entry,
    };
  }
  const e = builtinCatalog.catalog.entries.find((x) => x.id === v.id);
  if (!e) {
    throw new Error(`no catalog entry ${v.id}`);
  }
  return e;
}

describe('shared threshold vectors (pkg/thresholds/testdata/vectors.json)', () => {
  it('has every section', () => {
    expect(vectors.versions.length).toBeGreaterThan(0);
    expect(vectors.find.length).toBeGreaterThan(0);
    expect(vectors.evaluate.length).toBeGreaterThan(0);
  });

  it.each(vectors.versions.map((v) => [v.in, v.out] as const))('normalizeVersion(%j) = %j', (input, out) => {
    expect(normalizeVersion(input) ?? null).toBe(out);
  });

  it.each(vectors.find.map((v) => [v.name, v] as const))('find: %s', (_name, v) => {
    const got = findEntries(builtinCatalog.catalog, v.key, v.version, v.role);
    expect({
      entries: got.entries.map((e) => e.id).sort(),
      rolesNeeded: got.rolesNeeded,
      otherVersions: got.otherVersions,
    }).toEqual({
      entries: [...v.entries].sort(),
      rolesNeeded: v.rolesNeeded ?? [],
      otherVersions: v.otherVersions ?? [],
    });
  });

  it.each(vectors.evaluate.map((v) => [v.name, v] as const))('evaluate: %s', (_name, v) => {
    const e = entryOf(v);
    // The panel's path: the entry's limits in the data's unit (here the same unit), then evaluate.
    const got: Status | undefined = evaluate(value(v.value), limitsFromEntry(e, e.unit));
    expect(got ?? 'unknown').toBe(v.level);
  });
});

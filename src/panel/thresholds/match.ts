/**
 * Which catalog entries apply to a counter or a load-test task. These are the rules of the Go
 * back end (pkg/thresholds/catalog.go `Catalog.Find`, with pkg/perfmon `ParseCounterPath` and
 * `Pattern`), so that the panel's bands, the compliance tables and the alert rules agree; the
 * shared vectors in pkg/thresholds/testdata/vectors.json prove it in both test suites.
 */
import type { Catalog, CatalogEntry } from './catalog';

/**
 * What limits are looked up for: a perfmon counter, as a full path (`\\EXVM01\MSExchangeIS\RPC
 * Averaged Latency`, the machine is ignored) or as the labels the back end puts on its series
 * (`object`, `instance`, `counter`; no instance for a single-instance object), or a load-test
 * task (`SendMail`). The first form present is used: path, then object and counter, then task.
 */
export interface CatalogKey {
  path?: string;
  object?: string;
  instance?: string;
  counter?: string;
  task?: string;
}

/** One counter (or task) of the data, with the volume role the data gives it ('' = none). */
export interface DataKey {
  key: CatalogKey;
  role: string;
}

/**
 * The key of a series or row as the data names it: a metric that is a counter path is one; a
 * counter labelled with its object (the back end's `object`, `instance`, `counter` labels) is
 * one; any other name is a task.
 */
export function keyFromLabels(metric: string, object?: string, instance?: string): CatalogKey {
  if (metric.startsWith('\\')) {
    return { path: metric };
  }
  if (object) {
    return { object, instance, counter: metric };
  }
  return { task: metric };
}

export interface FoundEntries {
  entries: CatalogEntry[];
  /** Volume roles with limits for this counter and version, left out because no role was given. */
  rolesNeeded: string[];
  /** Catalog versions with limits for this key, when the requested version has none. */
  otherVersions: string[];
}

/** One parsed column of a counter log: \\Machine\Object(Parent/Instance#Index)\Counter. */
export interface CounterPath {
  machine: string;
  object: string;
  parent: string;
  instance: string;
  index: number;
  counter: string;
  hasInstance: boolean;
}

/** The instance as perfmon shows it ("Parent/Instance#Index"), the form instance patterns match. */
export function instanceLabel(p: CounterPath): string {
  if (!p.hasInstance) {
    return '';
  }
  let s = p.parent ? `${p.parent}/${p.instance}` : p.instance;
  if (p.index >= 0) {
    s += `#${p.index}`;
  }
  return s;
}

/**
 * Splits a full counter path as pkg/perfmon ParseCounterPath does: the counter is the text after
 * the last backslash; the instance is everything between the first "(" of the object part and
 * its final ")"; the parent ends at the first "/"; a "#N" suffix is the index. Undefined when the
 * path is not one.
 */
export function parseCounterPath(s: string): CounterPath | undefined {
  const p: CounterPath = {
    machine: '',
    object: '',
    parent: '',
    instance: '',
    index: -1,
    counter: '',
    hasInstance: false,
  };
  let rest = s;
  if (rest.startsWith('\\\\')) {
    rest = rest.slice(2);
    const i = rest.indexOf('\\');
    if (i <= 0) {
      return undefined;
    }
    p.machine = rest.slice(0, i);
    rest = rest.slice(i + 1);
  } else if (rest.startsWith('\\')) {
    rest = rest.slice(1);
  } else {
    return undefined;
  }
  const last = rest.lastIndexOf('\\');
  if (last <= 0 || last === rest.length - 1) {
    return undefined;
  }
  let obj = rest.slice(0, last);
  p.counter = rest.slice(last + 1);
  const open = obj.indexOf('(');
  if (open >= 0) {
    if (!obj.endsWith(')')) {
      return undefined;
    }
    p.hasInstance = true;
    let inst = obj.slice(open + 1, obj.length - 1);
    obj = obj.slice(0, open);
    const slash = inst.indexOf('/');
    if (slash > 0) {
      p.parent = inst.slice(0, slash);
      inst = inst.slice(slash + 1);
    }
    const hash = inst.lastIndexOf('#');
    if (hash >= 0 && hash < inst.length - 1) {
      const digits = inst.slice(hash + 1);
      if (/^\+?\d+$/.test(digits)) {
        p.index = Number(digits);
        inst = inst.slice(0, hash);
      }
    }
    p.instance = inst;
  }
  p.object = obj;
  if (p.object.trim() === '') {
    return undefined;
  }
  return p;
}

/** Case-insensitive wildcard match: "*" any run of characters, "?" one character. */
export function wildMatch(pattern: string, text: string): boolean {
  const pat = Array.from(pattern);
  const s = Array.from(text);
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    if (pi < pat.length && pat[pi] === '*') {
      starP = pi;
      starS = si;
      pi++;
      continue;
    }
    if (pi < pat.length && (pat[pi] === '?' || pat[pi] === s[si])) {
      pi++;
      si++;
      continue;
    }
    if (starP < 0) {
      return false;
    }
    pi = starP + 1;
    starS++;
    si = starS;
  }
  while (pi < pat.length && pat[pi] === '*') {
    pi++;
  }
  return pi === pat.length;
}

interface Pattern {
  machine: string;
  object: string;
  counter: string;
  instance: string;
  hasInstance: boolean;
}

function compilePattern(s: string): Pattern | undefined {
  const p = parseCounterPath(s.trim());
  return (
    p && {
      machine: p.machine.toLowerCase(),
      object: p.object.toLowerCase(),
      counter: p.counter.toLowerCase(),
      instance: instanceLabel(p).toLowerCase(),
      hasInstance: p.hasInstance,
    }
  );
}

/** As in PDH: a pattern without parentheses matches only single-instance objects, "(*)" any instance. */
function patternMatches(pat: Pattern, c: CounterPath): boolean {
  if (pat.hasInstance !== c.hasInstance) {
    return false;
  }
  if (pat.machine !== '' && !wildMatch(pat.machine, c.machine.toLowerCase())) {
    return false;
  }
  return (
    wildMatch(pat.object, c.object.toLowerCase()) &&
    wildMatch(pat.counter, c.counter.toLowerCase()) &&
    (!pat.hasInstance || wildMatch(pat.instance, instanceLabel(c).toLowerCase()))
  );
}

const patternCache = new WeakMap<CatalogEntry, Pattern[]>();

function patternsOf(e: CatalogEntry): Pattern[] {
  let ps = patternCache.get(e);
  if (!ps) {
    ps = e.match.map(compilePattern).filter((p): p is Pattern => p !== undefined);
    patternCache.set(e, ps);
  }
  return ps;
}

const loadGenPrefix = 'LoadGen\\';

/** True for entries about a load-test task (matched by name) rather than a counter. */
export function isTask(e: CatalogEntry): boolean {
  return e.counter.startsWith(loadGenPrefix);
}

/** Maps an Exchange version as users write it ("2013", "2010+") to a catalog version. */
export function normalizeVersion(v: string): string | undefined {
  switch (v.toLowerCase().trim()) {
    case '2007':
    case '12':
    case 'exchange 2007':
      return '2007';
    case '2010+':
    case '2010':
    case '2013':
    case '2016':
    case '2019':
    case 'se':
    case '14':
    case '15':
      return '2010+';
  }
  return undefined;
}

/** The key's counter path; `undefined` for a task key, `null` for a counter that is not one. */
function counterPathOf(k: CatalogKey): CounterPath | undefined | null {
  if (k.path) {
    return parseCounterPath(k.path.trim()) ?? null;
  }
  if (k.object || k.counter) {
    if (!k.object?.trim() || !k.counter?.trim()) {
      return null;
    }
    const instance = k.instance ?? '';
    return {
      machine: '',
      object: k.object,
      parent: '',
      instance,
      index: -1,
      counter: k.counter,
      hasInstance: instance !== '',
    };
  }
  return undefined;
}

/** The entries whose counter patterns or task names match a key, of any version and role. */
export function entriesMatching(catalog: Catalog, key: CatalogKey): CatalogEntry[] {
  const path = counterPathOf(key);
  if (path === null) {
    return [];
  }
  if (path) {
    return catalog.entries.filter((e) => !isTask(e) && patternsOf(e).some((p) => patternMatches(p, path)));
  }
  const task = (key.task ?? '').trim().toLowerCase();
  if (task === '') {
    return [];
  }
  return catalog.entries.filter((e) => isTask(e) && e.match.some((m) => m.trim().toLowerCase() === task));
}

/**
 * Applies the version and role rules to the entries found for one counter: entries for any
 * volume always apply, role-specific ones only to that role (the roles left out for want of a
 * role are named), and another version's limits are never used (the versions that have some
 * are named).
 */
export function selectEntries(candidates: CatalogEntry[], version: string, role: string): FoundEntries {
  const v = normalizeVersion(version);
  const r = role.trim().toLowerCase();
  const entries: CatalogEntry[] = [];
  const needed = new Set<string>();
  const others = new Set<string>();
  for (const e of candidates) {
    if (v === undefined || e.exchangeVersion !== v) {
      others.add(e.exchangeVersion);
    } else if (e.volumeRole === '' || e.volumeRole === r) {
      entries.push(e);
    } else if (r === '') {
      needed.add(e.volumeRole);
    }
  }
  return {
    entries,
    rolesNeeded: [...needed].sort(),
    otherVersions: entries.length === 0 && needed.size === 0 ? [...others].sort() : [],
  };
}

/** The entries for a key, an Exchange version and a volume role (Go: `Catalog.Find`). */
export function findEntries(catalog: Catalog, key: CatalogKey, version: string, role: string): FoundEntries {
  return selectEntries(entriesMatching(catalog, key), version, role);
}

/**
 * The pieces of counter matching (match.ts). Which limits apply to which counter is proven by
 * the shared vectors (vectors.test.ts, run by go test too); these pin the parts the vectors
 * reach only through the shipped catalog: path parsing as pkg/perfmon ParseCounterPath
 * documents it, wildcards, and the version/role selection on hand-made entries.
 */
import { catalogEntry } from '../testdata/catalogEntry';
import { CatalogEntry } from './catalog';
import {
  entriesMatching,
  instanceLabel,
  isTask,
  keyFromLabels,
  parseCounterPath,
  selectEntries,
  wildMatch,
} from './match';

describe('parseCounterPath: \\\\Machine\\Object(Parent/Instance#Index)\\Counter', () => {
  it('reads every part', () => {
    expect(
      parseCounterPath('\\\\EXMBX1\\MSExchange Database ==> Instances(Information Store/SG1#2)\\I/O Reads')
    ).toStrictEqual({
      machine: 'EXMBX1',
      object: 'MSExchange Database ==> Instances',
      parent: 'Information Store',
      instance: 'SG1',
      index: 2,
      counter: 'I/O Reads',
      hasInstance: true,
    });
    expect(parseCounterPath('\\Memory\\Available MBytes')).toStrictEqual({
      machine: '',
      object: 'Memory',
      parent: '',
      instance: '',
      index: -1,
      counter: 'Available MBytes',
      hasInstance: false,
    });
  });

  it('the counter is after the last backslash; the instance runs to the final parenthesis', () => {
    expect(parseCounterPath('\\LogicalDisk(C:\\x)\\Avg. Disk sec/Read')).toMatchObject({
      object: 'LogicalDisk',
      instance: 'C:\\x',
      counter: 'Avg. Disk sec/Read',
    });
    const p = parseCounterPath('\\Process(a(b))\\% Processor Time');
    expect(p).toMatchObject({ object: 'Process', instance: 'a(b)', counter: '% Processor Time', hasInstance: true });
    expect(parseCounterPath('\\Processor()\\% Processor Time')).toMatchObject({ instance: '', hasInstance: true });
  });

  it('the parent ends at the first slash; a leading slash is part of the instance', () => {
    expect(parseCounterPath('\\X(a/b/c)\\C')).toMatchObject({ parent: 'a', instance: 'b/c' });
    expect(parseCounterPath('\\X(/b)\\C')).toMatchObject({ parent: '', instance: '/b' });
  });

  it('"#N" is an index only when N is digits at the end', () => {
    expect(parseCounterPath('\\X(w3wp#12)\\C')).toMatchObject({ instance: 'w3wp', index: 12 });
    expect(parseCounterPath('\\X(w3wp#+3)\\C')).toMatchObject({ instance: 'w3wp', index: 3 });
    expect(parseCounterPath('\\X(a#1#2)\\C')).toMatchObject({ instance: 'a#1', index: 2 });
    expect(parseCounterPath('\\X(#0)\\C')).toMatchObject({ instance: '', index: 0 });
    expect(parseCounterPath('\\X(w3wp#)\\C')).toMatchObject({ instance: 'w3wp#', index: -1 });
    expect(parseCounterPath('\\X(w3wp#x1)\\C')).toMatchObject({ instance: 'w3wp#x1', index: -1 });
    expect(parseCounterPath('\\X(w3wp#1x)\\C')).toMatchObject({ instance: 'w3wp#1x', index: -1 });
    expect(parseCounterPath('\\Processor(12)\\% Processor Time')).toMatchObject({ instance: '12', index: -1 });
    expect(parseCounterPath('\\Processor(0)\\% Processor Time')).toMatchObject({ instance: '0', index: -1 });
  });

  it.each([
    ['no leading backslash', 'Memory\\Available MBytes'],
    ['empty machine', '\\\\\\Memory\\Available MBytes'],
    ['machine only', '\\\\EXVM01'],
    ['no counter', '\\Memory'],
    ['empty counter', '\\Memory\\'],
    ['empty object', '\\\\Available MBytes'],
    ['blank object', '\\  \\Available MBytes'],
    ['blank object before an instance', '\\ (x)\\C'],
    ['instance not closed', '\\Processor(_Total\\% Processor Time'],
    ['only an instance, no object', '\\(x)\\C'],
    ['empty', ''],
  ])('is not a path: %s', (_name, s) => {
    expect(parseCounterPath(s)).toBeUndefined();
  });
});

describe('instanceLabel: the instance as perfmon shows it', () => {
  const label = (s: string) => instanceLabel(parseCounterPath(s)!);
  it('puts parent, instance and index back together', () => {
    expect(label('\\X(p/i#3)\\C')).toBe('p/i#3');
    expect(label('\\X(i#0)\\C')).toBe('i#0');
    expect(label('\\X(i)\\C')).toBe('i');
    expect(label('\\X\\C')).toBe('');
  });
});

describe('wildMatch: "*" any run, "?" one character', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'ab', false],
    ['ab', 'abc', false],
    ['', '', true],
    ['', 'a', false],
    ['*', '', true],
    ['*', 'anything', true],
    ['**', 'x', true],
    ['a*', 'a', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['*c', 'cbc', true],
    ['a*b*c', 'a-b-b-c', true],
    ['a*b*c', 'acb', false],
    ['?', 'a', true],
    ['?', '', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*?', 'x', true],
    ['x*?', 'x', false],
  ])('%j matches %j: %s', (pattern, text, want) => {
    expect(wildMatch(pattern, text)).toBe(want);
  });
});

describe('keys as the data names them', () => {
  it('a path, a labelled counter, or a task', () => {
    expect(keyFromLabels('\\Memory\\Available MBytes', 'ignored')).toStrictEqual({
      path: '\\Memory\\Available MBytes',
    });
    expect(keyFromLabels('Available MBytes', 'Memory')).toStrictEqual({
      object: 'Memory',
      instance: undefined,
      counter: 'Available MBytes',
    });
    expect(keyFromLabels('Avg. Disk sec/Read', 'LogicalDisk', 'D:')).toStrictEqual({
      object: 'LogicalDisk',
      instance: 'D:',
      counter: 'Avg. Disk sec/Read',
    });
    expect(keyFromLabels('SendMail', '')).toStrictEqual({ task: 'SendMail' });
    expect(keyFromLabels('SendMail')).toStrictEqual({ task: 'SendMail' });
  });
});

const entry = (over: Partial<CatalogEntry>) => catalogEntry({ counter: '\\X\\C', match: ['\\X\\C'], ...over });

describe('entriesMatching on hand-made entries', () => {
  // A new catalog for each lookup: match.ts caches compiled patterns per entry, and a
  // mutation run (per-test coverage) must see each test compile the patterns it relies on.
  const catalog = () => ({
    version: 1,
    entries: [
      entry({ id: 'machine', match: ['\\\\EX*\\X\\C'] }),
      entry({ id: 'any named machine', match: ['\\\\?*\\X\\C'] }),
      entry({ id: 'named instance', match: ['\\P(_Total)\\C'] }),
      entry({ id: 'any object', match: ['\\*\\D'] }),
      entry({ id: 'any Y counter', match: ['\\Y\\*'] }),
      entry({ id: 'two patterns', match: ['\\Y\\C', ' \\Z(*)\\C '] }),
      entry({ id: 'bad pattern is skipped', match: ['not a path', '\\W\\C'] }),
      entry({ id: 'task', counter: 'LoadGen\\Logon latency', match: [' Logon ', 'Log on'] }),
      entry({ id: 'blank task', counter: 'LoadGen\\blank', match: ['  '] }),
    ],
  });
  const ids = (key: Parameters<typeof entriesMatching>[1]) => entriesMatching(catalog(), key).map((e) => e.id);

  it('a machine in a pattern must match the machine of the path; a key without machine does not', () => {
    expect(ids({ path: '\\\\EXVM01\\X\\C' })).toStrictEqual(['machine', 'any named machine']);
    expect(ids({ path: '\\\\DC01\\X\\C' })).toStrictEqual(['any named machine']);
    expect(ids({ object: 'X', counter: 'C' })).toStrictEqual([]);
  });

  it('any of the patterns, trimmed', () => {
    expect(ids({ path: '\\Y\\C' })).toStrictEqual(['any Y counter', 'two patterns']);
    expect(ids({ object: 'Z', instance: 'i', counter: 'C' })).toStrictEqual(['two patterns']);
    expect(ids({ path: ' \\W\\C ' })).toStrictEqual(['bad pattern is skipped']);
  });

  it('a named instance matches that instance in any case', () => {
    expect(ids({ object: 'P', instance: '_TOTAL', counter: 'C' })).toStrictEqual(['named instance']);
    expect(ids({ path: '\\P(_total)\\C' })).toStrictEqual(['named instance']);
    expect(ids({ object: 'P', instance: '0', counter: 'C' })).toStrictEqual([]);
  });

  it('an object and counter must both be non-blank', () => {
    // Wildcards would match blank names: blank labels must be refused before matching.
    expect(ids({ object: 'Y', counter: ' ' })).toStrictEqual([]);
    expect(ids({ object: ' ', counter: 'D' })).toStrictEqual([]);
    expect(ids({ object: 'Q', counter: 'D' })).toStrictEqual(['any object']);
    expect(ids({ counter: 'C' })).toStrictEqual([]);
  });

  it('a task matches the trimmed names of task entries only', () => {
    expect(ids({ task: 'logon' })).toStrictEqual(['task']);
    expect(ids({ task: 'LOG ON' })).toStrictEqual(['task']);
    expect(ids({ task: '\\Y\\C' })).toStrictEqual([]);
    expect(ids({ task: '  ' })).toStrictEqual([]);
    expect(isTask(catalog().entries.find((e) => e.id === 'task')!)).toBe(true);
    expect(isTask(entry({ counter: 'X LoadGen\\Logon' }))).toBe(false);
  });
});

describe('selectEntries: version and role rules', () => {
  const any = entry({ id: 'any' });
  const db = entry({ id: 'db', volumeRole: 'database' });
  const log = entry({ id: 'log', volumeRole: 'log' });
  const other = entry({ id: 'other', exchangeVersion: '2010+' });
  const ids = (f: ReturnType<typeof selectEntries>) => ({ ...f, entries: f.entries.map((e) => e.id) });

  it('keeps the generic entries and the role asked for, names the roles left out', () => {
    expect(ids(selectEntries([db, any, log, other], '2007', ''))).toStrictEqual({
      entries: ['any'],
      rolesNeeded: ['database', 'log'],
      otherVersions: [],
    });
    expect(ids(selectEntries([log, db], '2007', '')).rolesNeeded).toStrictEqual(['database', 'log']);
    expect(ids(selectEntries([db, any, log], '2007', ' LOG '))).toStrictEqual({
      entries: ['any', 'log'],
      rolesNeeded: [],
      otherVersions: [],
    });
  });

  it('names other versions only when nothing applies', () => {
    expect(ids(selectEntries([other, entry({ id: 'o2', exchangeVersion: '2003' })], '2007', ''))).toStrictEqual({
      entries: [],
      rolesNeeded: [],
      otherVersions: ['2003', '2010+'],
    });
    expect(ids(selectEntries([db, other], '2007', ''))).toStrictEqual({
      entries: [],
      rolesNeeded: ['database'],
      otherVersions: [],
    });
    expect(ids(selectEntries([db, other], 'nonsense', ''))).toStrictEqual({
      entries: [],
      rolesNeeded: [],
      otherVersions: ['2007', '2010+'],
    });
  });
});

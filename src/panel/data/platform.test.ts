import { platforms } from './model';
import { platformMatcher } from './platform';

describe('platformMatcher: which side a platform value belongs to', () => {
  it('matches case-insensitively, anywhere in the value', () => {
    const m = platformMatcher('^(native|physical)$', 'virt');
    expect(m.errors).toEqual([]);
    expect(m.resolve('Native')).toBe('native');
    expect(m.resolve('PHYSICAL')).toBe('native');
    expect(m.resolve('XenServer VIRTUAL guest')).toBe('virtual');
    expect(m.resolve('physical host')).toBeUndefined();
    expect(m.resolve('unknown')).toBeUndefined();
    expect(m.resolve('')).toBeUndefined();
    expect(m.resolve(undefined)).toBeUndefined();
  });

  it('prefers virtual when a value matches both patterns', () => {
    const m = platformMatcher('ex', 'vm');
    expect(m.resolve('EXVM01')).toBe('virtual');
    expect(m.resolve('EXPHY01')).toBe('native');
  });

  it('an empty pattern matches nothing (not everything)', () => {
    const m = platformMatcher('', 'virtual');
    expect(m.errors).toEqual([]);
    expect(m.resolve('native')).toBeUndefined();
    expect(m.resolve('virtual')).toBe('virtual');
    const n = platformMatcher('native', '');
    expect(n.resolve('virtual')).toBeUndefined();
    expect(n.resolve('native')).toBe('native');
  });

  it('reports an invalid expression with the side and pattern, and still uses the other one', () => {
    const m = platformMatcher('native', '(virtual');
    expect(m.errors).toHaveLength(1);
    expect(m.errors[0]).toMatch(
      /^The virtual pattern "\(virtual" is not a valid regular expression \(.+\)\. Fix it in Options > Data mapping\.$/
    );
    expect(m.resolve('native')).toBe('native');
    expect(m.resolve('(virtual')).toBeUndefined();
    const both = platformMatcher('[', '(');
    expect(both.errors.map((e) => e.split(' pattern')[0])).toEqual(['The native', 'The virtual']);
  });

  it('a series without a platform value has no side, whatever the patterns match', () => {
    expect(platformMatcher('.*', '.*').resolve(undefined)).toBeUndefined();
  });

  it('the sides, in the order they are drawn', () => {
    expect(platforms).toEqual(['native', 'virtual']);
  });
});

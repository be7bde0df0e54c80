import { regexProblem, selectorRegexProblem } from './regex';

describe('regexProblem', () => {
  it.each(['^EX', '(?i)^exvm0[1-4]$', '(?is)a.b', 'a{1,3}'])('accepts %s', (e) => {
    expect(regexProblem(e)).toBeUndefined();
  });

  it.each(['[EX', 'EXVM(', '*', '(?i)('])('names the problem of %s', (e) => {
    expect(regexProblem(e)).toMatch(new RegExp(`^"${e.replace(/[[\]()*?]/g, '\\$&')}" is not a valid regular expression: `));
  });
});

describe('selectorRegexProblem', () => {
  it('checks each item of a comma list, /.../ items and braces as the back end splits them', () => {
    expect(selectorRegexProblem('{^EXVM01$, /EXVM0[2-3]/}')).toBeUndefined();
    expect(selectorRegexProblem('^EXVM01$, EXVM(')).toMatch(/^"EXVM\(" is not a valid/);
  });

  it('leaves template variables to the back end, which sees them interpolated', () => {
    expect(selectorRegexProblem('$vm')).toBeUndefined();
  });

  it('rejects a lone * as the back end does in regex mode', () => {
    expect(selectorRegexProblem('*')).toMatch(/not a valid/);
  });
});

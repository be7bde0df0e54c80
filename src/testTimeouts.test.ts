// Guards jest.timeouts.js: every explicit wait in a test file stays within
// maxExplicitWait, which stays within jest's testTimeout, so a slow machine makes a
// test fail by its own assertion, not by jest's timeout (issue 13: ReportPage.test.tsx
// waited 10 s inside a 5 s test).
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

const timeouts = require('../jest.timeouts');

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      return testFiles(p);
    }
    return /\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('jest timeouts', () => {
  it('are ordered: testing-library waits < explicit waits <= half of the test timeout', () => {
    expect(timeouts.asyncUtilTimeout).toBeLessThanOrEqual(timeouts.maxExplicitWait);
    expect(2 * timeouts.maxExplicitWait).toBeLessThanOrEqual(timeouts.testTimeout);
  });

  it('jest and testing-library use them', async () => {
    const { getConfig } = await import('@testing-library/react');
    expect(getConfig().asyncUtilTimeout).toBe(timeouts.asyncUtilTimeout);
  });

  it('no test waits longer than maxExplicitWait or sets its own jest timeout above testTimeout', () => {
    const offenders: string[] = [];
    for (const file of testFiles(join(__dirname))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/timeout:\s*([\d_]+)/g)) {
        const ms = Number(m[1].replace(/_/g, ''));
        if (ms > timeouts.maxExplicitWait) {
          offenders.push(`${file}: wait of ${ms} ms`);
        }
      }
      // a third argument to it()/test(), or jest.setTimeout
      for (const m of text.matchAll(/(?:\}\s*,\s*|jest\.setTimeout\()([\d_]{4,})\)/g)) {
        const ms = Number(m[1].replace(/_/g, ''));
        if (ms > timeouts.testTimeout) {
          offenders.push(`${file}: test timeout of ${ms} ms`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});

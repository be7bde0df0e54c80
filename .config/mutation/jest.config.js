// Jest for StrykerJS (scripts/mutation.sh). StrykerJS starts jest once per mutant; with
// @grafana/data and jsdom in the module graph that costs minutes per mutant on a shared
// machine, so mutation runs use the panel's pure computations and their tests only:
// reducers (data/reduce.ts: mean, p95 ...), threshold evaluation (thresholds/evaluate.ts)
// and the verdict (thresholds/verdict.ts), in the node environment.
const base = require('../../jest.config');

module.exports = {
  ...base,
  rootDir: '../..',
  testEnvironment: 'node',
  setupFilesAfterEnv: [],
  testMatch: [
    '<rootDir>/src/panel/data/reduce.test.ts',
    '<rootDir>/src/panel/thresholds/evaluate.test.ts',
    '<rootDir>/src/panel/thresholds/verdict.test.ts',
  ],
};

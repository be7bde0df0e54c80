// Jest for StrykerJS (scripts/mutation.sh): only the panel's data and threshold tests,
// the ones that can kill a mutant in src/panel/thresholds and src/panel/data.
const base = require('../../jest.config');

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/src/panel/thresholds/**/*.test.ts', '<rootDir>/src/panel/data/**/*.test.ts'],
};

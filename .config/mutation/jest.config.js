// Jest for StrykerJS (scripts/mutation.sh), which mutates every non-test file of
// src/panel/data and src/panel/thresholds and runs, per mutant, only the tests that
// cover it (coverageAnalysis perTest). It runs the tests of those two folders: the
// panel's own suite checks the reduced values, limits and verdicts end to end through
// these files, but renders React under jsdom and would make each mutant cost seconds.
// Environment: node, and jsdom only for test files that need it (jest-environment.js);
// no setup file (the project's jest-setup.js configures React Testing Library and a
// canvas stub, which these tests do not use).
const path = require('path');
const base = require('../../jest.config');

module.exports = {
  ...base,
  rootDir: '../..',
  // An absolute path: StrykerJS resolves it itself, without jest's <rootDir>.
  testEnvironment: path.join(__dirname, 'jest-environment.js'),
  setupFilesAfterEnv: [],
  testMatch: ['<rootDir>/src/panel/data/*.test.ts', '<rootDir>/src/panel/thresholds/*.test.ts'],
};

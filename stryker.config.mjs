// StrykerJS mutation testing for the panel code where a wrong number reaches a user:
// every non-test file of src/panel/data (frames to series, reduced values, units,
// platforms) and src/panel/thresholds (catalog, matching, limits, evaluation, verdicts).
// Run through `npm run mutation` (scripts/mutation.sh), which passes one folder at a time
// with --mutate; it is a measured figure, not part of `npm run test:all`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: '.config/mutation/jest.config.js',
    // Run only the tests that import the mutated file, not the whole suite per mutant.
    enableFindRelatedTests: true,
  },
  // The TypeScript checker (STRYKER_TYPECHECK=1) turns mutants that do not compile into
  // "compile error" (not counted). It is off by default, decided by measurement on this
  // 2-core machine (src/panel/data/units.ts, 23 mutants): with it, 43 s to start and 96 s
  // CPU in all; without it, 24 s CPU. It also files as "compile error" mutants that only
  // remove a type-narrowing guard (units.ts `if (!from || !to || from === to)` -> `false`)
  // although they change what the panel shows, so the tests' gaps there go unseen.
  // Without it a type-invalid mutant runs as plain JavaScript: the tests kill it, or it is
  // listed (.config/mutation/equivalent.txt) when JavaScript cannot tell it apart.
  checkers: process.env.STRYKER_TYPECHECK === '1' ? ['typescript'] : [],
  tsconfigFile: '.config/mutation/tsconfig.json',
  // A mutant that does not typecheck is reported as a compile error, not as killed.
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) need a fresh test process each; they are
  // counted as ignored, not as survivors.
  ignoreStatic: true,
  mutate: ['src/panel/data/*.ts', 'src/panel/thresholds/*.ts', '!src/panel/**/*.test.ts'],
  ignorePatterns: ['dist', 'dist-zip', '.cache', 'cmd', 'dashboards', 'provisioning', 'reports'],
  concurrency: 1,
  timeoutFactor: 3,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'reports/mutation/stryker.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
export default config;

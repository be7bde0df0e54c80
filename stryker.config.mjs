// StrykerJS mutation testing for the panel code where a wrong number reaches a user
// (threshold evaluation, verdicts, reduced values). Run through `npm run mutation`
// (scripts/mutation.sh), which passes one file at a time with --mutate; it is a
// measured figure, not part of `npm run test:all`.
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
  // The TypeScript checker turns mutants that do not compile into "compile error"
  // (not counted). It needs minutes to start and about a minute per mutant on the shared
  // 2-core machine; STRYKER_TYPECHECK=0 (npm run mutation with that variable) runs
  // without it, in which case a type-invalid mutant is tested as plain JavaScript.
  checkers: process.env.STRYKER_TYPECHECK === '0' ? [] : ['typescript'],
  tsconfigFile: '.config/mutation/tsconfig.json',
  // A mutant that does not typecheck is reported as a compile error, not as killed.
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) need a fresh test process each; they are
  // counted as ignored, not as survivors.
  ignoreStatic: true,
  mutate: ['src/panel/data/reduce.ts', 'src/panel/thresholds/evaluate.ts', 'src/panel/thresholds/verdict.ts'],
  ignorePatterns: ['dist', 'dist-zip', '.cache', 'cmd', 'dashboards', 'provisioning', 'reports'],
  concurrency: 1,
  timeoutFactor: 3,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'reports/mutation/stryker.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
export default config;

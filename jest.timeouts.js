// One place for jest's time limits, read by jest.config.js, jest-setup.js and the guard
// test src/testTimeouts.test.ts. Every wait inside a test (testing-library's find*/
// waitFor, explicit { timeout } options) must end well before jest's own test timeout,
// so that on a loaded machine a test fails by its own assertion with a useful message,
// never by "Exceeded timeout of 5000 ms".
module.exports = {
  // jest's per-test limit (default 5 s is shorter than the 10 s waits tests use).
  testTimeout: 30000,
  // testing-library's default for find* and waitFor (its own default is 1 s, which a
  // busy 2-core CI machine exceeds while React renders @grafana/ui components).
  asyncUtilTimeout: 10000,
  // the longest explicit { timeout } a test may pass: half of testTimeout, so two
  // consecutive waits still fit.
  maxExplicitWait: 15000,
};

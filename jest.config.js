// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');
const timeouts = require('./jest.timeouts');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  // Longer than any wait inside a test (see jest.timeouts.js).
  testTimeout: timeouts.testTimeout,
  transform: {
    ...base.transform,
    // @grafana/* 13.x pull in d3 packages that ship only ES modules as .mjs; the
    // scaffold's transform matches .(t|j)sx? only, so jest could not parse them.
    '^.+\\.mjs$': ['@swc/jest', {}],
  },
  // @grafana/plugin-ui (the config editor's components) requires @marcbachmann/cel-js, which
  // ships only ES modules; so does yaml's browser build, which jsdom tests resolve (the editor
  // tests read the provisioned alert rules).
  transformIgnorePatterns: [nodeModulesToTransform([...grafanaESModules, '@marcbachmann/cel-js', 'yaml'])],
};

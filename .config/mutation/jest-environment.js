// Test environment for mutation runs (scripts/mutation.sh): node for the panel's pure
// computations, jsdom only for test files that load a @grafana/* package, because
// @grafana/data touches `window` when it is imported. StrykerJS replaces jest's
// testEnvironment with its own wrapper around this one (to record which test covers
// which mutant), so a per-file `@jest-environment` docblock would bypass it; hence the
// choice is made here, per test file, from the file's imports. A test that reaches
// @grafana/data only through the code it imports fails loudly ("window is not defined")
// in StrykerJS's first run; import from @grafana/data in that test to get jsdom.
const fs = require('fs');
const { TestEnvironment: NodeEnvironment } = require('jest-environment-node');
const { TestEnvironment: JsdomEnvironment } = require('jest-environment-jsdom');

const needsDom = (testPath) => /from '@grafana\//.test(fs.readFileSync(testPath, 'utf8'));

// The constructor returns the chosen environment itself. A class that extends this one
// (StrykerJS's wrapper does) then runs its own constructor on that object, so its
// instrumentation is kept.
class PanelTestEnvironment {
  constructor(config, context) {
    const Env = needsDom(context.testPath) ? JsdomEnvironment : NodeEnvironment;
    return new Env(config, context);
  }
}

module.exports = PanelTestEnvironment;

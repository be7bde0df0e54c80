// Every module Grafana loads from the bundle, in one program, so that one levitate run
// (scripts/levitate.mjs) checks the imports of the app, the datasource and the panel
// and of every file they import. scripts/levitate.mjs checks that each plugin.json's
// module is listed here.
import '../../src/module';
import '../../src/datasource/module';
import '../../src/panel/module';

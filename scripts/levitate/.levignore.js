// Differences between the @grafana/* version the front end is built with (13.1.1) and the
// oldest version plugin.json claims (grafanaDependency, 12.0.0) that levitate may ignore.
// Only type-only differences belong here, each with the reason it cannot break at run time;
// anything else is a real incompatibility: raise grafanaDependency or change the code.
// scripts/levitate.mjs prints this list with every run. Each entry is an exact name.
module.exports = {
  removals: [],
  changes: [
    // The parameter's type is the same in both versions; only how the .d.ts declares it
    // differs: 12.0 prints "type ComponentType" (React's, re-exported), 13.1 "ComponentType".
    // The method and its argument (a React component) are unchanged at run time.
    'AppPlugin.setRootPage',
    'DataSourcePlugin.setConfigEditor',
    'DataSourcePlugin.setQueryEditor',
    // PanelOptionsSupplier and SetFieldConfigOptionsArgs have the same members in both
    // versions; 12.0's .d.ts exports the type alias/interface, 13.1's declares it locally.
    'PanelPlugin.setPanelOptions',
    'PanelPlugin.useFieldConfig',
    // ScopedVars and DataQueryRequest (from @grafana/data) are printed as "type X" in
    // 12.0's @grafana/runtime .d.ts and as "X" in 13.1's: the same imported types.
    'TemplateSrv.replace',
    'DataSourceWithBackend.query',
  ],
  additions: [],
};

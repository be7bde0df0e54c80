/** Every data-testid of the app pages, in one place for tests. */
export const testIds = {
  appConfig: {
    container: 'data-testid xb-app-config',
    toggle: 'data-testid xb-app-toggle',
  },
  setup: {
    container: 'data-testid xb-setup',
    datasourceRow: 'data-testid xb-setup-datasource',
    addDatasource: 'data-testid xb-setup-add-datasource',
  },
  alertRules: {
    container: 'data-testid xb-alert-rules',
    folder: 'data-testid xb-alert-rules-folder',
    table: 'data-testid xb-alert-rules-table',
    install: 'data-testid xb-alert-rules-install',
    results: 'data-testid xb-alert-rules-results',
  },
  report: {
    container: 'data-testid xb-report',
    compare: 'data-testid xb-report-compare',
    compliance: 'data-testid xb-report-compliance',
    embedUrl: 'data-testid xb-report-embed-url',
    iframe: 'data-testid xb-report-iframe',
    renderUrl: 'data-testid xb-report-render-url',
    noRenderer: 'data-testid xb-report-no-renderer',
  },
};

// Package dashboards checks the bundle's dashboards and provisioning files: the
// dashboard JSON models in dashboards/, the YAML under provisioning/ (datasources,
// dashboard providers, apps, alert rules) and the app plugin.json includes.
//
// The checks are plain functions returning problems, so the tests run them both on
// the repository's files and on bad fixtures in testdata/ that prove each one fails.
//
// Formats: dashboard JSON model, https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/;
// provisioning files, https://grafana.com/docs/grafana/latest/administration/provisioning/;
// alert rule provisioning, https://grafana.com/docs/grafana/latest/alerting/set-up/provision-alerting-resources/file-provisioning/.
package dashboards

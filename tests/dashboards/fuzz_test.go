package dashboards

import (
	"os"
	"testing"
)

// FuzzCheckDashboard feeds arbitrary JSON to the dashboard checks: they must return
// problems or none, never panic, whatever shapes the fields have.
func FuzzCheckDashboard(f *testing.F) {
	if data, err := os.ReadFile("testdata/good/dashboards/fixture.json"); err == nil {
		f.Add(data)
	}
	for _, s := range []string{`{}`, `null`, `[]`, `{"panels":[{"panels":[{"id":1.5}]}]}`, `{"templating":{"list":[{"name":"d","type":"datasource"}]},"panels":[{"datasource":"$d","targets":[7]}]}`,
		`{"annotations":{"list":[null,{"datasource":{"uid":3}}]}}`} {
		f.Add([]byte(s))
	}
	cat := NewCatalog()
	cat.DatasourceUIDs["xenbench-sim"] = DatasourceID
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDashboard("fuzz.json", data)
		if err != nil {
			return
		}
		_ = CheckDashboard(d, cat)
	})
}

// FuzzProvisioning feeds arbitrary YAML to the provisioning and alert rule checks.
func FuzzProvisioning(f *testing.F) {
	for _, name := range []string{"testdata/good/provisioning/alerting/rules.yaml", "testdata/good/provisioning/datasources/ds.yaml"} {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("apiVersion: 1\ngroups: [{rules: [{data: [{model: {type: math, expression: '$'}}]}]}]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, err := ParseProvisioning("fuzz.yaml", data)
		if err != nil {
			return
		}
		cat := NewCatalog()
		_ = CheckProvisioning("fuzz.yaml", pf, cat)
		_ = CheckAlertRules("fuzz.yaml", pf.Groups, cat, map[string]string{})
	})
}

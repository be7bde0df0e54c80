package dashboards

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// queryOfOurs is a query of our datasource as the foundation SDK carries it; the
// strict decoding of its fields against the back end's query types is contract's
// test. Here it must be an object with a refId and a queryType.
type queryOfOurs map[string]any

func (q queryOfOurs) ImplementsDataqueryVariant() {}
func (q queryOfOurs) DataqueryType() string       { return DatasourceID }
func (q queryOfOurs) Validate() error             { return nil }
func (q queryOfOurs) Equals(other variants.Dataquery) bool {
	o, ok := other.(queryOfOurs)
	return ok && len(o) == len(q)
}

func decodeOurQuery(raw []byte) (variants.Dataquery, error) {
	var q queryOfOurs
	if err := json.Unmarshal(raw, &q); err != nil {
		return nil, err
	}
	return q, nil
}

// TestDashboardsLoadStrictly decodes every dashboard with Grafana's foundation SDK
// (github.com/grafana/grafana-foundation-sdk/go, the Go types generated from
// Grafana's dashboard schema) in strict mode: an unknown or misspelt field anywhere in
// the model, a core panel's options or field config fails the test. The core panels'
// schemas are the SDK's defaults; our datasource's queries are registered so that
// targets and annotation targets of ours are recognised.
func TestDashboardsLoadStrictly(t *testing.T) {
	plugins.RegisterDefaultPlugins()
	cog.NewRuntime().RegisterDataqueryVariant(variants.DataqueryConfig{
		Identifier:                 DatasourceID,
		DataqueryUnmarshaler:       decodeOurQuery,
		StrictDataqueryUnmarshaler: decodeOurQuery,
	})
	files, _ := filepath.Glob(filepath.Join(repoRoot, "dashboards", "*.json"))
	if len(files) < 4 {
		t.Fatalf("found %d dashboards", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var d dashboard.Dashboard
			if err := strictErr(d.UnmarshalJSONStrict(raw)); err != nil {
				t.Fatalf("not a valid dashboard for the foundation SDK (strict):\n%v", err)
			}
			if d.Uid == nil || *d.Uid == "" || len(d.Panels) == 0 {
				t.Fatalf("decoded without uid or panels")
			}
		})
	}
}

// TestStrictLoadRejectsUnknownFields proves the strict decoding can fail: a misspelt
// field of a core panel's field config is an error.
func TestStrictLoadRejectsUnknownFields(t *testing.T) {
	plugins.RegisterDefaultPlugins()
	raw := []byte(`{"uid":"x","title":"x","schemaVersion":41,"panels":[{"id":1,"type":"timeseries","title":"t",
		"gridPos":{"x":0,"y":0,"w":12,"h":8},"fieldConfig":{"defaults":{"custom":{"thresholdStyle":{"mode":"line"}}},"overrides":[]}}]}`)
	var d dashboard.Dashboard
	if err := strictErr(d.UnmarshalJSONStrict(raw)); err == nil {
		t.Fatal("a misspelt field config key (thresholdStyle) was accepted")
	}
}

// strictErr drops the SDK's empty error list: UnmarshalJSONStrict returns a nil
// cog.BuildErrors as a non-nil error when nothing is wrong.
func strictErr(err error) error {
	if be, ok := err.(cog.BuildErrors); ok && len(be) == 0 {
		return nil
	}
	return err
}

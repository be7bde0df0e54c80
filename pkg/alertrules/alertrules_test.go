package alertrules

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/xenbench/xenbench/pkg/thresholds"
)

// The provisioned file is generated from the catalog. After changing the catalog or
// the rules, regenerate it with:
//
//	go test ./pkg/alertrules -run TestProvisionedFileIsGenerated -update
var update = flag.Bool("update", false, "rewrite provisioning/alerting/xenbench.yaml")

const provisioned = "../../provisioning/alerting/xenbench.yaml"

func provisionedOptions() Options {
	return Options{DatasourceUID: "xenbench", Folder: "xenbench", ExchangeVersion: "2007"}
}

func render(t *testing.T, f *File) []byte {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString("# Generated from pkg/thresholds/catalog.json by pkg/alertrules; do not edit.\n")
	buf.WriteString("# Regenerate: go test ./pkg/alertrules -run TestProvisionedFileIsGenerated -update\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestProvisionedFileIsGenerated(t *testing.T) {
	cat, err := thresholds.Load()
	if err != nil {
		t.Fatal(err)
	}
	f, err := Build(cat, provisionedOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := render(t, f)
	if *update {
		if err := os.WriteFile(provisioned, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(provisioned)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date with the catalog; regenerate it (see the comment above)", provisioned)
	}
}

func TestThresholdsComeFromTheCatalog(t *testing.T) {
	cat, _ := thresholds.Load()
	f, err := Build(cat, provisionedOptions())
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]thresholds.Entry{}
	for _, e := range cat.Entries {
		byID["xenbench-"+e.ID] = e
	}
	seen := 0
	for _, r := range f.Groups[0].Rules {
		e, ok := byID[r.UID]
		if !ok {
			continue
		}
		seen++
		want := e.Critical
		if want == nil {
			want = e.Warning
		}
		cond := r.Data[1].Model["conditions"].([]any)[0].(map[string]any)["evaluator"].(map[string]any)
		if got := cond["params"].([]float64)[0]; got != *want {
			t.Errorf("%s: threshold %v, catalog says %v", r.UID, got, *want)
		}
		if r.Data[0].DatasourceUID != provisionedOptions().DatasourceUID || r.Data[1].DatasourceUID != "__expr__" {
			t.Errorf("%s: datasources %s, %s", r.UID, r.Data[0].DatasourceUID, r.Data[1].DatasourceUID)
		}
		// The model value is an any: compare the string it holds, so a missing
		// or non-string reducer fails instead of comparing unequal to "".
		if reducer, _ := r.Data[0].Model["reducer"].(string); !validReducers[reducer] {
			t.Errorf("%s: query reducer %#v is not one of mean, min, max, last, p95", r.UID, r.Data[0].Model["reducer"])
		}
		if r.Annotations["summary"] == "" || r.Annotations["description"] == "" {
			t.Errorf("%s: needs a summary and runbook text", r.UID)
		}
	}
	if seen < 8 {
		t.Errorf("only %d rules come from catalog entries", seen)
	}
}

func TestBuildRejectsUnknownVersionsAndMissingEntries(t *testing.T) {
	cat, _ := thresholds.Load()
	if _, err := Build(cat, Options{ExchangeVersion: "2003"}); err == nil {
		t.Error("version 2003: no error")
	}
	empty := &thresholds.Catalog{Version: 1}
	if _, err := Build(empty, provisionedOptions()); err == nil || !strings.Contains(err.Error(), "no entry") {
		t.Errorf("empty catalog: %v", err)
	}
	if f, err := Build(cat, Options{DatasourceUID: "x", ExchangeVersion: "2010"}); err != nil || len(f.Groups[0].Rules) < 6 {
		t.Errorf("2010 rules: %v", err)
	}
}

// validReducers are the reducers the datasource accepts (README, "Queries").
var validReducers = map[string]bool{"mean": true, "min": true, "max": true, "last": true, "p95": true}

package main

import (
	"bytes"
	"os"
	"regexp"
	"testing"

	"github.com/xenbench/xenbench/pkg/promdash"
	"github.com/xenbench/xenbench/pkg/promexport"
)

// TestDashboardIsGenerated fails when the committed file differs from Render.
func TestDashboardIsGenerated(t *testing.T) {
	want, err := promdash.Render()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../" + promdash.File)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go run ./cmd/promdash", promdash.File)
	}
}

// TestQueriesNameExporterFamilies: every xenbench_* name in the dashboard is a family
// the exporter writes.
func TestQueriesNameExporterFamilies(t *testing.T) {
	data, err := promdash.Render()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range promexport.Families() {
		have[f.Name] = true
	}
	names := regexp.MustCompile(`xenbench_[a-z0-9_]+`).FindAllString(string(data), -1)
	if len(names) == 0 {
		t.Fatal("no xenbench_ metric in the dashboard")
	}
	for _, n := range names {
		if !have[n] && n != "xenbench_prometheus" {
			t.Errorf("the dashboard queries %s, which the exporter does not write", n)
		}
	}
}

package prometheus_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/promdash"
)

// compareFramesFile is where the latency-compare panel's frames, built from the real
// Prometheus answers to the dashboard's queries, are left for the Chromium test
// (tests/browser/prometheus.test.mjs), which draws them with the real panel.
const compareFramesFile = "../output/prometheus/compare-frames.json"

// checkComparePanelQueries runs the generated dashboard's latency-compare queries
// against Prometheus, joins the two answers as the dashboard's merge + organize
// transformations do (one row per workload, platform, server, task, run; columns avg
// and p95), checks every row has both, and writes the frame for the browser test.
func checkComparePanelQueries(t *testing.T, prom *promServer, at time.Time) {
	labels := strings.Split(promdash.CompareLabels, ", ")
	type row struct {
		labels   map[string]string
		avg, p95 *float64
	}
	rows := map[string]*row{}
	for i, expr := range []string{promdash.CompareAvgExpr, promdash.CompareP95Expr} {
		// Grafana puts the dashboard's range in $__range; the scenario's runs are in the
		// last 3 hours.
		res := prom.query(strings.ReplaceAll(expr, "$__range", "3h"), at)
		if len(res) == 0 {
			t.Fatalf("the dashboard's query %s returns nothing", expr)
		}
		for _, s := range res {
			if _, named := s.Metric["__name__"]; named {
				t.Fatalf("%s keeps __name__: Grafana's merge could not join avg and p95", expr)
			}
			key := labelKey(s.Metric)
			r := rows[key]
			if r == nil {
				r = &row{labels: s.Metric}
				rows[key] = r
			}
			v := s.Points[latestKey(s)]
			if i == 0 {
				r.avg = &v
			} else {
				r.p95 = &v
			}
		}
	}
	keys := make([]string, 0, len(rows))
	for k, r := range rows {
		if r.avg == nil || r.p95 == nil {
			t.Errorf("row %s has only one of avg and p95", k)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	platforms := map[string]bool{}
	type field struct {
		Name   string            `json:"name"`
		Type   string            `json:"type"`
		Values []any             `json:"values"`
		Config map[string]string `json:"config,omitempty"`
	}
	var fields []field
	for _, l := range labels {
		f := field{Name: l, Type: "string"}
		for _, k := range keys {
			f.Values = append(f.Values, rows[k].labels[l])
			if l == "platform" {
				platforms[rows[k].labels[l]] = true
			}
		}
		fields = append(fields, f)
	}
	for _, stat := range []string{"avg", "p95"} {
		f := field{Name: stat, Type: "number", Config: map[string]string{"unit": "s"}}
		for _, k := range keys {
			if stat == "avg" {
				f.Values = append(f.Values, *rows[k].avg)
			} else {
				f.Values = append(f.Values, *rows[k].p95)
			}
		}
		fields = append(fields, f)
	}
	if !platforms["native"] || !platforms["virtual"] {
		t.Fatalf("the compare queries need native and virtual rows, have %v", platforms)
	}
	raw, _ := json.MarshalIndent(map[string]any{"source": "Prometheus answers to " + promdash.CompareAvgExpr + " and " + promdash.CompareP95Expr, "fields": fields}, "", " ")
	if err := os.MkdirAll(filepath.Dir(compareFramesFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(compareFramesFile, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("latency-compare panel: %d rows from Prometheus, written to %s", len(keys), compareFramesFile)
}

package plugin

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// logFolder lays out a log folder as the datasource expects it, from the perfmon and
// loadgen packages' own fixtures (real PDH-CSV and the documented results format).
func logFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyFile(t, "../perfmon/testdata/relog_est.csv", filepath.Join(dir, "perfmon", "EXMBX01", "EXMBX01_20261125-0900.csv"))
	copyFile(t, "../loadgen/testdata/run-2000.csv", filepath.Join(dir, "loadgen", "run-2000.csv"))
	copyFile(t, "../loadgen/testdata/run-4000.latencies.csv", filepath.Join(dir, "loadgen", "run-4000.latencies.csv"))
	return dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func newTestDatasource(t *testing.T, jsonData map[string]any, url string, secure map[string]string) *Datasource {
	t.Helper()
	raw, _ := json.Marshal(jsonData)
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{UID: "ds", Type: PluginID, URL: url, JSONData: raw, DecryptedSecureJSONData: secure})
	if err != nil {
		t.Fatalf("NewDatasource: %v", err)
	}
	ds := inst.(*Datasource)
	t.Cleanup(ds.Dispose)
	return ds
}

func runQuery(t *testing.T, ds *Datasource, q map[string]any, from, to time.Time) backend.DataResponse {
	t.Helper()
	raw, _ := json.Marshal(q)
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", JSON: raw, TimeRange: backend.TimeRange{From: from, To: to}, Interval: time.Minute, MaxDataPoints: 1000,
	}}})
	if err != nil {
		t.Fatalf("QueryData: %v", err)
	}
	return resp.Responses["A"]
}

var (
	day0 = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	day1 = day0.Add(24 * time.Hour)
)

func TestExchangeCountersWithoutPool(t *testing.T) {
	ds := newTestDatasource(t, map[string]any{"logFolder": logFolder(t)}, "", nil)
	r := runQuery(t, ds, map[string]any{"queryType": "exchange", "counters": []string{`\\*\MSExchangeIS\RPC Averaged Latency`}, "alias": "$server $counter"}, day0, day1)
	if r.Error != nil {
		t.Fatalf("query error: %v", r.Error)
	}
	if len(r.Frames) != 1 {
		t.Fatalf("got %d frames, want 1", len(r.Frames))
	}
	f := r.Frames[0]
	if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesMulti {
		t.Fatalf("frame type %+v, want timeseries-multi", f.Meta)
	}
	v := f.Fields[1]
	// No pool to ask: the platform is unknown, never assumed native.
	want := data.Labels{"server": "EXMBX01", "object": "MSExchangeIS", "counter": "RPC Averaged Latency", "platform": "unknown"}
	if v.Labels.String() != want.String() {
		t.Errorf("labels %v, want %v", v.Labels, want)
	}
	if v.Config == nil || v.Config.Unit != "ms" || v.Config.DisplayNameFromDS != "EXMBX01 RPC Averaged Latency" {
		t.Errorf("field config %+v", v.Config)
	}
	// 09:00:00.123 Eastern (bias 300) is 14:00:00.123 UTC.
	if got := f.Fields[0].At(0).(time.Time); !got.Equal(time.Date(2026, 11, 25, 14, 0, 0, 123e6, time.UTC)) {
		t.Errorf("first sample at %v", got)
	}
}

func TestExchangeDiskCountersCarryVolumeRole(t *testing.T) {
	ds := newTestDatasource(t, map[string]any{"logFolder": logFolder(t), "volumeRoles": []map[string]string{{"server": "*", "instance": "D:", "role": "database"}}}, "", nil)
	r := runQuery(t, ds, map[string]any{"queryType": "exchange", "counters": []string{`\\*\LogicalDisk(*)\*`}, "reducer": "max"}, day0, day1)
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	roles := map[string]string{}
	for _, f := range r.Frames {
		if f.Meta.Type != data.FrameTypeNumericMulti {
			t.Fatalf("reduced frame type %s", f.Meta.Type)
		}
		l := f.Fields[0].Labels
		roles[l["instance"]] = l["volume_role"]
	}
	if roles["D:"] != "database" || roles["L:"] != "log" {
		t.Errorf("volume roles %v, want D: database (setting), L: log (default)", roles)
	}

	logs := runQuery(t, ds, map[string]any{"queryType": "exchange", "counters": []string{`\\*\LogicalDisk(*)\*`}, "volumeRole": "log"}, day0, day1)
	if logs.Error != nil || len(logs.Frames) == 0 {
		t.Fatalf("volumeRole=log: %v, %d frames", logs.Error, len(logs.Frames))
	}
	for _, f := range logs.Frames {
		if got := f.Fields[1].Labels["instance"]; got != "L:" {
			t.Errorf("volumeRole=log returned instance %q", got)
		}
	}
}

func TestLoadgenNumericForAlerting(t *testing.T) {
	ds := newTestDatasource(t, map[string]any{"logFolder": logFolder(t)}, "", nil)
	r := runQuery(t, ds, map[string]any{"queryType": "loadgen", "tasks": []string{"SendMail"}, "reducer": "p95"}, day0, day1)
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	table := runQuery(t, ds, map[string]any{"queryType": "loadgen", "tasks": []string{"SendMail"}}, day0, day1)
	p95, _ := table.Frames[0].FieldByName("p95")
	if len(r.Frames) != p95.Len() {
		t.Fatalf("%d numeric frames for %d table rows", len(r.Frames), p95.Len())
	}
	want := map[float64]bool{}
	for i := 0; i < p95.Len(); i++ {
		want[p95.At(i).(float64)] = true
	}
	for _, f := range r.Frames {
		if f.Meta.Type != data.FrameTypeNumericMulti {
			t.Errorf("frame type %s", f.Meta.Type)
		}
		v := *f.Fields[0].At(0).(*float64)
		if !want[v] {
			t.Errorf("numeric value %v is not one of the table's p95 values %v", v, want)
		}
		if f.Fields[0].Labels["task"] != "SendMail" || f.Fields[0].Labels["run"] == "" {
			t.Errorf("labels %v", f.Fields[0].Labels)
		}
	}
	bad := runQuery(t, ds, map[string]any{"queryType": "loadgen", "reducer": "max"}, day0, day1)
	if bad.Error == nil {
		t.Error("reducer max on load-test results: no error")
	}
}

func TestLoadgenTableAndAnnotations(t *testing.T) {
	ds := newTestDatasource(t, map[string]any{"logFolder": logFolder(t), "platformOverrides": []map[string]string{{"server": "EXPHY01", "platform": "native"}}}, "", nil)
	r := runQuery(t, ds, map[string]any{"queryType": "loadgen", "tasks": []string{"SendMail"}}, day0, day1)
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	f := r.Frames[0]
	for _, name := range []string{"workload", "platform", "server", "task", "avg", "p95", "count"} {
		if _, i := f.FieldByName(name); i < 0 {
			t.Errorf("table has no %q field", name)
		}
	}
	task, _ := f.FieldByName("task")
	if task.Len() == 0 {
		t.Fatal("no SendMail rows")
	}
	for i := 0; i < task.Len(); i++ {
		if task.At(i).(string) != "SendMail" {
			t.Errorf("row %d task %q; the filter asked for SendMail", i, task.At(i))
		}
	}
	// No pool: run-2000's platform column says virtual; run-4000's raw file has none,
	// so its server is unknown, not native.
	platform, _ := f.FieldByName("platform")
	run, _ := f.FieldByName("run")
	want := map[string]string{"run-2000": "virtual", "run-4000": "unknown"}
	for i := 0; i < platform.Len(); i++ {
		if p, r := platform.At(i).(string), run.At(i).(string); p != want[r] {
			t.Errorf("row %d (%s) platform %q, want %q", i, r, p, want[r])
		}
	}

	a := runQuery(t, ds, map[string]any{"queryType": "loadgen", "format": "annotations"}, day0, day1)
	if a.Error != nil {
		t.Fatal(a.Error)
	}
	title, _ := a.Frames[0].FieldByName("title")
	if title == nil || title.Len() != 2 {
		t.Fatalf("want one region per run (2), got %v", title)
	}
}

func TestExchangeInventoryAndHealth(t *testing.T) {
	ds := newTestDatasource(t, map[string]any{"logFolder": logFolder(t)}, "", nil)
	r := runQuery(t, ds, map[string]any{"queryType": "inventory", "inventoryKind": "servers"}, day0, day1)
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	names := []string{}
	text := r.Frames[0].Fields[0]
	for i := 0; i < text.Len(); i++ {
		names = append(names, text.At(i).(string))
	}
	if !strings.Contains(strings.Join(names, ","), "EXMBX01") || !strings.Contains(strings.Join(names, ","), "EXPHY01") {
		t.Errorf("servers %v: want the perfmon server and the load-test servers", names)
	}
	h, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil || h.Status != backend.HealthStatusOk {
		t.Fatalf("health %v %v", h, err)
	}
	if !strings.Contains(h.Message, "1 servers (0 virtual, 0 native, 1 unknown)") || !strings.Contains(h.Message, "2 load-test runs") {
		t.Errorf("health message %q", h.Message)
	}
}

func TestExchangeErrorsAreActionable(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	ds := newTestDatasource(t, map[string]any{"logFolder": missing}, "", nil)
	r := runQuery(t, ds, map[string]any{"queryType": "exchange", "counters": []string{`\\*\Memory\Available MBytes`}}, day0, day1)
	if r.Error == nil || !strings.Contains(r.Error.Error(), "Log folder") || r.ErrorSource != backend.ErrorSourceDownstream {
		t.Errorf("missing folder: error %v (source %s), want a downstream error naming the setting", r.Error, r.ErrorSource)
	}
	h, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if h.Status != backend.HealthStatusError {
		t.Errorf("health with a missing folder: %v", h)
	}

	ok := newTestDatasource(t, map[string]any{"logFolder": logFolder(t)}, "", nil)
	for name, q := range map[string]map[string]any{
		"no counters":   {"queryType": "exchange"},
		"bad pattern":   {"queryType": "exchange", "counters": []string{`MSExchangeIS`}},
		"no pool":       {"queryType": "metrics"},
		"unknown type":  {"queryType": "nope"},
		"bad reducer":   {"queryType": "exchange", "reducer": "median"},
		"bad inventory": {"queryType": "inventory", "inventoryKind": "servers", "filter": "("},
	} {
		r := runQuery(t, ok, q, day0, day1)
		if r.Error == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if r.ErrorSource != backend.ErrorSourceDownstream {
			t.Errorf("%s: error source %q, want downstream: %v", name, r.ErrorSource, r.Error)
		}
	}
}

func TestComplianceAgainstTheCatalog(t *testing.T) {
	ds := newTestDatasource(t, map[string]any{"logFolder": logFolder(t)}, "", nil)
	r := runQuery(t, ds, map[string]any{"queryType": "exchange", "format": "compliance"}, day0, day1)
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	f := r.Frames[0]
	counter, _ := f.FieldByName("counter")
	level, _ := f.FieldByName("level")
	value, _ := f.FieldByName("value")
	limit, _ := f.FieldByName("limit")
	if counter == nil || counter.Len() == 0 {
		t.Fatal("no compliance rows for a log with catalog counters")
	}
	found := false
	for i := 0; i < counter.Len(); i++ {
		if counter.At(i).(string) != `MSExchangeIS\RPC Averaged Latency` {
			continue
		}
		found = true
		v, got := *value.At(i).(*float64), level.At(i).(string)
		if over := v > limit.At(i).(float64); over == (got == "ok") {
			t.Errorf("RPC averaged latency %v vs limit %v: level %s", v, limit.At(i), got)
		}
	}
	if !found {
		t.Error("no row for RPC Averaged Latency")
	}

	lg := runQuery(t, ds, map[string]any{"queryType": "loadgen", "format": "compliance", "tasks": []string{"SendMail"}}, day0, day1)
	if lg.Error != nil {
		t.Fatal(lg.Error)
	}
	th, _ := lg.Frames[0].FieldByName("threshold")
	ids := map[string]bool{}
	for i := 0; i < th.Len(); i++ {
		ids[th.At(i).(string)] = true
	}
	if !ids["sendmail-latency-avg"] || !ids["sendmail-latency-p95"] {
		t.Errorf("SendMail rows checked against %v; want the average and p95 limits", ids)
	}
}

// Package panelframes_test records the frames the datasource's back end really
// returns for the Exchange counters of the threshold catalog, as the
// latency-compare panel receives them, into
// src/panel/testdata/backend/exchange-frames.json. The panel's jest suite
// (src/panel/backendFrames.test.tsx) draws its threshold bands on those frames
// (issue 15: the bands must work on the datasource's own data, whose counter
// label is the short name).
//
// The back end runs as Grafana runs it, a gRPC plugin server (the SDK's
// experimental/datasourcetest), against the XenServer pool simulator on a
// fixed clock and seed, so the frames are the same on every run: the test
// fails when the file is stale, and rewrites it with
//
//	go test ./tests/panelframes -update
package panelframes_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/datasourcetest"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/pkg/plugin"
	"github.com/xenbench/xenbench/pkg/thresholds"
)

var update = flag.Bool("update", false, "rewrite src/panel/testdata/backend/exchange-frames.json")

const (
	fixture  = "../../src/panel/testdata/backend/exchange-frames.json"
	password = "panelframes-sim-password"
	// The window of every counter query: 40 perfmon samples (15 s) per series,
	// enough for the panel's statistics and small enough for the repository.
	window = 10 * time.Minute
	// The RPC Averaged Latency query of issue 15 covers the whole scenario
	// (load steps, XenMotion, HA restart), the time range its summary judged.
	rpcWindow = 2 * time.Hour
)

// servedCounters are the catalog counters the simulator writes to its perfmon
// logs (cmd/xapi-sim/sim/exchange_perfmon.go): every one of them must come
// back from the back end, or the jest test would pass on less than it claims.
var servedCounters = []string{
	`\LogicalDisk(*)\Avg. Disk sec/Read`,
	`\LogicalDisk(*)\Avg. Disk sec/Write`,
	`\MSExchangeIS\RPC Averaged Latency`,
	`\MSExchangeIS\RPC Requests`,
	`\MSExchangeTransport Queues(_total)\Aggregate Delivery Queue Length (All Queues)`,
	`\Memory\Available MBytes`,
	`\Processor(_Total)\% Processor Time`,
}

// recordedQuery is one query and the frames of its answer, in the JSON
// Grafana's /api/ds/query sends to the browser (schema and data per frame).
type recordedQuery struct {
	Counter string            `json:"counter"`
	Query   map[string]any    `json:"query"`
	From    int64             `json:"from"`
	To      int64             `json:"to"`
	Frames  []json.RawMessage `json:"frames"`
}

type recording struct {
	About   string          `json:"about"`
	Queries []recordedQuery `json:"queries"`
}

func TestRecordBackendFrames(t *testing.T) {
	cat, err := thresholds.Load()
	if err != nil {
		t.Fatal(err)
	}
	counters := map[string]bool{}
	for _, e := range cat.Entries {
		if !e.IsTask() {
			counters[e.Counter] = true
		}
	}
	var all []string
	for c := range counters {
		all = append(all, c)
	}
	sort.Strings(all)

	client, settings, now := startBackend(t)
	rec := recording{About: "Frames of the xenbench back end (gRPC) against the simulator (seed 11, fixed clock), one exchange query per catalog counter; written by tests/panelframes (go test ./tests/panelframes -update), read by src/panel/backendFrames.test.tsx. Do not edit."}
	var served []string
	for _, c := range all {
		q := record(t, client, settings, c, now.Add(-window), now)
		if len(q.Frames) > 0 {
			served = append(served, c)
			rec.Queries = append(rec.Queries, q)
		}
	}
	if strings.Join(served, "\n") != strings.Join(servedCounters, "\n") {
		t.Fatalf("the back end serves these catalog counters:\n%s\nwant (the simulator's perfmon counters):\n%s",
			strings.Join(served, "\n"), strings.Join(servedCounters, "\n"))
	}
	rpc := record(t, client, settings, `\MSExchangeIS\RPC Averaged Latency`, now.Add(-rpcWindow), now)
	rpc.Counter += " (whole scenario)"
	rec.Queries = append(rec.Queries, rpc)

	got, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.MkdirAll(filepath.Dir(fixture), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(fixture, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatalf("%v: run go test ./tests/panelframes -update", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale (the back end's frames changed): run go test ./tests/panelframes -update and check the panel's jest suite", fixture)
	}
}

func record(t *testing.T, client *datasourcetest.TestPluginClient, settings *backend.DataSourceInstanceSettings, counter string, from, to time.Time) recordedQuery {
	t.Helper()
	model := map[string]any{"queryType": "exchange", "counters": []string{`\\*` + counter}}
	raw, _ := json.Marshal(model)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := client.QueryData(ctx, &backend.QueryDataRequest{
		PluginContext: backend.PluginContext{OrgID: 1, PluginID: plugin.PluginID, DataSourceInstanceSettings: settings},
		Queries: []backend.DataQuery{{RefID: "A", JSON: raw, TimeRange: backend.TimeRange{From: from, To: to},
			Interval: 15 * time.Second, MaxDataPoints: 1000}},
	})
	if err != nil {
		t.Fatalf("QueryData over gRPC: %v", err)
	}
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Fatalf("%s: %v", counter, r.Error)
	}
	q := recordedQuery{Counter: counter, Query: model, From: from.UnixMilli(), To: to.UnixMilli()}
	for _, f := range r.Frames {
		if !hasValues(f) {
			continue
		}
		b, err := data.FrameToJSON(f, data.IncludeAll)
		if err != nil {
			t.Fatal(err)
		}
		q.Frames = append(q.Frames, b)
	}
	return q
}

// hasValues leaves out the empty frame the back end returns (with its notice)
// when a pattern matches no column.
func hasValues(f *data.Frame) bool {
	n, err := f.RowLen()
	return err == nil && n > 0
}

// startBackend plays the simulator's `all` scenario (two hours of history, the
// load steps, a XenMotion, an HA failure) on a fixed clock and starts the
// plugin's gRPC server with a datasource reading the simulator's files.
func startBackend(t *testing.T) (*datasourcetest.TestPluginClient, *backend.DataSourceInstanceSettings, time.Time) {
	t.Helper()
	clock := sim.NewManualClock(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	logs := t.TempDir()
	srv, err := sim.Start(sim.Options{Hosts: 3, Seed: 11, Scenario: sim.ScenarioAll, User: "root", Password: password,
		Clock: clock, History: 2 * time.Hour, LogDir: logs})
	if err != nil {
		t.Fatalf("start the simulator: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	for d := time.Duration(0); d < 125*time.Minute; d += 5 * time.Minute {
		if err := srv.Advance(5 * time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	tp, err := datasourcetest.Manage(plugin.NewDatasource, datasourcetest.ManageOpts{Address: addr})
	if err != nil {
		t.Fatalf("start the plugin's gRPC server: %v", err)
	}
	t.Cleanup(func() { _ = tp.Shutdown() })
	jsonData, _ := json.Marshal(map[string]any{"username": "root", "logFolder": logs, "timeoutSeconds": 20, "exchangeVersion": "2007"})
	return tp.Client, &backend.DataSourceInstanceSettings{
		ID: 1, UID: "xenbench", Type: plugin.PluginID, Name: "sim", URL: srv.MasterURL(), JSONData: jsonData,
		DecryptedSecureJSONData: map[string]string{"password": password}, Updated: clock.Now(),
	}, srv.Now()
}

package backend_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/tests/pluginhost"
)

// TestOneSlowHostCostsOneTimeout drives the built back end over the plugin protocol
// against a 3-host pool whose host 3 (xenserver-03) answers rrd_updates only after 30 s
// (a loopback fault, cancelled when the test ends), with a 3 s datasource timeout:
//
//   - a 12-target refresh finishes in about one timeout (targets run concurrently and
//     share the one request to the slow host), not one timeout per metric target;
//   - every metric target names the slow host in a notice and has the others' series;
//   - the next refresh skips the host at once, saying until when;
//   - an alert evaluation (FromAlert, reducer, Grafana's deadline) gets numbers for the
//     healthy hosts and the notice, within its deadline;
//   - once slowHostSeconds has passed and the host answers again, it is back.
func TestOneSlowHostCostsOneTimeout(t *testing.T) {
	srv, err := sim.Start(sim.Options{Hosts: 3, VMs: 12, Seed: 5, Scenario: sim.ScenarioSteady, User: "root", Password: password,
		Clock: sim.NewManualClock(time.Now().UTC().Truncate(5 * time.Second)), History: time.Hour})
	if err != nil {
		t.Fatalf("start the simulator: %v", err)
	}
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	h := pluginhost.StartT(ctx, t, pluginhost.Options{})

	const timeout = 3 * time.Second
	const slowHost = "xenserver-03"
	ds, err := pluginhost.NewSettings("slow", srv.MasterURL(),
		map[string]any{"username": "root", "timeoutSeconds": int(timeout / time.Second), "slowHostSeconds": 2, "maxConcurrentRequests": 4},
		map[string]string{"password": password})
	if err != nil {
		t.Fatal(err)
	}
	// The pool's clock stays at the wall clock's (the plugin asks relative to its own).
	now := srv.Now()
	metricTargets := []map[string]any{
		{"queryType": "metrics", "object": "host", "metrics": []string{"cpu_avg"}},
		{"queryType": "metrics", "object": "host", "metrics": []string{"memory_free_kib"}},
		{"queryType": "metrics", "object": "host", "metrics": []string{"cpu0"}},
		{"queryType": "metrics", "object": "vm", "metrics": []string{"cpu0"}},
		{"queryType": "metrics", "object": "vm", "metrics": []string{"memory"}},
		{"queryType": "metrics", "object": "vm", "metrics": []string{"vbd_*_read_latency"}},
		{"queryType": "metrics", "object": "sr", "metrics": []string{"read_latency"}},
	}
	var queries []pluginhost.Query
	for i, m := range append(metricTargets,
		map[string]any{"queryType": "events", "format": "table"},
		map[string]any{"queryType": "inventory", "inventoryKind": "hosts"},
		map[string]any{"queryType": "inventory", "inventoryKind": "vms"},
		map[string]any{"queryType": "inventory", "inventoryKind": "srs"},
		map[string]any{"queryType": "inventory", "inventoryKind": "pools"},
	) {
		queries = append(queries, pluginhost.Query{RefID: string(rune('A' + i)), Model: m, From: now.Add(-10 * time.Minute), To: now})
	}
	refresh := func(t *testing.T) (*backend.QueryDataResponse, time.Duration) {
		t.Helper()
		req, err := pluginhost.QueryRequest(ds, false, queries...)
		if err != nil {
			t.Fatal(err)
		}
		began := time.Now()
		resp, err := h.QueryData(ctx, req)
		if err != nil {
			t.Fatalf("QueryData: %v", err)
		}
		return resp, time.Since(began)
	}

	// Log in and read the inventory with every host answering; the RRD rows are not
	// read yet, so the first refresh below asks every host.
	health, err := h.CheckHealth(ctx, ds)
	if err != nil || health.Status != backend.HealthStatusOk || !strings.Contains(health.Message, "3 hosts") {
		t.Fatalf("health before the fault: %v %v", health, err)
	}
	if err := srv.SetFault(sim.Faults{Delay: 30 * time.Second, Hosts: []int{2}, Paths: []string{"/rrd_updates"}}); err != nil {
		t.Fatal(err)
	}

	t.Run("first refresh: one timeout, notices by every metric target", func(t *testing.T) {
		resp, took := refresh(t)
		// Sequential targets would take 7 timeouts (21 s); the budget is 2 timeouts.
		if took > 2*timeout+2*time.Second {
			t.Errorf("refresh took %s with one slow host and a %s timeout", took, timeout)
		}
		for i := range metricTargets {
			r := resp.Responses[queries[i].RefID]
			if r.Error != nil {
				t.Fatalf("target %s failed instead of returning the healthy hosts: %v", queries[i].RefID, r.Error)
			}
			if !noticeMentions(r, slowHost) {
				t.Errorf("target %s: no notice naming %s: %v", queries[i].RefID, slowHost, notices(r))
			}
			if hasHostLabel(r, slowHost) {
				t.Errorf("target %s has series of the slow host", queries[i].RefID)
			}
		}
		if !hasHostLabel(resp.Responses["A"], "xenserver-01") || !hasHostLabel(resp.Responses["A"], "xenserver-02") {
			t.Errorf("healthy hosts missing from target A")
		}
	})

	t.Run("next refresh skips the slow host at once", func(t *testing.T) {
		resp, took := refresh(t)
		if took > timeout {
			t.Errorf("refresh took %s although the slow host is remembered", took)
		}
		r := resp.Responses["A"]
		if !noticeMentions(r, "skipped slow host(s) "+slowHost) || !noticeMentions(r, "tried again") {
			t.Errorf("no skip notice: %v", notices(r))
		}
	})

	t.Run("alert evaluation gets the healthy hosts' numbers", func(t *testing.T) {
		deadline := 10 * time.Second
		actx, acancel := context.WithTimeout(ctx, deadline)
		defer acancel()
		req, err := pluginhost.QueryRequest(ds, true, pluginhost.Query{RefID: "A", From: now.Add(-10 * time.Minute), To: now,
			Model: map[string]any{"queryType": "metrics", "object": "host", "metrics": []string{"cpu_avg"}, "reducer": "mean"}})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := h.QueryData(actx, req)
		if err != nil {
			t.Fatalf("alert query did not come back within Grafana's %s deadline: %v", deadline, err)
		}
		r := resp.Responses["A"]
		if r.Error != nil {
			t.Fatalf("alert query failed: %v", r.Error)
		}
		numbers := 0
		for _, f := range r.Frames {
			if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericMulti {
				t.Fatalf("alert frame type %v, want numeric-multi", f.Meta)
			}
			if v, ok := f.Fields[0].At(0).(*float64); ok && v != nil {
				numbers++
			}
		}
		if numbers != 2 || !noticeMentions(r, slowHost) {
			t.Errorf("alert query: %d numbers (want the 2 healthy hosts), notices %v", numbers, notices(r))
		}
	})

	t.Run("alert deadline shorter than the timeout: numbers, never a hang", func(t *testing.T) {
		// A fresh instance with the default 30 s timeout: only Grafana's 4 s evaluation
		// deadline can bound the request.
		ds30, err := pluginhost.NewSettings("slow30", srv.MasterURL(), map[string]any{"username": "root"}, map[string]string{"password": password})
		if err != nil {
			t.Fatal(err)
		}
		actx, acancel := context.WithTimeout(ctx, 4*time.Second)
		defer acancel()
		req, err := pluginhost.QueryRequest(ds30, true, pluginhost.Query{RefID: "A", From: now.Add(-10 * time.Minute), To: now,
			Model: map[string]any{"queryType": "metrics", "object": "host", "metrics": []string{"cpu_avg"}, "reducer": "max"}})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := h.QueryData(actx, req)
		if err != nil {
			t.Fatalf("alert query did not come back within Grafana's 4 s deadline: %v", err)
		}
		r := resp.Responses["A"]
		if r.Error != nil || len(r.Frames) != 2 || !noticeMentions(r, "time budget") {
			t.Errorf("alert query: error %v, %d frames (want the 2 healthy hosts), notices %v", r.Error, len(r.Frames), notices(r))
		}
	})

	t.Run("the host is back once it answers again", func(t *testing.T) {
		srv.ClearFaults()
		// Wait for the condition (the 2 s slow-host memory ending), bounded.
		until := time.Now().Add(30 * time.Second)
		for {
			resp, _ := refresh(t)
			if hasHostLabel(resp.Responses["A"], slowHost) {
				return
			}
			if time.Now().After(until) {
				t.Fatalf("%s still missing 30 s after it answers again: %v", slowHost, notices(resp.Responses["A"]))
			}
			time.Sleep(250 * time.Millisecond) // between polls of the condition
		}
	})
}

func hasHostLabel(r backend.DataResponse, host string) bool {
	for _, f := range r.Frames {
		for _, fld := range f.Fields {
			if fld.Labels["host"] == host {
				return true
			}
		}
	}
	return false
}

func notices(r backend.DataResponse) []string {
	var out []string
	for _, f := range r.Frames {
		if f.Meta != nil {
			for _, n := range f.Meta.Notices {
				out = append(out, n.Text)
			}
		}
	}
	return out
}

func noticeMentions(r backend.DataResponse, text string) bool {
	for _, n := range notices(r) {
		if strings.Contains(n, text) {
			return true
		}
	}
	return false
}

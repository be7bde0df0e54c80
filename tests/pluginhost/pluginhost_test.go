package pluginhost_test

import (
	"context"
	"encoding/json"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/tests/pluginhost"
)

const password = "pluginhost-test-password"

func startSim(t *testing.T) *sim.Server {
	t.Helper()
	srv, err := sim.Start(sim.Options{Hosts: 2, VMs: 6, Seed: 3, Scenario: sim.ScenarioSteady, User: "root", Password: password,
		Clock: sim.NewManualClock(time.Now().UTC().Truncate(5 * time.Second)), History: time.Hour})
	if err != nil {
		t.Fatalf("start the simulator: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

func startHost(t *testing.T, opts pluginhost.Options) *pluginhost.Host {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // includes a first `go build`
	defer cancel()
	h, err := pluginhost.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h
}

func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

// TestHostRunsTheBuiltBinary drives the built back end through the plugin protocol:
// health, a metrics query, a resource call, and a clean stop of the child process.
func TestHostRunsTheBuiltBinary(t *testing.T) {
	srv := startSim(t)
	h := startHost(t, pluginhost.Options{})
	if h.PID() <= 0 || !alive(h.PID()) {
		t.Fatalf("plugin process %d not running", h.PID())
	}
	ds, err := pluginhost.NewSettings("sim", srv.MasterURL(), map[string]any{"username": "root", "timeoutSeconds": 10},
		map[string]string{"password": password})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	health, err := h.CheckHealth(ctx, ds)
	if err != nil {
		t.Fatalf("CheckHealth: %v", err)
	}
	if health.Status != backend.HealthStatusOk || !strings.Contains(health.Message, "2 hosts") {
		t.Fatalf("health %s: %s", health.Status, health.Message)
	}

	now := srv.Now()
	req, err := pluginhost.QueryRequest(ds, false, pluginhost.Query{RefID: "A", From: now.Add(-10 * time.Minute), To: now,
		Model: map[string]any{"queryType": "metrics", "object": "host", "selector": "*", "metrics": []string{"cpu_avg"}}})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := h.QueryData(ctx, req)
	if err != nil {
		t.Fatalf("QueryData: %v", err)
	}
	a := resp.Responses["A"]
	if a.Error != nil {
		t.Fatalf("query A: %v", a.Error)
	}
	rows := 0
	for _, f := range a.Frames {
		rows += f.Rows()
	}
	if len(a.Frames) == 0 || rows == 0 {
		t.Fatalf("query A: %d frames, %d rows", len(a.Frames), rows)
	}

	res, err := h.CallResource(ctx, pluginhost.ResourceRequest(ds, "GET", "inventory?kind=hosts", nil))
	if err != nil {
		t.Fatalf("CallResource: %v", err)
	}
	if res.Status != 200 || !json.Valid(res.Body) {
		t.Fatalf("GET inventory: %d %s", res.Status, res.Body)
	}

	pid := h.PID()
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if !h.Exited() || alive(pid) {
		t.Fatalf("plugin process %d still running after Close", pid)
	}
}

// TestHostSecretsStayInSecureJSON checks a wrong password reaches the plugin only in
// secureJsonData and comes back as an actionable health error that does not echo it.
func TestHostSecretsStayInSecureJSON(t *testing.T) {
	srv := startSim(t)
	h := startHost(t, pluginhost.Options{})
	const wrong = "not-the-password-4711"
	ds, err := pluginhost.NewSettings("sim", srv.MasterURL(), map[string]any{"username": "root", "timeoutSeconds": 5},
		map[string]string{"password": wrong})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	health, err := h.CheckHealth(ctx, ds)
	if err != nil {
		t.Fatalf("CheckHealth: %v", err)
	}
	if health.Status != backend.HealthStatusError {
		t.Fatalf("health with a wrong password: %s %s", health.Status, health.Message)
	}
	if strings.Contains(health.Message, wrong) || strings.Contains(string(health.JSONDetails), wrong) {
		t.Fatalf("health result leaks the password: %s", health.Message)
	}
}

// TestHostMaxLifetime checks the child is killed when its lifetime ends, whatever the caller does.
func TestHostMaxLifetime(t *testing.T) {
	h := startHost(t, pluginhost.Options{MaxLifetime: 200 * time.Millisecond})
	pid := h.PID()
	deadline := time.Now().Add(10 * time.Second)
	for alive(pid) && !h.Exited() {
		if time.Now().After(deadline) {
			t.Fatalf("plugin process %d still running 10 s after its 200 ms lifetime", pid)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition, bounded above
	}
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/tests/pluginhost"
)

// TestAPIServesTheRealBackEnd runs the HTTP API in front of the built back end against
// a simulated pool: health, a query with Grafana's request shape, and a resource route.
func TestAPIServesTheRealBackEnd(t *testing.T) {
	srv, err := sim.Start(sim.Options{Hosts: 2, VMs: 6, Seed: 5, Scenario: sim.ScenarioSteady, User: "root", Password: "pw",
		Clock: sim.NewManualClock(time.Now().UTC().Truncate(5 * time.Second)), History: time.Hour})
	if err != nil {
		t.Fatalf("start the simulator: %v", err)
	}
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	h := pluginhost.StartT(ctx, t, pluginhost.Options{})
	s, err := pluginhost.NewSettings("sim", srv.MasterURL(), map[string]any{"username": "root"}, map[string]string{"password": "pw"})
	if err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(newAPI(h, map[string]*backend.DataSourceInstanceSettings{"sim": s}))
	defer web.Close()

	get := func(method, path, body string) (int, string) {
		req, _ := http.NewRequestWithContext(ctx, method, web.URL+path, strings.NewReader(body))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}

	if code, body := get("GET", "/api/datasources/uid/sim/health", ""); code != 200 || !strings.Contains(body, `"status":"OK"`) {
		t.Fatalf("health: %d %s", code, body)
	}
	if code, body := get("GET", "/api/datasources/uid/nope/health", ""); code != 404 {
		t.Fatalf("health of an unknown uid: %d %s", code, body)
	}
	now := srv.Now()
	q := fmt.Sprintf(`{"from":"%d","to":"%d","queries":[{"refId":"A","datasource":{"uid":"sim"},"queryType":"metrics","object":"host","selector":"*","metrics":["cpu_avg"]}]}`,
		now.Add(-10*time.Minute).UnixMilli(), now.UnixMilli())
	code, body := get("POST", "/api/ds/query", q)
	if code != 200 {
		t.Fatalf("query: %d %s", code, body)
	}
	var out struct {
		Results map[string]struct {
			Frames []json.RawMessage `json:"frames"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || len(out.Results["A"].Frames) == 0 {
		t.Fatalf("query response without frames (%v): %.300s", err, body)
	}
	if code, body := get("GET", "/api/datasources/uid/sim/resources/inventory?kind=hosts", ""); code != 200 || !json.Valid([]byte(body)) {
		t.Fatalf("resource: %d %s", code, body)
	}
}

func TestParseTime(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"now": now, "now-1h": now.Add(-time.Hour), "now-2d": now.Add(-48 * time.Hour), "1700000000000": time.UnixMilli(1700000000000),
	} {
		got, err := parseTime(in, now, time.Time{})
		if err != nil || !got.Equal(want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"yesterday", "now-xh", "now-3w"} {
		if _, err := parseTime(bad, now, time.Time{}); err == nil {
			t.Errorf("parseTime(%q) accepted", bad)
		}
	}
}

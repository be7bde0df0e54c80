package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/tests/pluginhost"
)

// Integration tests: the whole back end (NewDatasource, QueryData, CheckHealth) against
// the simulated pool in cmd/xapi-sim/sim, which speaks real XAPI over HTTP on
// 127.0.0.x. The simulator runs on a manual clock starting at the wall clock's now, so
// Grafana-style time ranges line up with its RRD rows.

const poolSimPassword = "sim-Pa55-word"

// poolLogCapture replaces log.DefaultLogger for a test and keeps every line, so tests can
// grep logs for secrets.
type poolLogCapture struct {
	mu    sync.Mutex
	lines []string
}

type poolCapturingLogger struct {
	c    *poolLogCapture
	with []any
}

func (l poolCapturingLogger) add(level, msg string, args []any) {
	l.c.mu.Lock()
	defer l.c.mu.Unlock()
	l.c.lines = append(l.c.lines, fmt.Sprint(level, " ", msg, " ", l.with, args))
}
func (l poolCapturingLogger) Debug(msg string, args ...any)          { l.add("debug", msg, args) }
func (l poolCapturingLogger) Info(msg string, args ...any)           { l.add("info", msg, args) }
func (l poolCapturingLogger) Warn(msg string, args ...any)           { l.add("warn", msg, args) }
func (l poolCapturingLogger) Error(msg string, args ...any)          { l.add("error", msg, args) }
func (l poolCapturingLogger) Level() log.Level                       { return log.Debug }
func (l poolCapturingLogger) FromContext(context.Context) log.Logger { return l }
func (l poolCapturingLogger) With(args ...any) log.Logger {
	return poolCapturingLogger{c: l.c, with: append(append([]any{}, l.with...), args...)}
}

func capturePoolLogs(t *testing.T) *poolLogCapture {
	c := &poolLogCapture{}
	old := log.DefaultLogger
	log.DefaultLogger = poolCapturingLogger{c: c}
	t.Cleanup(func() { log.DefaultLogger = old })
	return c
}

func (c *poolLogCapture) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.lines...)
}

type poolSim struct {
	srv   *sim.Server
	clock *sim.ManualClock
}

func startPoolSim(t testing.TB, hosts, vms int) *poolSim {
	t.Helper()
	clock := sim.NewManualClock(time.Now().UTC().Truncate(5 * time.Second))
	srv, err := sim.Start(sim.Options{Hosts: hosts, VMs: vms, Seed: 7, Scenario: sim.ScenarioSteady, User: "root", Password: poolSimPassword, Clock: clock, History: 2 * time.Hour})
	if err != nil {
		t.Fatalf("the in-process simulator (cmd/xapi-sim/sim) did not start: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return &poolSim{srv: srv, clock: clock}
}

func newPoolTestDatasource(t testing.TB, url, password string, extra map[string]any) *Datasource {
	t.Helper()
	js := map[string]any{"username": "root", "timeoutSeconds": 5, "maxConcurrentRequests": 4}
	for k, v := range extra {
		js[k] = v
	}
	raw, _ := json.Marshal(js)
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{
		UID: "xs", URL: url, JSONData: raw, DecryptedSecureJSONData: map[string]string{"password": password},
	})
	if err != nil {
		t.Fatal(err)
	}
	ds := inst.(*Datasource)
	t.Cleanup(ds.Dispose)
	return ds
}

func poolQuery(t testing.TB, ds *Datasource, refID string, model map[string]any, from, to time.Time) backend.DataResponse {
	t.Helper()
	raw, _ := json.Marshal(model)
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: refID, JSON: raw, TimeRange: backend.TimeRange{From: from, To: to}, Interval: 5 * time.Second, MaxDataPoints: 1000,
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Responses[refID]
}

// checkPoolDataplane verifies the frames against the dataplane contract that alerting and
// server-side expressions read (https://grafana.github.io/dataplane/contract/): the
// declared type and version, one time field (ascending, not nullable) and numeric
// value fields for timeseries-multi; no time field and one row for numeric-multi.
// github.com/grafana/dataplane/sdata is not on the module proxy this repo can reach,
// so these checks are written out here.
func checkPoolDataplane(t *testing.T, frames data.Frames) {
	t.Helper()
	seen := map[string]bool{}
	for i, f := range frames {
		if f.Meta == nil {
			t.Fatalf("frame %d has no meta (type)", i)
		}
		if f.Meta.TypeVersion != (data.FrameTypeVersion{0, 1}) {
			t.Errorf("frame %d type version %v, want 0.1", i, f.Meta.TypeVersion)
		}
		var timeFields, numFields int
		for _, fld := range f.Fields {
			switch {
			case fld.Type() == data.FieldTypeTime:
				timeFields++
				for r := 1; r < fld.Len(); r++ {
					if fld.At(r).(time.Time).Before(fld.At(r - 1).(time.Time)) {
						t.Errorf("frame %d: time not ascending at row %d", i, r)
					}
				}
			case fld.Type().Numeric():
				numFields++
				key := f.Name + fld.Name + fld.Labels.String()
				if seen[key] {
					t.Errorf("frame %d: duplicate series %s", i, key)
				}
				seen[key] = true
			default:
				t.Errorf("frame %d: field %s of type %s is neither time nor number", i, fld.Name, fld.Type())
			}
		}
		switch f.Meta.Type {
		case data.FrameTypeTimeSeriesMulti:
			if timeFields != 1 || numFields != 1 {
				t.Errorf("timeseries-multi frame %d has %d time and %d number fields, want 1 and 1", i, timeFields, numFields)
			}
		case data.FrameTypeTimeSeriesWide:
			if len(frames) != 1 || timeFields != 1 || numFields < 1 || f.Fields[0].Type() != data.FieldTypeTime {
				t.Errorf("timeseries-wide: %d frames, %d time and %d number fields (want one frame, its time field first)", len(frames), timeFields, numFields)
			}
		case data.FrameTypeNumericMulti:
			if timeFields != 0 || numFields != 1 || f.Rows() > 1 {
				t.Errorf("numeric-multi frame %d: %d time fields, %d numbers, %d rows", i, timeFields, numFields, f.Rows())
			}
		default:
			t.Errorf("frame %d type %q is not a dataplane numeric type", i, f.Meta.Type)
		}
	}
}

func TestPoolAgainstSimulator(t *testing.T) {
	logs := capturePoolLogs(t)
	p := startPoolSim(t, 3, 12)
	ds := newPoolTestDatasource(t, p.srv.MasterURL(), poolSimPassword, nil)
	ctx := context.Background()
	now := p.srv.Now()
	from, to := now.Add(-10*time.Minute), now
	var produced []string // every error text and frame, for the secret check

	t.Run("health", func(t *testing.T) {
		res, err := ds.CheckHealth(ctx, &backend.CheckHealthRequest{})
		if err != nil {
			t.Fatal(err)
		}
		produced = append(produced, res.Message)
		if res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, "xenbench-pool") || !strings.Contains(res.Message, "3 hosts") || !strings.Contains(res.Message, "12 VMs") {
			t.Fatalf("health %v: %s", res.Status, res.Message)
		}
	})

	t.Run("metrics of VMs by name glob", func(t *testing.T) {
		r := poolQuery(t, ds, "A", map[string]any{"queryType": "metrics", "object": "vm", "selector": "EXVM*", "metrics": []string{"cpu0", "memory"}}, from, to)
		if r.Error != nil {
			t.Fatal(r.Error)
		}
		checkPoolDataplane(t, r.Frames)
		r.Frames = pluginhost.SplitWide(r.Frames)
		vms := map[string]bool{}
		for _, f := range r.Frames {
			v := f.Fields[1]
			vms[v.Labels["vm"]] = true
			if v.Labels["metric"] == "memory" && v.Config.Unit != "bytes" || v.Labels["metric"] == "cpu0" && v.Config.Unit != "percentunit" {
				t.Errorf("%s unit %q", v.Labels["metric"], v.Config.Unit)
			}
			if f.Rows() < 60 {
				t.Errorf("series %v has %d rows over 10 minutes at 5 s, want ~120", v.Labels, f.Rows())
			}
			b, _ := json.Marshal(f)
			produced = append(produced, string(b))
		}
		if len(vms) != 4 || len(r.Frames) != 8 {
			t.Fatalf("got %d frames for VMs %v, want 8 frames for the 4 Exchange VMs", len(r.Frames), vms)
		}
	})

	t.Run("reducer gives numeric-multi for alerting", func(t *testing.T) {
		r := poolQuery(t, ds, "B", map[string]any{"queryType": "metrics", "object": "host", "metrics": []string{"cpu_avg"}, "reducer": "mean"}, from, to)
		if r.Error != nil {
			t.Fatal(r.Error)
		}
		checkPoolDataplane(t, r.Frames)
		if len(r.Frames) != 3 {
			t.Fatalf("%d frames, want one per host", len(r.Frames))
		}
	})

	t.Run("unknown metric is a clear error", func(t *testing.T) {
		r := poolQuery(t, ds, "C", map[string]any{"queryType": "metrics", "object": "vm", "selector": "EXVM01", "metrics": []string{"no_such_metric"}}, from, to)
		if r.Error == nil || !strings.Contains(r.Error.Error(), "no_such_metric") || !strings.Contains(r.Error.Error(), "inventory") {
			t.Fatalf("error %v", r.Error)
		}
		produced = append(produced, r.Error.Error())
	})

	t.Run("inventory", func(t *testing.T) {
		for kind, want := range map[string]string{"vms": "EXVM01", "hosts": p.srv.Hosts()[0].Name, "pools": "xenbench-pool", "metrics": "cpu0"} {
			r := poolQuery(t, ds, "I", map[string]any{"queryType": "inventory", "inventoryKind": kind, "object": "vm", "selector": "EXVM01"}, from, to)
			if r.Error != nil {
				t.Fatalf("%s: %v", kind, r.Error)
			}
			f := r.Frames[0]
			if f.Fields[0].Name != "text" || f.Fields[1].Name != "value" {
				t.Fatalf("%s: fields %s, %s", kind, f.Fields[0].Name, f.Fields[1].Name)
			}
			found := false
			for i := 0; i < f.Rows(); i++ {
				found = found || f.Fields[0].At(i).(string) == want
			}
			if !found {
				t.Errorf("inventory %s lacks %s", kind, want)
			}
		}
	})

	t.Run("migration keeps the series and is annotated", func(t *testing.T) {
		vm, _ := p.srv.VM("EXVM01")
		target := (vm.ResidentOn + 1) % 3
		if _, err := p.srv.MigrateVM("EXVM01", target); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 12; i++ {
			if err := p.srv.Advance(5 * time.Second); err != nil {
				t.Fatal(err)
			}
		}
		now := p.srv.Now()
		var r backend.DataResponse
		waitUntil(t, "the migration is annotated", func() bool {
			r = poolQuery(t, ds, "E", map[string]any{"queryType": "events", "eventKinds": []string{"migration"}, "format": "annotations"}, now.Add(-time.Hour), now.Add(time.Minute))
			return r.Error == nil && r.Frames[0].Rows() > 0
		})
		f := r.Frames[0]
		if f.Rows() != 1 || !strings.Contains(f.Fields[2].At(0).(string), "EXVM01") {
			t.Fatalf("annotations: %d rows, first title %v", f.Rows(), f.Fields)
		}
		// The watcher drops the cached inventory when it records the migration
		// (OnPlacementChange); wait until the VM list shows the new host.
		targetHost := p.srv.Hosts()[target].Name
		waitUntil(t, "the inventory shows EXVM01 on "+targetHost, func() bool {
			r := poolQuery(t, ds, "V", map[string]any{"queryType": "inventory", "inventoryKind": "vms", "filter": "^EXVM01$"}, now.Add(-time.Hour), now)
			if r.Error != nil || r.Frames[0].Rows() != 1 {
				return false
			}
			host, _ := r.Frames[0].FieldByName("host")
			return host != nil && host.At(0).(string) == targetHost
		})
		r = poolQuery(t, ds, "M", map[string]any{"queryType": "metrics", "object": "vm", "selector": "EXVM01", "metrics": []string{"cpu0"}}, now.Add(-10*time.Minute), now)
		if r.Error != nil {
			t.Fatal(r.Error)
		}
		checkPoolDataplane(t, r.Frames)
		if len(r.Frames) != 1 || r.Frames[0].Rows() < 100 {
			t.Fatalf("after migration: %d frames, %d rows; want one continuous series", len(r.Frames), r.Frames[0].Rows())
		}
	})

	assertNoSecretsIn(t, append(produced, logs.all()...), poolSimPassword)
}

func TestPoolFailuresAgainstSimulator(t *testing.T) {
	logs := capturePoolLogs(t)
	p := startPoolSim(t, 3, 8)
	now := p.srv.Now()
	var produced []string

	t.Run("wrong password", func(t *testing.T) {
		ds := newPoolTestDatasource(t, p.srv.MasterURL(), "not-"+poolSimPassword, nil)
		res, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		produced = append(produced, res.Message)
		if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, "password") {
			t.Fatalf("health %v: %s", res.Status, res.Message)
		}
	})

	t.Run("slave address is followed", func(t *testing.T) {
		slave := p.srv.HostURLs()[1]
		ds := newPoolTestDatasource(t, slave, poolSimPassword, nil)
		res, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		produced = append(produced, res.Message)
		if res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, "not the pool master") {
			t.Fatalf("health through a slave: %s", res.Message)
		}
	})

	t.Run("session expiry mid-use", func(t *testing.T) {
		ds := newPoolTestDatasource(t, p.srv.MasterURL(), poolSimPassword, nil)
		m := map[string]any{"queryType": "metrics", "object": "host", "metrics": []string{"cpu0"}}
		if r := poolQuery(t, ds, "A", m, now.Add(-5*time.Minute), now); r.Error != nil {
			t.Fatal(r.Error)
		}
		p.srv.ExpireSessions()
		// The health check re-reads the inventory with the expired session.
		if h, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{}); err != nil || h.Status != backend.HealthStatusOk {
			t.Fatalf("health after session expiry: %v %v", h, err)
		}
		r := poolQuery(t, ds, "A", m, now.Add(-5*time.Minute), now)
		if r.Error != nil {
			t.Fatalf("after session expiry: %v", r.Error)
		}
	})

	t.Run("malformed and truncated rrd_updates", func(t *testing.T) {
		for _, fault := range []sim.Faults{{Malformed: true, Paths: []string{"/rrd_updates"}}, {Truncate: true, Paths: []string{"/rrd_updates"}}} {
			if err := p.srv.SetFault(fault); err != nil {
				t.Fatal(err)
			}
			ds := newPoolTestDatasource(t, p.srv.MasterURL(), poolSimPassword, nil)
			r := poolQuery(t, ds, "A", map[string]any{"queryType": "metrics", "object": "host", "metrics": []string{"cpu0"}}, now.Add(-5*time.Minute), now)
			p.srv.ClearFaults()
			if r.Error == nil || !backend.IsDownstreamError(r.Error) && r.ErrorSource != backend.ErrorSourceDownstream {
				t.Fatalf("fault %+v: error %v (source %s)", fault, r.Error, r.ErrorSource)
			}
			produced = append(produced, r.Error.Error())
		}
	})

	t.Run("host down mid-query gives partial data and a notice", func(t *testing.T) {
		// Power off one host that is not the master: its rrd_updates connection is
		// dropped without an answer (sim/http.go), the others answer. The query must
		// return every other host's series and a warning notice naming the one missing.
		var down sim.HostState
		for _, h := range p.srv.Hosts() {
			if h.URL != p.srv.MasterURL() {
				down = h
			}
		}
		if down.Name == "" {
			t.Fatal("the simulated pool has no host besides the master")
		}
		ds := newPoolTestDatasource(t, p.srv.MasterURL(), poolSimPassword, nil)
		p.srv.FailHost(down.Index)
		r := poolQuery(t, ds, "A", map[string]any{"queryType": "metrics", "object": "host", "metrics": []string{"cpu0"}}, now.Add(-5*time.Minute), now)
		if r.Error != nil {
			t.Fatalf("one host down failed the whole query: %v", r.Error)
		}
		b, _ := json.Marshal(r.Frames)
		produced = append(produced, string(b))
		got := map[string]int{}
		for _, f := range r.Frames {
			for _, fld := range f.Fields {
				if h := fld.Labels["host"]; h != "" && fld.Type().Numeric() {
					got[h] += fld.Len()
				}
			}
		}
		for _, h := range p.srv.Hosts() {
			switch {
			case h.Name == down.Name && got[h.Name] != 0:
				t.Errorf("host %s is down but has %d values", h.Name, got[h.Name])
			case h.Name != down.Name && got[h.Name] == 0:
				t.Errorf("host %s answered but has no cpu0 values (got %v)", h.Name, got)
			}
		}
		if len(r.Frames) == 0 || r.Frames[0].Meta == nil {
			t.Fatal("no frame meta to carry the notice")
		}
		var notice *data.Notice
		for i, n := range r.Frames[0].Meta.Notices {
			if strings.Contains(n.Text, down.Name) {
				notice = &r.Frames[0].Meta.Notices[i]
			}
		}
		if notice == nil || notice.Severity != data.NoticeSeverityWarning || !strings.Contains(notice.Text, "no data from host") {
			t.Fatalf("notices %+v: want a warning that host %s gave no data", r.Frames[0].Meta.Notices, down.Name)
		}
		produced = append(produced, notice.Text)
	})

	assertNoSecretsIn(t, append(produced, logs.all()...), poolSimPassword)
}

// assertNoSecretsIn fails when a text holds the password or anything that could be a
// session ref.
func assertNoSecretsIn(t *testing.T, texts []string, password string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(s, password) {
			t.Errorf("password leaked: %.200s", s)
		}
		// Session refs are OpaqueRef:<uuid>; the plugin has no reason to show any
		// ref at all, so any OpaqueRef in its output fails the test.
		if strings.Contains(s, "session_id=") || strings.Contains(s, "OpaqueRef:") {
			t.Errorf("session id or ref leaked: %.200s", s)
		}
	}
}

// waitUntil polls cond until it holds, failing the test after 5 s with what it waited for.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

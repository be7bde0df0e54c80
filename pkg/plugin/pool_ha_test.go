package plugin

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
)

// TestHAIncidentAndMasterFailover fails the pool master in the simulator: HA restarts
// its VMs elsewhere and promotes another host. The datasource must keep working (it
// finds the new master through the known hosts) and report the incident with the
// restarts and the time to recovery.
func TestHAIncidentAndMasterFailover(t *testing.T) {
	logs := capturePoolLogs(t)
	clock := sim.NewManualClock(time.Now().UTC().Truncate(5 * time.Second))
	srv, err := sim.Start(sim.Options{Hosts: 3, VMs: 8, Seed: 7, User: "root", Password: poolSimPassword, Clock: clock, ControlAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatalf("the in-process simulator (cmd/xapi-sim/sim) did not start: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	p := &poolSim{srv: srv, clock: clock}
	ds := newPoolTestDatasource(t, p.srv.MasterURL(), poolSimPassword, nil)
	ctx := context.Background()
	if res, _ := ds.CheckHealth(ctx, &backend.CheckHealthRequest{}); res.Status != backend.HealthStatusOk {
		t.Fatalf("health before failure: %s", res.Message)
	}
	failedAt := p.srv.Now()
	p.srv.FailHost(0)
	// The simulator does not elect a master by itself; do what xapi's HA does after
	// the master's failure: promote a surviving host.
	resp, err := http.Post(p.srv.ControlURL()+"/control/master?host=1", "", nil)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("promoting host 1: %v %v", resp, err)
	}
	resp.Body.Close()
	for i := 0; i < 36; i++ { // 3 simulated minutes
		if err := p.srv.Advance(5 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	res, _ := ds.CheckHealth(ctx, &backend.CheckHealthRequest{})
	if res.Status != backend.HealthStatusOk {
		t.Fatalf("health after the master failed: %s", res.Message)
	}
	now := p.srv.Now()
	r := poolQuery(t, ds, "H", map[string]any{"queryType": "events", "eventKinds": []string{"ha"}}, failedAt.Add(-time.Minute), now)
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	f := r.Frames[0]
	byName := map[string]int{}
	for i, fld := range f.Fields {
		byName[fld.Name] = i
	}
	col := func(name string, row int) any { return f.Fields[byName[name]].At(row) }
	if f.Rows() < 2 || col("kind", 0) != "ha" {
		t.Fatalf("%d rows, first kind %v: want the incident then its restarts", f.Rows(), col("kind", 0))
	}
	restarted := col("restarted_vms", 0).(int64)
	seconds := func(row int) float64 {
		d, ok := col("duration", row).(*float64)
		if !ok || d == nil {
			t.Fatalf("row %d: no duration", row)
		}
		return *d
	}
	ttr := seconds(0)
	if restarted == 0 || ttr <= 0 || ttr > 180 || int(restarted) != f.Rows()-1 {
		t.Fatalf("incident: %d restarts over %d rows, time to recovery %.0f s", restarted, f.Rows(), ttr)
	}
	for row := 1; row < f.Rows(); row++ {
		if col("kind", row) != "ha_restart" || col("target_host", row) == "" || col("target_host", row) == col("failed_host", row) {
			t.Errorf("restart row %d: kind %v target %v failed %v", row, col("kind", row), col("target_host", row), col("failed_host", row))
		}
		if d := seconds(row); d <= 0 || d > ttr {
			t.Errorf("restart row %d: %.0f s after the failure, incident recovery %.0f s", row, d, ttr)
		}
	}
	r = poolQuery(t, ds, "A", map[string]any{"queryType": "events", "eventKinds": []string{"ha"}, "format": "annotations"}, failedAt.Add(-time.Minute), now)
	if r.Error != nil || r.Frames[0].Rows() != 1 {
		t.Fatalf("annotations: %v", r.Error)
	}
	assertNoSecretsIn(t, append(logs.all(), res.Message), poolSimPassword)
}

// TestHealthFailuresSayCauseAndFix covers the health check's failure texts that need
// a particular pool: a master whose clock is far off, and a self-signed certificate.
func TestHealthFailuresSayCauseAndFix(t *testing.T) {
	logs := capturePoolLogs(t)
	tests := []struct {
		name string
		opts sim.Options
		want []string
	}{
		{"clock skew", sim.Options{Clock: sim.NewManualClock(time.Now().Add(-20 * time.Minute))}, []string{"clock", "NTP"}},
		{"unknown certificate authority", sim.Options{TLS: true}, []string{"unknown certificate authority", "CA certificate"}},
	}
	var produced []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Hosts, opts.VMs, opts.User, opts.Password = 1, 4, "root", poolSimPassword
			if opts.Clock == nil {
				opts.Clock = sim.NewManualClock(time.Now())
			}
			srv, err := sim.Start(opts)
			if err != nil {
				t.Fatalf("the in-process simulator (cmd/xapi-sim/sim) did not start: %v", err)
			}
			defer srv.Close()
			ds := newPoolTestDatasource(t, srv.MasterURL(), poolSimPassword, nil)
			res, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
			produced = append(produced, res.Message)
			if res.Status != backend.HealthStatusError {
				t.Fatalf("health ok: %s", res.Message)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Message, w) {
					t.Errorf("health message lacks %q: %s", w, res.Message)
				}
			}
		})
	}
	assertNoSecretsIn(t, append(produced, logs.all()...), poolSimPassword)
}

package promexport

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"net/http/httptest"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/pkg/exchange"
)

// TestLogFolderCursorsSurviveARestart: perfmon rows written while the exporter was
// down longer than its --backfill arrive after the restart (the state file keeps each
// series' cursor, as it keeps the hosts'), and nothing already sent is sent again.
func TestLogFolderCursorsSurviveARestart(t *testing.T) {
	p := startSim(t, 3, 8, sim.ScenarioAll, 100*time.Minute)
	recv, ts := newReceiver(t)
	stateFile := t.TempDir() + "/state.json"
	src := p.exchange(t)
	run := func() *Exporter {
		t.Helper()
		e, err := New(Config{Exchange: src, Backfill: time.Minute, Now: p.srv.Now,
			RemoteWrite: &RemoteWriteConfig{URL: ts.URL}, StateFile: stateFile})
		if err != nil {
			t.Fatal(err)
		}
		ctx, stop := startSending(e)
		defer stop()
		e.Refresh(ctx)
		wait(t, func() bool { return !e.queue.pending() })
		if err := e.saveState(); err != nil {
			t.Fatal(err)
		}
		return e
	}
	run()
	down := p.srv.Now()
	posts := recv.posts.Load()
	if err := p.srv.Advance(20 * time.Minute); err != nil {
		t.Fatal(err)
	}
	up := p.srv.Now()
	run()
	if recv.posts.Load() == posts {
		t.Fatal("nothing sent after the restart")
	}

	// Every perfmon row the datasource reads for the downtime is in the receiver.
	res, err := src.Counters(context.Background(), exchange.CounterQuery{Counters: allCounters, From: down, To: up})
	if err != nil {
		t.Fatal(err)
	}
	recv.mu.Lock()
	defer recv.mu.Unlock()
	// A VM's perfmon series carry its current host, so rows from before the scenario's
	// migration arrived under the old host: compare without the host label.
	withoutHost := func(key string) string {
		parts := strings.Split(key, "\x00")
		var out []string
		for i := 0; i+1 < len(parts); i += 2 {
			if parts[i] != LabelHost {
				out = append(out, parts[i], parts[i+1])
			}
		}
		return strings.Join(out, "\x00")
	}
	received := map[string]map[int64]float64{}
	for k, pts := range recv.series {
		k = withoutHost(k)
		if received[k] == nil {
			received[k] = map[int64]float64{}
		}
		for tm, v := range pts {
			received[k][tm] = v
		}
	}
	var in interner
	checked := 0
	for _, cs := range res.Series {
		name, _ := counterFamily(cs.Unit)
		key := withoutHost(in.get(name, pairsOf(cs.Labels)...).key)
		got := received[key]
		for i, tm := range cs.Times {
			// NaN is a server that logged no value (the exporter writes no sample).
			if !tm.After(down) || tm.After(up) || math.IsNaN(cs.Values[i]) {
				continue
			}
			if _, ok := got[tm.UnixMilli()]; !ok {
				t.Errorf("%s: the row at %s, written while the exporter was down (%s to %s), never arrived", strings.ReplaceAll(key, "\x00", " "), tm.Format(time.TimeOnly), down.Format(time.TimeOnly), up.Format(time.TimeOnly))
				break
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no perfmon rows in the downtime: the test proves nothing")
	}
	t.Logf("%d perfmon rows of a 20-minute downtime arrived after the restart (backfill 1 minute)", checked)
}

// TestLoadTestResultsAreStampedWithTheRunsEnd: each result is written once, at its
// run's end (the time the datasource's frames give it), not at every refresh.
func TestLoadTestResultsAreStampedWithTheRunsEnd(t *testing.T) {
	p := startSim(t, 3, 8, sim.ScenarioAll, 100*time.Minute)
	recv, ts := newReceiver(t)
	src := p.exchange(t)
	const maxAge = time.Hour
	e, err := New(Config{Exchange: src, Now: p.srv.Now, RemoteWrite: &RemoteWriteConfig{URL: ts.URL}, MaxSampleAge: maxAge})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := startSending(e)
	defer stop()
	for i := 0; i < 3; i++ {
		e.Refresh(ctx)
		wait(t, func() bool { return !e.queue.pending() })
		if err := p.srv.Advance(5 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	results, _, err := src.Results(ctx, exchange.ResultQuery{})
	if err != nil {
		t.Fatal(err)
	}
	recv.mu.Lock()
	defer recv.mu.Unlock()
	var in interner
	checked, old := 0, 0
	for _, r := range results {
		key := in.get(FamLoadgenP95, LabelWorkload, r.Workload, LabelPlatform, r.Platform, LabelServer, r.Server, LabelTask, r.Task, LabelRun, r.RunID).key
		pts := recv.series[key]
		// Older than MaxSampleAge at the first refresh: not sent (Prometheus would
		// refuse the whole request), counted as dropped.
		if r.End.Before(p.srv.Now().Add(-maxAge)) {
			if len(pts) != 0 {
				t.Errorf("run %s %s %s ended %s, before --max-sample-age, yet was sent", r.RunID, r.Server, r.Task, r.End)
			}
			old++
			continue
		}
		if len(pts) != 1 {
			t.Errorf("run %s %s %s: %d samples over 3 refreshes, want 1", r.RunID, r.Server, r.Task, len(pts))
			continue
		}
		if v, ok := pts[r.End.UnixMilli()]; !ok || v != r.P95Ms/1000 {
			t.Errorf("run %s %s %s: samples %v, want %g at the run's end %s", r.RunID, r.Server, r.Task, pts, r.P95Ms/1000, r.End)
		}
		checked++
	}
	if checked == 0 || old == 0 {
		t.Fatalf("%d runs within the last hour, %d older: the test needs both", checked, old)
	}
	if d := testutil.ToFloat64(e.m.dropped.WithLabelValues("too_old")); d < float64(3*old) {
		t.Fatalf("too_old dropped %g, want at least %d (3 samples per old run)", d, 3*old)
	}
}

// newReceiver is a remote-write receiver that records what it accepts.
func newReceiver(t *testing.T) (*flakyReceiver, *httptest.Server) {
	recv := &flakyReceiver{t: t, series: map[string]map[int64]float64{}}
	ts := httptest.NewServer(recv)
	t.Cleanup(ts.Close)
	return recv, ts
}

// startSending runs the exporter's sender until stop is called.
func startSending(e *Exporter) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.Send(ctx) }()
	return ctx, func() { cancel(); <-done }
}

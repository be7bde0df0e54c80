package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/pool"
	"github.com/xenbench/xenbench/pkg/settings"
)

func TestSubscribeStream(t *testing.T) {
	ds := &Datasource{}
	valid := json.RawMessage(`{"queryType":"metrics","object":"vm","selector":"EXVM01","metrics":["cpu0"]}`)
	tests := []struct {
		name, path string
		data       json.RawMessage
		want       backend.SubscribeStreamStatus
		wantErr    bool
	}{
		{"metrics path", "metrics/A-123", valid, backend.SubscribeStreamStatusOK, false},
		{"unknown path", "logs/A", valid, backend.SubscribeStreamStatusNotFound, false},
		{"bare prefix", "metrics/", valid, backend.SubscribeStreamStatusNotFound, false},
		{"undecodable data", "metrics/A", json.RawMessage(`{"metrics":`), 0, true},
		{"no data", "metrics/A", nil, 0, true},
		{"not a metrics query", "metrics/A", json.RawMessage(`{"queryType":"events"}`), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := ds.SubscribeStream(context.Background(), &backend.SubscribeStreamRequest{Path: tt.path, Data: tt.data})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && resp.Status != tt.want {
				t.Fatalf("status %v, want %v", resp.Status, tt.want)
			}
		})
	}
	resp, err := ds.PublishStream(context.Background(), &backend.PublishStreamRequest{Path: "metrics/A"})
	if err != nil || resp.Status != backend.PublishStreamStatusPermissionDenied {
		t.Fatalf("publish: %v %v", resp, err)
	}
}

type sentFrame struct {
	frame   *data.Frame
	include data.FrameInclude
}

type recordingSender struct {
	mu   sync.Mutex
	sent []sentFrame
}

func (r *recordingSender) SendFrame(f *data.Frame, include data.FrameInclude) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, sentFrame{f, include})
	return nil
}

func (r *recordingSender) frames() []sentFrame {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sentFrame(nil), r.sent...)
}

// latencyTransport makes every rrd_updates request take `latency` of simulated time,
// as a real request takes time: the row cache then records each fetch a little after
// the tick that caused it, which is what made a stream ticking at the 5-second step
// find, every other tick, an entry "fresh" for less than 5 s and send nothing.
type latencyTransport struct {
	next    http.RoundTripper
	srv     *sim.Server
	latency time.Duration
}

func (l latencyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(r)
	if err == nil && strings.HasPrefix(r.URL.Path, "/rrd_updates") {
		if aerr := l.srv.Advance(l.latency); aerr != nil {
			return nil, aerr
		}
	}
	return resp, err
}

// streamRig is a pool service on the simulator, read through latencyTransport, and a
// stream on it driven tick by tick.
type streamRig struct {
	t      *testing.T
	p      *poolSim
	sender *recordingSender
	ticks  chan time.Time
	polled chan struct{}
	done   chan error
	cancel context.CancelFunc
	logs   *poolLogCapture
}

// signallingSource is the real pool service; it says when each poll's read is over,
// so the test moves simulated time only between polls.
type signallingSource struct {
	svc    *pool.Service
	polled chan<- struct{}
}

func (s signallingSource) LatestRows(ctx context.Context, q pool.MetricsQuery, after time.Time) (*pool.MetricsResult, error) {
	defer func() { s.polled <- struct{}{} }()
	return s.svc.LatestRows(ctx, q, after)
}

const streamLatency = 200 * time.Millisecond

func startStreamRig(t *testing.T) *streamRig {
	logs := capturePoolLogs(t)
	p := startPoolSim(t, 3, 8)
	cfg := &settings.Settings{URL: p.srv.MasterURL(), Username: "root", Password: poolSimPassword, TimeoutSeconds: 5, MaxConcurrentRequests: 4, CacheTTLSeconds: 60}
	client := &http.Client{Transport: latencyTransport{next: http.DefaultTransport, srv: p.srv, latency: streamLatency}}
	svc := pool.New(cfg, pool.Options{HTTPClient: client, Now: p.srv.Now})
	t.Cleanup(svc.Close)
	m := &contract.MetricsQuery{Object: "vm", Selector: "EXVM01", Metrics: []string{"cpu0", "memory"}}
	ctx, cancel := context.WithCancel(context.Background())
	r := &streamRig{t: t, p: p, sender: &recordingSender{}, ticks: make(chan time.Time), polled: make(chan struct{}, 1), done: make(chan error, 1), cancel: cancel, logs: logs}
	go func() {
		r.done <- runStream(ctx, signallingSource{svc, r.polled}, m, r.sender, r.ticks, log.DefaultLogger)
	}()
	r.waitPoll() // the first poll runs at once, before any tick
	return r
}

func (r *streamRig) waitPoll() {
	r.t.Helper()
	select {
	case <-r.polled:
	case <-time.After(10 * time.Second):
		r.t.Fatal("the stream did not poll")
	}
}

// step advances simulated time by d, then lets one poll run and waits for its read.
func (r *streamRig) step(d time.Duration) {
	r.t.Helper()
	if err := r.p.srv.Advance(d); err != nil {
		r.t.Fatal(err)
	}
	select {
	case r.ticks <- time.Time{}:
	case <-time.After(10 * time.Second):
		r.t.Fatal("the stream did not come back for its next tick")
	}
	r.waitPoll()
}

func (r *streamRig) stop() {
	r.t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		if err != nil {
			r.t.Fatalf("RunStream returned %v on cancel", err)
		}
	case <-time.After(5 * time.Second):
		r.t.Fatal("RunStream did not stop on cancel")
	}
}

// TestRunStreamDeliversEveryRowAtTheNextTick ticks every 5 s of simulated time with
// rows arriving every 5 s and fetches taking 200 ms: each tick must send exactly the
// one new row. Before the fix every other tick sent nothing and the next one two rows.
func TestRunStreamDeliversEveryRowAtTheNextTick(t *testing.T) {
	r := startStreamRig(t)
	const ticks = 6
	for i := 0; i < ticks; i++ {
		r.step(5*time.Second - streamLatency)
	}
	r.stop()
	sent := r.sender.frames()
	if len(sent) != ticks+1 {
		t.Fatalf("%d frames for %d ticks with one new row each, want %d (one per tick after the first window)", len(sent), ticks, ticks+1)
	}
	first := sent[0]
	if first.include != data.IncludeAll || first.frame.Rows() < 100 || len(first.frame.Fields) != 3 {
		t.Fatalf("first frame: include %v, %d rows, %d fields; want the schema and the 10-minute window", first.include, first.frame.Rows(), len(first.frame.Fields))
	}
	for i, s := range sent[1:] {
		if s.include != data.IncludeDataOnly || s.frame.Rows() != 1 {
			t.Errorf("tick %d: include %v, %d rows; want data only, the one new row", i+1, s.include, s.frame.Rows())
		}
	}
}

// TestRunStreamTellsTheSubscriberWhenThePoolIsGone makes every request fail for a few
// ticks: the subscriber gets one warning notice naming the cause, the cause is logged
// at warn, and when the pool answers again the missed rows come with the schema and a
// notice that updates resumed.
func TestRunStreamTellsTheSubscriberWhenThePoolIsGone(t *testing.T) {
	r := startStreamRig(t)
	r.step(5*time.Second - streamLatency)
	if err := r.p.srv.SetFault(sim.Faults{Status: 503}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		r.step(5 * time.Second)
	}
	r.p.srv.ClearFaults()
	r.step(5 * time.Second)
	r.stop()
	sent := r.sender.frames()
	var warnings, resumed []sentFrame
	for _, s := range sent {
		if s.frame.Meta == nil {
			continue
		}
		for _, n := range s.frame.Meta.Notices {
			switch {
			case n.Severity == data.NoticeSeverityWarning && strings.Contains(n.Text, "live updates paused"):
				warnings = append(warnings, s)
			case n.Severity == data.NoticeSeverityInfo && strings.Contains(n.Text, "resumed"):
				resumed = append(resumed, s)
			}
		}
	}
	if len(warnings) != 1 || warnings[0].frame.Rows() != 0 || warnings[0].include != data.IncludeAll {
		t.Fatalf("%d warning frames (want 1, empty, with schema): %+v", len(warnings), sent)
	}
	if !strings.Contains(warnings[0].frame.Meta.Notices[0].Text, "503") {
		t.Errorf("the notice does not name the cause: %q", warnings[0].frame.Meta.Notices[0].Text)
	}
	if len(resumed) != 1 || resumed[0].frame.Rows() < 4 || resumed[0].include != data.IncludeAll {
		t.Fatalf("%d resumed frames; want 1 with the rows missed during the outage and the schema", len(resumed))
	}
	warned := 0
	for _, l := range r.logs.all() {
		if strings.HasPrefix(l, "warn ") && strings.Contains(l, "stream poll failed") {
			warned++
		}
	}
	if warned != 1 {
		t.Fatalf("%d warn-level log lines about the failed poll, want 1 per outage: %v", warned, r.logs.all())
	}
}

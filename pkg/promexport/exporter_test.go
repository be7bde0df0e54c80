package promexport

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klauspost/compress/snappy"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/settings"
	"github.com/xenbench/xenbench/pkg/xapi"
)

const simPassword = "exporter-Pa55-word"

type simPool struct {
	srv    *sim.Server
	client *xapi.Client
	inv    *inventory.Inventory
	logs   string
}

// startSim runs a simulated pool on a manual clock that ends at the wall clock's now,
// with the Exchange files in a temporary folder.
func startSim(t testing.TB, hosts, vms int, scenario string, played time.Duration) *simPool {
	t.Helper()
	clock := sim.NewManualClock(time.Now().Add(-played).Truncate(5 * time.Second))
	logs := t.TempDir()
	srv, err := sim.Start(sim.Options{Hosts: hosts, VMs: vms, Seed: 5, Scenario: scenario, User: "root", Password: simPassword,
		Clock: clock, History: 2 * time.Hour, LogDir: logs})
	if err != nil {
		t.Fatalf("start the simulator: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	for d := time.Duration(0); d < played; d += 5 * time.Minute {
		if err := srv.Advance(min(5*time.Minute, played-d)); err != nil {
			t.Fatal(err)
		}
	}
	c, err := xapi.New(xapi.Config{URL: srv.MasterURL(), Username: "root", Password: simPassword, HTTPClient: &http.Client{Timeout: 20 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return &simPool{srv: srv, client: c, inv: inventory.New(c, time.Minute, func(s *inventory.Snapshot) { c.SetKnownHosts(s.HostAddresses()) }), logs: logs}
}

type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func scrape(t *testing.T, e *Exporter) string {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.Header.Set("Accept", "application/openmetrics-text; version=1.0.0")
	e.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics: HTTP %d: %s", rec.Code, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/openmetrics-text") {
		t.Fatalf("/metrics content type %q, want OpenMetrics", ct)
	}
	return rec.Body.String()
}

func TestMetricsEndpointHasEveryKindWithTheDatasourceLabels(t *testing.T) {
	p := startSim(t, 3, 12, sim.ScenarioAll, 85*time.Minute)
	logs := &logBuffer{}
	e, err := New(Config{Fetch: p.client.GetRRDUpdates, Inventory: p.inv, Exchange: p.exchange(t),
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), Now: p.srv.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.Refresh(context.Background())
	body := scrape(t, e)
	for _, want := range []string{
		`xenbench_host_cpu_ratio{host="`,
		`xenbench_vm_cpu_ratio{host="`,
		`xenbench_vm_disk_latency_seconds{`,
		`xenbench_sr_latency_seconds{`,
		`xenbench_exchange_counter_seconds{counter="Avg. Disk sec/Read"`,
		`xenbench_exchange_counter_ratio{counter="% Processor Time"`,
		`xenbench_loadgen_latency_p95_seconds{`,
		`task="SendMail"`,
		`platform="virtual"`,
		`platform="native"`,
		`volume_role="database"`,
		`xenbench_exporter_series `,
		"# EOF",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "xenbench_vm_") && !strings.Contains(line, `vm="`) {
			t.Errorf("VM series without a vm label: %s", line)
		}
	}
	if strings.Contains(body+logs.String(), simPassword) {
		t.Fatal("the XAPI password appears in /metrics or the logs")
	}
}

// decodeWriteRequest is a minimal reader of what encodeWriteRequest writes, for tests.
func decodeWriteRequest(t testing.TB, body []byte) map[string][][2]float64 {
	t.Helper()
	raw, err := snappy.Decode(nil, body)
	if err != nil {
		t.Fatalf("snappy: %v", err)
	}
	return decodeProto(t, raw)
}

func TestRemoteWriteRoundTrip(t *testing.T) {
	a := newSeries("xenbench_host_cpu_ratio", LabelPool, "p", LabelHost, "h1", LabelMetric, "cpu0", LabelUUID, "u")
	b := newSeries("xenbench_vm_memory_bytes", LabelVM, "v", LabelPool, "p")
	samples := []Sample{{a, 2000, 0.5}, {b, 1000, 1e9}, {a, 1000, 0.25}}
	got := decodeProto(t, encodeWriteRequest(nil, samples))
	if len(got) != 2 {
		t.Fatalf("series %v", got)
	}
	wantA := [][2]float64{{1000, 0.25}, {2000, 0.5}}
	if pts := got[a.key]; len(pts) != 2 || pts[0] != wantA[0] || pts[1] != wantA[1] {
		t.Fatalf("series a: %v, want %v (time order)", pts, wantA)
	}
	if b.Labels[0].Name != "__name__" || b.Labels[1].Name != LabelPool || b.Labels[2].Name != LabelVM {
		t.Fatalf("labels not sorted: %v", b.Labels)
	}
}

// flakyReceiver accepts or refuses remote writes and records the samples accepted.
type flakyReceiver struct {
	t      testing.TB
	down   atomic.Bool
	mu     sync.Mutex
	series map[string]map[int64]float64
	posts  atomic.Int64
}

func (f *flakyReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.posts.Add(1)
	if f.down.Load() {
		http.Error(w, "down for the test", http.StatusServiceUnavailable)
		return
	}
	body, _ := io.ReadAll(r.Body)
	got := decodeWriteRequest(f.t, body)
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, pts := range got {
		if f.series[k] == nil {
			f.series[k] = map[int64]float64{}
		}
		for _, p := range pts {
			f.series[k][int64(p[0])] = p[1]
		}
	}
}

func (f *flakyReceiver) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, s := range f.series {
		n += len(s)
	}
	return n
}

// TestQueueStaysBoundedAndNothingIsLostWhenTheReceiverComesBack: with the receiver
// down, the queue never passes its bound and hosts' rows stay in XAPI; once it is
// back every 5-second row of the outage arrives.
func TestQueueStaysBoundedAndNothingIsLostWhenTheReceiverComesBack(t *testing.T) {
	p := startSim(t, 3, 8, sim.ScenarioSteady, 15*time.Minute)
	recv := &flakyReceiver{t: t, series: map[string]map[int64]float64{}}
	ts := httptest.NewServer(recv)
	defer ts.Close()
	const capSamples = 3000
	e, err := New(Config{Fetch: p.client.GetRRDUpdates, Inventory: p.inv, Backfill: time.Minute, Now: p.srv.Now,
		RemoteWrite: &RemoteWriteConfig{URL: ts.URL, MaxQueueSamples: capSamples, MaxSamplesPerSend: 500}, StateFile: t.TempDir() + "/state.json"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.sendLoop(ctx) }()
	defer func() { cancel(); <-done }()

	e.Refresh(ctx)
	wait(t, func() bool { return !e.queue.pending() })
	before := recv.count()
	recv.down.Store(true)
	for i := 0; i < 12; i++ { // one minute of outage
		if err := p.srv.Advance(5 * time.Second); err != nil {
			t.Fatal(err)
		}
		e.Refresh(ctx)
		if n := e.queue.len(); n > capSamples {
			t.Fatalf("queue holds %d samples, bound %d", n, capSamples)
		}
	}
	if e.queue.len() == 0 || testutil.ToFloat64(e.m.deferred) == 0 {
		t.Fatalf("the outage did not fill the queue (%d queued, %g deferred): the test proves nothing", e.queue.len(), testutil.ToFloat64(e.m.deferred))
	}
	recv.down.Store(false)
	for i := 0; i < 10 && (e.queue.pending() || i == 0); i++ {
		wait(t, func() bool { return !e.queue.pending() })
		e.Refresh(ctx) // rows left in XAPI while the queue was full
	}
	wait(t, func() bool { return !e.queue.pending() })
	// Every host series has one sample per 5 s over the outage.
	after := recv.count()
	recv.mu.Lock()
	defer recv.mu.Unlock()
	checked := 0
	end := p.srv.Now().Unix() / 5 * 5
	for k, pts := range recv.series {
		if !strings.Contains(k, "xenbench_host_cpu_ratio") {
			continue
		}
		for ts := end - 60; ts <= end; ts += 5 {
			if _, ok := pts[ts*1000]; !ok {
				t.Errorf("%q: no sample at %d (outage gap)", strings.ReplaceAll(k, "\x00", " "), ts)
			}
		}
		checked++
	}
	if checked == 0 || after <= before {
		t.Fatalf("nothing to check: %d cpu series, %d samples", checked, after)
	}
}

func wait(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 20 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// exchange is the datasource's Exchange side on the simulator's log folder.
func (p *simPool) exchange(t testing.TB) *exchange.Source {
	t.Helper()
	s, err := settings.Load(backend.DataSourceInstanceSettings{JSONData: []byte(`{"logFolder":` + strconv.Quote(p.logs) + `}`)})
	if err != nil {
		t.Fatal(err)
	}
	src, err := exchange.NewSource(s, InventoryVMs{p.inv})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(src.Close)
	return src
}

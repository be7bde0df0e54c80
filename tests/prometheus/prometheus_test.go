package prometheus_test

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/promexport"
	"github.com/xenbench/xenbench/pkg/settings"
	"github.com/xenbench/xenbench/pkg/xapi"
	"github.com/xenbench/xenbench/tests/pluginhost"
)

const (
	password     = "prom-test-Pa55word"
	hosts, vms   = 8, 200
	scenarioTime = 125 * time.Minute
)

type rig struct {
	t        *testing.T
	sim      *sim.Server
	logs     string
	state    string
	exp      *promexport.Exporter
	stopSend context.CancelFunc
	sendDone chan struct{}
	metrics  *http.Server
	addr     string
	xc       *xapi.Client
	// upAtStart: hosts up when the scenario ended.
	upAtStart map[string]bool
}

func newRig(t *testing.T) *rig {
	t0 := time.Now().Add(-scenarioTime).Truncate(time.Minute)
	clock := sim.NewManualClock(t0)
	logs := t.TempDir()
	srv, err := sim.Start(sim.Options{Hosts: hosts, VMs: vms, Seed: 12, Scenario: sim.ScenarioAll, User: "root", Password: password,
		Clock: clock, History: 2 * time.Hour, LogDir: logs})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	for d := time.Duration(0); d < scenarioTime; d += 5 * time.Minute {
		if err := srv.Advance(5 * time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	r := &rig{t: t, sim: srv, logs: logs, state: t.TempDir() + "/state.json", addr: freeAddr(t), upAtStart: map[string]bool{}}
	for _, h := range srv.Hosts() {
		r.upAtStart[h.Name] = h.Live && h.PowerOn
	}
	// One /metrics server for the whole test; it serves whichever exporter runs.
	mux := http.NewServeMux()
	mux.HandleFunc("/metrics", func(w http.ResponseWriter, req *http.Request) {
		if r.exp == nil {
			http.Error(w, "exporter restarting", http.StatusServiceUnavailable)
			return
		}
		r.exp.Handler().ServeHTTP(w, req)
	})
	l, err := net.Listen("tcp", r.addr)
	if err != nil {
		t.Fatal(err)
	}
	r.metrics = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = r.metrics.Serve(l) }()
	t.Cleanup(func() { _ = r.metrics.Close() })
	return r
}

// startExporter builds an exporter as cmd/xenbench-exporter does (same packages, same
// settings reader) and starts its sender; refreshes are driven by the test's clock.
func (r *rig) startExporter(writeURL string) {
	t := r.t
	s, err := settings.Load(backend.DataSourceInstanceSettings{URL: r.sim.MasterURL(),
		JSONData: []byte(fmt.Sprintf(`{"username":"root","logFolder":%q}`, r.logs)), DecryptedSecureJSONData: map[string]string{"password": password}})
	if err != nil {
		t.Fatal(err)
	}
	xc, err := xapi.New(xapi.Config{URL: s.URL, Username: s.Username, Password: s.Password, HTTPClient: &http.Client{Timeout: 20 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	inv := inventory.New(xc, time.Minute, func(snap *inventory.Snapshot) { xc.SetKnownHosts(snap.HostAddresses()) })
	src, err := exchange.NewSource(s, promexport.InventoryVMs{Inventory: inv})
	if err != nil {
		t.Fatal(err)
	}
	exp, err := promexport.New(promexport.Config{Fetch: xc.GetRRDUpdates, Inventory: inv, Exchange: src, Now: r.sim.Now, Logger: slog.New(slog.NewTextHandler(testLog{t}, nil)),
		RemoteWrite: &promexport.RemoteWriteConfig{URL: writeURL, RetryFor: 5 * time.Minute}, StateFile: r.state,
		// The scenario's runs reach back 125 minutes; the test's Prometheus accepts 3 hours.
		MaxSampleAge: 3 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.exp, r.stopSend, r.sendDone, r.xc = exp, cancel, make(chan struct{}), xc
	go func() { defer close(r.sendDone); exp.Send(ctx) }()
	t.Cleanup(r.stopExporter)
}

func (r *rig) stopExporter() {
	if r.exp == nil {
		return
	}
	r.stopSend()
	<-r.sendDone
	_ = r.xc.Close(context.Background())
	r.exp = nil
}

// refreshAndFlush reads the pool once and waits until Prometheus has every sample.
func (r *rig) refreshAndFlush() {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r.exp.Refresh(ctx)
	if err := r.exp.Flush(ctx); err != nil {
		r.t.Fatal(err)
	}
}

func TestExporterOnRealPrometheus(t *testing.T) {
	r := newRig(t)
	prom := startPrometheus(t, r.addr)
	r.startExporter(prom.writeURL())
	r.refreshAndFlush()
	now := r.sim.Now()

	t.Run("same labels and values as the datasource for a window", func(t *testing.T) {
		compareWithDatasource(t, r, prom, now)
	})

	t.Run("the dashboard's latency-compare queries", func(t *testing.T) {
		checkComparePanelQueries(t, prom, now)
	})

	t.Run("scrape of /metrics", func(t *testing.T) {
		waitFor(t, 60*time.Second, func() error {
			up := prom.query(`up{job="xenbench"}`, time.Now())
			if len(up) != 1 || up[0].Points[latestKey(up[0])] != 1 {
				return fmt.Errorf("up{job=\"xenbench\"} = %v", up)
			}
			cpu := prom.query(`xenbench_vm_cpu_ratio{job="xenbench",vm="EXVM01"}`, time.Now())
			if len(cpu) == 0 || cpu[0].Metric["pool"] == "" || cpu[0].Metric["host"] == "" || cpu[0].Metric["metric"] == "" {
				return fmt.Errorf("scraped VM cpu series %v", cpu)
			}
			return nil
		})
	})

	t.Run("a Prometheus restart loses nothing retried within the bound", func(t *testing.T) {
		prom.stop()
		from := r.sim.Now()
		for i := 0; i < 12; i++ {
			if err := r.sim.Advance(5 * time.Second); err != nil {
				t.Fatal(err)
			}
			r.exp.Refresh(context.Background())
		}
		prom.start()
		r.refreshAndFlush()
		if d := r.exp.Dropped(); d != 0 {
			t.Fatalf("%g samples dropped across a one-minute Prometheus outage", d)
		}
		checkEvery5s(t, r, prom, from, r.sim.Now())
	})

	t.Run("an exporter restart leaves no gap, backfilled from the archives XAPI holds", func(t *testing.T) {
		from := r.sim.Now()
		r.stopExporter()
		// 15 minutes down: longer than the 5-second archive (10 minutes).
		for i := 0; i < 3; i++ {
			if err := r.sim.Advance(5 * time.Minute); err != nil {
				t.Fatal(err)
			}
		}
		r.startExporter(prom.writeURL())
		r.refreshAndFlush()
		to := r.sim.Now()
		// The last 10 minutes at 5 s, the part before from the 60 s archive.
		checkEvery5s(t, r, prom, to.Add(-9*time.Minute), to)
		checkEveryMinute(t, r, prom, from.Add(time.Minute), to.Add(-10*time.Minute))
	})
}

// testLog sends the exporter's log lines to the test's output.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func latestKey(s promSeries) int64 {
	var k int64
	for t := range s.Points {
		k = max(k, t)
	}
	return k
}

func waitFor(t *testing.T, limit time.Duration, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %v", limit, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// hostCPU returns the remote-written host cpu0 series over (from, to].
func hostCPU(t *testing.T, prom *promServer, from, to time.Time) []promSeries {
	window := int(to.Sub(from)/time.Second) + 1
	ss := prom.query(fmt.Sprintf(`xenbench_host_cpu_ratio{job="",metric="cpu0"}[%ds]`, window), to)
	if len(ss) == 0 {
		t.Fatal("no host cpu0 series in Prometheus")
	}
	return ss
}

// liveHosts names the hosts that were up when the scenario ended and still are: the
// HA scenario fails one, which has no rows until it is back.
func liveHosts(r *rig) map[string]bool {
	out := map[string]bool{}
	for _, h := range r.sim.Hosts() {
		if h.Live && h.PowerOn && r.upAtStart[h.Name] {
			out[h.Name] = true
		}
	}
	return out
}

// checkEvery5s: every live host's cpu0 has a sample at every 5-second step of (from, to].
func checkEvery5s(t *testing.T, r *rig, prom *promServer, from, to time.Time) {
	t.Helper()
	live := liveHosts(r)
	for _, s := range hostCPU(t, prom, from, to) {
		if !live[s.Metric["host"]] {
			continue // the failed host of the HA scenario
		}
		for ts := from.Unix()/5*5 + 5; ts <= to.Unix(); ts += 5 {
			if _, ok := s.Points[ts]; !ok {
				t.Errorf("host %s: no 5-second sample at %s", s.Metric["host"], time.Unix(ts, 0).UTC().Format(time.TimeOnly))
			}
		}
	}
}

// checkEveryMinute: a sample at least every minute over [from, to].
func checkEveryMinute(t *testing.T, r *rig, prom *promServer, from, to time.Time) {
	t.Helper()
	live := liveHosts(r)
	for _, s := range hostCPU(t, prom, from.Add(-time.Minute), to) {
		if !live[s.Metric["host"]] {
			continue
		}
		var times []int64
		for ts := range s.Points {
			times = append(times, ts)
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		for ts := from.Unix(); ts <= to.Unix(); ts += 60 {
			i := sort.Search(len(times), func(i int) bool { return times[i] > ts-60 })
			if i == len(times) || times[i] > ts {
				t.Errorf("host %s: no sample in the minute before %s (gap after the exporter restart)", s.Metric["host"], time.Unix(ts, 0).UTC().Format(time.TimeOnly))
			}
		}
	}
}

// unitFactor converts a datasource value in its frame unit to the exporter's base unit.
var unitFactor = map[string]float64{"µs": 1e-6, "ms": 1e-3, "percent": 0.01, "deckbytes": 1024, "decmbytes": 1 << 20}

// compareWithDatasource asks the datasource's built back end for host, VM and SR
// metrics, Exchange counters and load-test results over the last 9 minutes, and checks
// that Prometheus has exactly those series (same labels) with the same points.
func compareWithDatasource(t *testing.T, r *rig, prom *promServer, now time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	host := pluginhost.StartT(ctx, t, pluginhost.Options{Logs: os.Stderr})
	ds, err := pluginhost.NewSettings("xenbench", r.sim.MasterURL(), map[string]any{"username": "root", "logFolder": r.logs}, map[string]string{"password": password})
	if err != nil {
		t.Fatal(err)
	}
	from := now.Add(-9 * time.Minute)
	queries := []struct {
		name  string
		model map[string]any
		promQ string
	}{
		{"SRs", map[string]any{"queryType": "metrics", "object": "sr", "selector": "*", "metrics": []string{"*"}}, `{__name__=~"xenbench_sr_.+",job=""}`},
		{"hosts", map[string]any{"queryType": "metrics", "object": "host", "selector": "*", "metrics": []string{"*"}}, `{__name__=~"xenbench_host_.+",job=""}`},
		{"Exchange VMs", map[string]any{"queryType": "metrics", "object": "vm", "selector": "EXVM*", "metrics": []string{"*"}}, `{__name__=~"xenbench_vm_.+",job="",vm=~"EXVM.*"}`},
		{"perfmon", map[string]any{"queryType": "exchange", "counters": []string{`\\*\*\*`, `\\*\*(*)\*`}}, `{__name__=~"xenbench_exchange_.+",job=""}`},
	}
	window := fmt.Sprintf("[%ds]", int(now.Sub(from)/time.Second)+1)
	// A host's RRD carries its SRs' metrics as <metric>_<first 8 characters of the SR
	// uuid>; the datasource lists them under the host and the SR, the exporter exports
	// them once, as xenbench_sr_* (README). The host comparison leaves them to the SR one.
	srPrefixes := map[string]bool{}
	for _, q := range queries {
		req, err := pluginhost.QueryRequest(ds, false, pluginhost.Query{RefID: "A", Model: q.model, From: from, To: now, Interval: 5 * time.Second, MaxDataPoints: 2000})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := host.QueryData(ctx, req)
		if err != nil {
			t.Fatalf("%s: QueryData: %v", q.name, err)
		}
		dr := resp.Responses["A"]
		if dr.Error != nil {
			t.Fatalf("%s: datasource error: %v", q.name, dr.Error)
		}
		got := map[string]promSeries{}
		for _, s := range prom.query(q.promQ+window, now) {
			delete(s.Metric, "__name__")
			got[labelKey(s.Metric)] = s
		}
		matched, points := 0, 0
		// Every value field of every frame: one per frame (timeseries-multi) or several
		// beside one time field (timeseries-wide).
		type valueField struct {
			f  *data.Frame
			vf *data.Field
		}
		var fields []valueField
		for _, f := range dr.Frames {
			if len(f.Fields) < 2 || f.Fields[0].Len() == 0 || f.Fields[0].Type() != data.FieldTypeTime {
				continue
			}
			for _, vf := range f.Fields[1:] {
				fields = append(fields, valueField{f, vf})
			}
		}
		for _, fv := range fields {
			f, vf := fv.f, fv.vf
			if q.name == "SRs" {
				srPrefixes[vf.Labels["uuid"][:8]] = true
			}
			if m := vf.Labels["metric"]; q.name == "hosts" && len(m) > 9 && srPrefixes[m[len(m)-8:]] {
				continue
			}
			key := labelKey(vf.Labels)
			ps, ok := got[key]
			factor := 1.0
			if vf.Config != nil {
				if fct, ok := unitFactor[vf.Config.Unit]; ok {
					factor = fct
				}
			}
			want := framePoints(f.Fields[0], vf, factor, from)
			if len(want) == 0 {
				continue
			}
			if !ok {
				t.Errorf("%s: the datasource's series %s is not in Prometheus", q.name, key)
				continue
			}
			delete(got, key)
			matched++
			for ts, v := range want {
				pv, ok := ps.Points[ts]
				switch {
				case !ok:
					t.Errorf("%s %s: no sample at %d in Prometheus (datasource %g)", q.name, key, ts, v)
				case math.Abs(pv-v) > 1e-9*math.Max(math.Abs(v), 1e-300) && pv != v:
					t.Errorf("%s %s at %d: Prometheus %g, datasource %g", q.name, key, ts, pv, v)
				}
				points++
			}
			for ts := range ps.Points {
				if _, ok := want[ts]; !ok && ts > from.Unix() {
					t.Errorf("%s %s: Prometheus has a sample at %d the datasource does not", q.name, key, ts)
				}
			}
		}
		for key, s := range got {
			if len(s.Points) > 0 && !onlyBefore(s, from) {
				t.Errorf("%s: Prometheus series %s has no datasource counterpart", q.name, key)
			}
		}
		if matched == 0 || points == 0 {
			t.Fatalf("%s: nothing compared (%d series, %d points): the check proves nothing", q.name, matched, points)
		}
		t.Logf("%s: %d series, %d points equal", q.name, matched, points)
	}
	compareLoadgen(t, host, ds, prom, now)
}

func onlyBefore(s promSeries, from time.Time) bool {
	for ts := range s.Points {
		if ts > from.Unix() {
			return false
		}
	}
	return true
}

// framePoints reads a timeseries frame's non-null values after from, in base units.
func framePoints(tf, vf *data.Field, factor float64, from time.Time) map[int64]float64 {
	out := map[int64]float64{}
	for i := 0; i < tf.Len(); i++ {
		ts, ok := tf.At(i).(time.Time)
		if !ok || ts.Unix() <= from.Unix() {
			continue
		}
		v, ok := vf.ConcreteAt(i)
		if !ok {
			continue
		}
		out[ts.Unix()] = v.(float64) * factor
	}
	return out
}

func labelKey(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k, v := range m {
		if v != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%q,", k, m[k])
	}
	return "{" + strings.TrimSuffix(b.String(), ",") + "}"
}

// compareLoadgen: each row of the datasource's load-test table is in Prometheus with
// the same labels, p95 and average in seconds.
func compareLoadgen(t *testing.T, host *pluginhost.Host, ds *backend.DataSourceInstanceSettings, prom *promServer, now time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, err := pluginhost.QueryRequest(ds, false, pluginhost.Query{RefID: "A", Model: map[string]any{"queryType": "loadgen"}, From: now.Add(-3 * time.Hour), To: now})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := host.QueryData(ctx, req)
	if err != nil || resp.Responses["A"].Error != nil {
		t.Fatalf("loadgen query: %v %v", err, resp.Responses["A"].Error)
	}
	p95 := map[string]float64{}
	// One sample per run, at its end (remote write).
	for _, s := range prom.query(`last_over_time(xenbench_loadgen_latency_p95_seconds{job=""}[3h])`, now) {
		delete(s.Metric, "__name__")
		p95[labelKey(s.Metric)] = s.Points[latestKey(s)]
	}
	rows := 0
	for _, f := range resp.Responses["A"].Frames {
		col := map[string]*data.Field{}
		for _, fl := range f.Fields {
			col[fl.Name] = fl
		}
		if col["p95"] == nil {
			continue
		}
		for i := 0; i < f.Rows(); i++ {
			str := func(n string) string { v, _ := col[n].ConcreteAt(i); s, _ := v.(string); return s }
			key := labelKey(map[string]string{"workload": str("workload"), "platform": str("platform"), "server": str("server"), "task": str("task"), "run": str("run")})
			v, ok := col["p95"].ConcreteAt(i)
			if !ok {
				continue
			}
			want := v.(float64) / 1000
			got, ok := p95[key]
			if !ok || math.Abs(got-want) > 1e-12 {
				t.Errorf("load test %s: Prometheus p95 %g (present %v), datasource %g", key, got, ok, want)
			}
			rows++
		}
	}
	if rows == 0 {
		t.Fatal("no load-test rows compared")
	}
	t.Logf("load tests: %d rows equal", rows)
}

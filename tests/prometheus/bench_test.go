package prometheus_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/rrd"
	"github.com/xenbench/xenbench/pkg/xapi"
)

// BenchmarkScale64Hosts2000VMs reports the figures of the closing note for the
// 64-host / 2,000-VM pool running the `all` scenario in real time: the built exporter
// binary remote-writing to Debian's Prometheus (series, CPU per refresh, peak RSS,
// remote-write samples per second, /metrics scrape duration), and the same figures for
// the xen-exporter approach (each scrape reads the latest row of every host), emulated
// in this process. It measures for 60 s; b.N is ignored (run with -benchtime 1x):
//
//	nice -n 10 go test ./tests/prometheus -run '^$' -bench Scale64Hosts2000VMs -benchtime 1x
func BenchmarkScale64Hosts2000VMs(b *testing.B) {
	srv, err := sim.Start(sim.Options{Hosts: 64, VMs: 2000, Seed: 3, Scenario: sim.ScenarioAll, User: "root", Password: password, History: 2 * time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()

	dir := b.TempDir()
	bin := filepath.Join(dir, "xenbench-exporter")
	build := exec.Command("go", "build", "-o", bin, "./cmd/xenbench-exporter")
	build.Dir = "../.."
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build the exporter: %v\n%s", err, out)
	}
	metricsAddr := freeAddr(b)
	prom := startPrometheus(b, metricsAddr)
	pw := filepath.Join(dir, "pw")
	_ = os.WriteFile(pw, []byte(password), 0o600)
	cmd := exec.Command(bin, "--url", srv.MasterURL(), "--user", "root", "--password-file", pw, "--listen", metricsAddr,
		"--remote-write-url", prom.writeURL(), "--state-file", filepath.Join(dir, "state.json"), "--log-level", "warn")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }()

	// The first refreshes backfill 10 minutes of every series; rows that do not fit the
	// queue are left in XAPI and read by later refreshes. The backfill is over when the
	// queue is empty and the last refresh read no more than two rows per series (the
	// steady state is one): only then are the figures below the steady state's.
	start := time.Now()
	var backfilled float64
	for {
		m, err := tryScrape(metricsAddr) // not listening yet: try again
		if err == nil && m["xenbench_exporter_samples_sent_total"] > 0 && m["xenbench_exporter_queue_samples"] == 0 &&
			m["xenbench_exporter_series"] > 0 && m["xenbench_exporter_refresh_samples"] <= 2*m["xenbench_exporter_series"] {
			backfilled = m["xenbench_exporter_samples_sent_total"]
			break
		}
		if time.Since(start) > 5*time.Minute {
			b.Fatalf("backfill not sent within 5 minutes: %v", m)
		}
		time.Sleep(200 * time.Millisecond)
	}
	backfillSecs := time.Since(start).Seconds()
	cpu0, sent0, t0 := procCPU(b, cmd.Process.Pid), scrapeMetrics(b, metricsAddr)["xenbench_exporter_samples_sent_total"], time.Now()
	var scrapeTotal time.Duration
	scrapes := 0
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		st := time.Now()
		scrapeMetrics(b, metricsAddr)
		scrapeTotal += time.Since(st)
		scrapes++
		time.Sleep(5 * time.Second)
	}
	m := scrapeMetrics(b, metricsAddr)
	elapsed := time.Since(t0).Seconds()
	cpu := procCPU(b, cmd.Process.Pid) - cpu0
	refreshes := elapsed / 5
	b.ReportMetric(m["xenbench_exporter_series"], "series")
	b.ReportMetric(cpu/refreshes*1000, "cpu-ms/refresh")
	b.ReportMetric(float64(procHWM(b, cmd.Process.Pid))/(1<<20), "peak-RSS-MiB")
	b.ReportMetric((m["xenbench_exporter_samples_sent_total"]-sent0)/elapsed, "rw-samples/s")
	b.ReportMetric(backfilled/backfillSecs, "backfill-samples/s")
	b.ReportMetric(float64(scrapeTotal.Milliseconds())/float64(scrapes), "scrape-ms")
	b.ReportMetric(m["xenbench_exporter_refresh_duration_seconds"]*1000, "refresh-ms")
	// Prometheus's own scrapes of the same /metrics (every 5 s, 5 s timeout) over the
	// measured minute: the slowest, and whether any failed (up 0).
	window := fmt.Sprintf("[%ds]", int(elapsed))
	b.ReportMetric(promValue(b, prom, `max_over_time(scrape_duration_seconds{job="xenbench"}`+window+`)`)*1000, "prom-scrape-max-ms")
	b.ReportMetric(promValue(b, prom, `min_over_time(up{job="xenbench"}`+window+`)`), "prom-scrape-up-min")

	// The xen-exporter approach: at each scrape, every host's latest row.
	xc, err := xapi.New(xapi.Config{URL: srv.MasterURL(), Username: "root", Password: password, HTTPClient: &http.Client{Timeout: 30 * time.Second}})
	if err != nil {
		b.Fatal(err)
	}
	defer xc.Close(context.Background())
	snap, err := inventory.Fetch(context.Background(), xc, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	var ru0, ru1 syscall.Rusage
	var series int
	var dur time.Duration
	const n = 5
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	for i := 0; i < n; i++ {
		st := time.Now()
		series = latestRowScrape(b, xc, snap)
		dur += time.Since(st)
	}
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	b.ReportMetric(float64(series), "xen-exporter-series")
	b.ReportMetric(float64(dur.Milliseconds())/n, "xen-exporter-scrape-ms")
	b.ReportMetric((cpuSecs(ru1)-cpuSecs(ru0))/n*1000, "xen-exporter-cpu-ms/scrape(incl-sim)")
}

func cpuSecs(r syscall.Rusage) float64 {
	return float64(r.Utime.Sec+r.Stime.Sec) + float64(r.Utime.Usec+r.Stime.Usec)/1e6
}

// latestRowScrape reads every live host's newest row (start=-10, the xen-exporter
// way) and writes it as Prometheus text, as a scrape would; it returns the series.
func latestRowScrape(b *testing.B, xc *xapi.Client, snap *inventory.Snapshot) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	total := 0
	for _, h := range snap.Hosts {
		if !h.Live || h.Address == "" {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			u, err := xc.GetRRDUpdates(context.Background(), h.Address, xapi.RRDParams{Start: -10, CF: "AVERAGE", Interval: 5, Host: true, VMUUID: "all"})
			if err != nil {
				b.Error(err)
				return
			}
			w := bufio.NewWriter(io.Discard)
			n := writeLatest(w, h.Name, u)
			w.Flush()
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

func writeLatest(w *bufio.Writer, host string, u *rrd.Updates) int {
	last := len(u.Timestamps) - 1
	if last < 0 {
		return 0
	}
	for ci, l := range u.Legends {
		fmt.Fprintf(w, "xen_%s_%s{host=%q,uuid=%q} %g\n", l.Kind, l.Metric, host, l.UUID, u.Values[ci][last])
	}
	return len(u.Legends)
}

func scrapeMetrics(b *testing.B, addr string) map[string]float64 {
	m, err := tryScrape(addr)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// promValue is the single value of an instant query.
func promValue(b *testing.B, prom *promServer, q string) float64 {
	r := prom.query(q, time.Now())
	if len(r) != 1 {
		b.Fatalf("%s: %v", q, r)
	}
	return r[0].Points[latestKey(r[0])]
}

// tryScrape GETs /metrics as Prometheus does (its Accept header; gzip, which Go's
// transport asks for and decompresses) and returns the exporter's own metrics.
func tryScrape(addr string) (map[string]float64, error) {
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "xenbench_exporter_") {
			continue
		}
		f := strings.Fields(line)
		name := f[0]
		if i := strings.IndexByte(name, '{'); i >= 0 {
			name = name[:i]
		}
		v, _ := strconv.ParseFloat(f[len(f)-1], 64)
		out[name] += v
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("/metrics: HTTP %d", resp.StatusCode)
	}
	return out, nil
}

func procCPU(b *testing.B, pid int) float64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100 // USER_HZ
}

func procHWM(b *testing.B, pid int) int64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

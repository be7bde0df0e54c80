package promexport

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
)

// benchExporter is an exporter without sources holding 30,000 VM disk-latency series
// (the 64-host / 2,000-VM pool has 30,752 in tests/prometheus
// BenchmarkScale64Hosts2000VMs), and one of those series.
func benchExporter(b *testing.B) (*Exporter, *Series) {
	e, err := New(Config{Interval: time.Second, Backfill: time.Minute, Concurrency: 1, StaleAfter: time.Hour, Now: time.Now, exchangeOverride: true})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	var in interner
	var one *Series
	for vm := 0; vm < 2000; vm++ {
		for m := 0; m < 15; m++ {
			s := in.get(FamVMDiskLatency, LabelPool, "pool", LabelHost, fmt.Sprintf("xenserver-%02d", vm%64), LabelVM, fmt.Sprintf("vm%04d", vm), LabelMetric, fmt.Sprintf("vbd_xvd%c_read_latency", 'a'+m), LabelUUID, fmt.Sprintf("%036d", vm))
			e.latest.set(s, now.UnixMilli(), float64(m)*1.25e-4+float64(vm)*1e-7, now)
			one = s
		}
	}
	return e, one
}

// BenchmarkScrape30kSeries bounds one /metrics scrape of the 64-host / 2,000-VM pool's
// size, as Prometheus asks for it (OpenMetrics; with and without gzip). "changed"
// sets a value before each scrape, as a refresh does, so the scrape pays for encoding
// the page; "unchanged" is a second scrape between two refreshes.
func BenchmarkScrape30kSeries(b *testing.B) {
	for _, enc := range []string{"identity", "gzip"} {
		for _, changed := range []bool{true, false} {
			name := enc + "/unchanged"
			if changed {
				name = enc + "/changed"
			}
			b.Run(name, func(b *testing.B) {
				e, one := benchExporter(b)
				h := e.Handler()
				b.ResetTimer()
				cpu0 := cpuTime(b)
				for i := 0; i < b.N; i++ {
					if changed {
						now := time.Now()
						e.latest.set(one, now.UnixMilli(), float64(i), now)
					}
					rec := &discardResponse{header: http.Header{}}
					req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
					req.Header.Set("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
					if enc == "gzip" {
						req.Header.Set("Accept-Encoding", "gzip")
					}
					h.ServeHTTP(rec, req)
					if rec.code != 0 && rec.code != http.StatusOK || rec.n == 0 {
						b.Fatalf("HTTP %d, %d bytes", rec.code, rec.n)
					}
				}
				// CPU time (this process, GC included) does not grow with the machine's load
				// as ns/op does.
				b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// discardResponse is a ResponseWriter that only counts, so the benchmark measures the
// handler, not a recorder's growing buffer.
type discardResponse struct {
	header http.Header
	code   int
	n      int
}

func (d *discardResponse) Header() http.Header  { return d.header }
func (d *discardResponse) WriteHeader(code int) { d.code = code }
func (d *discardResponse) Write(p []byte) (int, error) {
	d.n += len(p)
	return len(p), nil
}

// BenchmarkRefresh64Hosts is one steady-state refresh of the 64-host / 2,000-VM pool
// (one new 5-second row per host), the simulator serving it in the same process; its
// CPU profile shows the exporter's share (go test -cpuprofile).
func BenchmarkRefresh64Hosts(b *testing.B) {
	p := startSim(b, 64, 2000, sim.ScenarioSteady, 15*time.Minute)
	e, err := New(Config{Fetch: p.client.GetRRDUpdates, Inventory: p.inv, Now: p.srv.Now, Backfill: 10 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	e.Refresh(ctx)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if err := p.srv.Advance(5 * time.Second); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		e.Refresh(ctx)
	}
	if n := testutil.ToFloat64(e.m.refreshN); n < 30000 {
		b.Fatalf("last refresh read %g samples, want one row of ~30,000 series", n)
	}
}

package promexport

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// BenchmarkScrape30kSeries bounds the /metrics scrape of a 64-host / 2,000-VM pool
// (30,752 series in tests/prometheus BenchmarkScale64Hosts2000VMs), without the pool.
func BenchmarkScrape30kSeries(b *testing.B) {
	e, err := New(Config{Exchange: nil, Inventory: nil, Fetch: nil, RemoteWrite: nil, Logger: nil, Interval: time.Second, Backfill: time.Minute, Concurrency: 1, StaleAfter: time.Hour, StateFile: "", Now: time.Now, exchangeOverride: true})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	var in interner
	for vm := 0; vm < 2000; vm++ {
		for m := 0; m < 15; m++ {
			s := in.get(FamVMDiskLatency, LabelPool, "pool", LabelHost, fmt.Sprintf("xenserver-%02d", vm%64), LabelVM, fmt.Sprintf("vm%04d", vm), LabelMetric, fmt.Sprintf("vbd_xvd%c_read_latency", 'a'+m), LabelUUID, fmt.Sprintf("%036d", vm))
			e.latest.set(s, now.UnixMilli(), float64(m), now)
		}
	}
	h := e.Handler()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		req.Header.Set("Accept", "application/openmetrics-text; version=1.0.0")
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
		_, _ = io.Copy(io.Discard, rec.Body)
	}
}

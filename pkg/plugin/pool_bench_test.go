package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

var benchFramesSink data.Frames

// benchPool starts a simulated 64-host / 2,000-VM pool and a datasource on it, with
// logs discarded (the benchmark measures the query path, not log formatting).
func benchPool(b *testing.B) (*Datasource, time.Time, func() *Datasource) {
	old := log.DefaultLogger
	log.DefaultLogger = log.NewNullLogger()
	b.Cleanup(func() { log.DefaultLogger = old })
	p := startPoolSim(b, 64, 2000)
	jsonData := map[string]any{"maxConcurrentRequests": 8, "timeoutSeconds": 30}
	ds := newPoolTestDatasource(b, p.srv.MasterURL(), poolSimPassword, jsonData)
	return ds, p.srv.Now(), func() *Datasource { return coldDatasource(b, p.srv.MasterURL(), jsonData) }
}

// coldDatasource is a new instance logged in with its inventory read but an empty RRD
// row cache: what "cold" measures. The caller disposes of it.
func coldDatasource(b *testing.B, url string, jsonData map[string]any) *Datasource {
	b.StopTimer()
	defer b.StartTimer()
	raw, _ := json.Marshal(map[string]any{"username": "root", "maxConcurrentRequests": jsonData["maxConcurrentRequests"], "timeoutSeconds": jsonData["timeoutSeconds"]})
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{
		UID: "xs", URL: url, JSONData: raw, DecryptedSecureJSONData: map[string]string{"password": poolSimPassword},
	})
	if err != nil {
		b.Fatal(err)
	}
	ds := inst.(*Datasource)
	if r := poolQuery(b, ds, "I", map[string]any{"queryType": "inventory", "inventoryKind": "hosts"}, time.Now().Add(-time.Minute), time.Now()); r.Error != nil {
		b.Fatal(r.Error)
	}
	return ds
}

// BenchmarkMetricsFanOut64Hosts bounds a metrics query over every VM of a 64-host /
// 2,000-VM simulated pool (cpu0 of all VMs, last 10 minutes at 5 s): 64 rrd_updates
// requests under the concurrency limit (8), parsing, merging and 2,000 frames.
// "cold" drops the RRD row cache before each query (first load of a dashboard);
// "warm" keeps it (a refresh within 5 s). Bytes: none meaningful (set to the rows
// returned x 8). Reports p95 latency per query.
func BenchmarkMetricsFanOut64Hosts(b *testing.B) {
	warm, now, cold := benchPool(b)
	m := map[string]any{"queryType": "metrics", "object": "vm", "selector": "*", "metrics": []string{"cpu0"}}
	for _, mode := range []string{"cold", "warm"} {
		b.Run(mode, func(b *testing.B) {
			r := poolQuery(b, warm, "A", m, now.Add(-10*time.Minute), now) // inventory + first fill
			if r.Error != nil {
				b.Fatal(r.Error)
			}
			rows := 0
			for _, f := range r.Frames {
				rows += f.Rows()
			}
			b.SetBytes(int64(rows * 8))
			b.ReportAllocs()
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ds := warm
				if mode == "cold" {
					ds = cold()
				}
				start := time.Now()
				r := poolQuery(b, ds, "A", m, now.Add(-10*time.Minute), now)
				lat = append(lat, time.Since(start))
				if ds != warm {
					ds.Dispose()
				}
				if r.Error != nil {
					b.Fatal(r.Error)
				}
				benchFramesSink = r.Frames
			}
			b.StopTimer()
			b.ReportMetric(float64(p95(lat).Microseconds())/1000, "p95-ms")
		})
	}
}

// BenchmarkDashboard12Panels bounds a 12-panel dashboard loading at once on the
// 64-host / 2,000-VM pool: 12 concurrent queries (hosts, Exchange VMs, all VMs, SRs;
// different metrics), cold (empty row cache) and warm. Reports p95 of the slowest
// panel per load and the peak Go heap seen.
func BenchmarkDashboard12Panels(b *testing.B) {
	warm, now, cold := benchPool(b)
	panels := []map[string]any{
		{"object": "host", "metrics": []string{"cpu_avg"}},
		{"object": "host", "metrics": []string{"memory_free_kib", "memory_total_kib"}},
		{"object": "host", "metrics": []string{"cpu*"}, "reducer": "mean"},
		{"object": "vm", "selector": "EXVM*", "metrics": []string{"cpu*"}},
		{"object": "vm", "selector": "EXVM*", "metrics": []string{"memory"}},
		{"object": "vm", "selector": "EXVM*", "metrics": []string{"vbd_*_read_latency", "vbd_*_write_latency"}},
		{"object": "vm", "selector": "EXVM*", "metrics": []string{"vbd_*_iops_total"}},
		{"object": "vm", "selector": "EXVM*", "metrics": []string{"vif_*_rx", "vif_*_tx"}},
		{"object": "vm", "selector": "*", "metrics": []string{"cpu0"}, "reducer": "max"},
		{"object": "vm", "selectorMode": "regex", "selector": "^vm-0[0-9]", "metrics": []string{"memory"}},
		{"object": "sr", "metrics": []string{"read_latency", "write_latency"}},
		{"object": "sr", "metrics": []string{"iops_total"}},
	}
	for _, mode := range []string{"cold", "warm"} {
		b.Run(mode, func(b *testing.B) {
			var peak uint64
			lat := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			b.SetBytes(0)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ds := warm
				if mode == "cold" {
					ds = cold()
				}
				start := time.Now()
				var wg sync.WaitGroup
				errs := make([]error, len(panels))
				for j, p := range panels {
					wg.Add(1)
					go func() {
						defer wg.Done()
						q := map[string]any{"queryType": "metrics"}
						for k, v := range p {
							q[k] = v
						}
						r := poolQuery(b, ds, fmt.Sprint("P", j), q, now.Add(-10*time.Minute), now)
						errs[j] = r.Error
					}()
				}
				wg.Wait()
				lat = append(lat, time.Since(start))
				if ds != warm {
					ds.Dispose()
				}
				for j, err := range errs {
					if err != nil {
						b.Fatalf("panel %d: %v", j, err)
					}
				}
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
			b.StopTimer()
			b.ReportMetric(float64(p95(lat).Microseconds())/1000, "p95-ms")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

func p95(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := (95*len(s) + 99) / 100
	return s[rank-1]
}

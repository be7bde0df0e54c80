package rrdcache

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/rrd"
)

var benchEntrySink *Entry

// BenchmarkRRDCacheHit bounds the cost of a dashboard refresh that finds a host's rows
// fresh in the cache: one map lookup under a mutex, no allocation, no request. Bytes
// are those of the entry served (600 columns x 120 rows, a host with ~30 VMs).
func BenchmarkRRDCacheHit(b *testing.B) {
	host := &fakeRRDHost{now: 1_000_000}
	for c := 0; c < 600; c++ {
		host.legends = append(host.legends, rrd.Legend{CF: "AVERAGE", Kind: "vm", UUID: fmt.Sprint("vm-", c/20), Metric: fmt.Sprint("m", c%20)})
	}
	cache := New(host.fetch, 0, func() time.Time { return time.Unix(host.now, 0) })
	key := Key{Host: "h", Step: 5, CF: "AVERAGE"}
	e, err := cache.Get(context.Background(), key, host.now-590, 120, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(e.bytes())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchEntrySink, _ = cache.Get(context.Background(), key, host.now-590, 120, 0)
	}
}

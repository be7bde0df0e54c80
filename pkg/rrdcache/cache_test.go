package rrdcache

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/rrd"
	"github.com/xenbench/xenbench/pkg/xapi"
)

func legend(kind, uuid, metric string) rrd.Legend {
	return rrd.Legend{CF: "AVERAGE", Kind: kind, UUID: uuid, Metric: metric}
}

// fakeRRDHost serves rows every 5 s up to now for fixed legends; each value is t/5 + col.
type fakeRRDHost struct {
	mu      sync.Mutex
	now     int64
	legends []rrd.Legend
	starts  []int64
	calls   atomic.Int32
	delay   time.Duration
}

func (f *fakeRRDHost) fetch(_ context.Context, _ string, p xapi.RRDParams) (*rrd.Updates, error) {
	f.calls.Add(1)
	time.Sleep(f.delay)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.starts = append(f.starts, p.Start)
	u := &rrd.Updates{Step: p.Interval, Legends: f.legends, Values: make([][]float64, len(f.legends))}
	start := p.Start
	if start < 0 {
		start += f.now
	}
	first := (start/5 + 1) * 5
	if lo := f.now - 120*5; first < lo {
		first = lo
	}
	for t := first; t <= f.now; t += 5 {
		u.Timestamps = append(u.Timestamps, t)
		for c := range f.legends {
			u.Values[c] = append(u.Values[c], float64(t/5+int64(c)))
		}
	}
	return u, nil
}

func TestMergeRowsAppendsNewRowsAndColumns(t *testing.T) {
	a, b := legend("vm", "v", "cpu0"), legend("vm", "w", "cpu0")
	cur := &Entry{Legends: []rrd.Legend{a}, Index: map[rrd.Legend]int{a: 0}, Times: []int64{10, 15, 20}, Values: [][]float64{{1, 2, 3}}}
	u := &rrd.Updates{Legends: []rrd.Legend{a, b}, Timestamps: []int64{20, 25}, Values: [][]float64{{30, 40}, {7, 8}}}
	e := mergeRows(cur, u, 0, time.Now())
	wantTimes := []int64{10, 15, 20, 25}
	if len(e.Times) != 4 {
		t.Fatalf("times %v, want %v", e.Times, wantTimes)
	}
	for i := range wantTimes {
		if e.Times[i] != wantTimes[i] {
			t.Fatalf("times %v, want %v", e.Times, wantTimes)
		}
	}
	ca, cb := e.Values[e.Index[a]], e.Values[e.Index[b]]
	if ca[0] != 1 || ca[2] != 30 || ca[3] != 40 {
		t.Errorf("column a %v: the update must win at t=20", ca)
	}
	if !math.IsNaN(cb[0]) || !math.IsNaN(cb[1]) || cb[2] != 7 || cb[3] != 8 {
		t.Errorf("column b %v: NaN before it appeared", cb)
	}
	// Bounded: keep the newest 2 rows only.
	e = mergeRows(cur, u, 2, time.Now())
	if len(e.Times) != 2 || e.Times[0] != 20 || e.Values[e.Index[a]][0] != 30 {
		t.Errorf("bounded merge kept %v / %v", e.Times, e.Values)
	}
	// A column gone from the host with no value left in the kept rows is dropped.
	u2 := &rrd.Updates{Legends: []rrd.Legend{b}, Timestamps: []int64{30, 35}, Values: [][]float64{{1, 2}}}
	e = mergeRows(e, u2, 2, time.Now())
	if _, ok := e.Index[a]; ok || len(e.Legends) != 1 {
		t.Errorf("legends %v: the departed column should be gone", e.Legends)
	}
}

func TestRRDCacheFetchesOnlyNewRows(t *testing.T) {
	host := &fakeRRDHost{now: 1_000_000, legends: []rrd.Legend{legend("host", "h", "cpu0")}}
	c := New(host.fetch, 0, nil)
	clock := time.Unix(host.now, 0)
	c.now = func() time.Time { return clock }
	key := Key{Host: "10.0.0.1", Step: 5, CF: "AVERAGE"}
	ctx := context.Background()
	from := host.now - 300

	e, err := c.Get(ctx, key, from, 120, 0)
	if err != nil {
		t.Fatal(err)
	}
	if host.starts[0] != -305 || e.Times[len(e.Times)-1] != host.now {
		t.Fatalf("first fetch start=%d, newest row %d", host.starts[0], e.Times[len(e.Times)-1])
	}
	if _, err := c.Get(ctx, key, from, 120, 0); err != nil || host.calls.Load() != 1 || c.hits.Load() != 1 {
		t.Fatalf("a fresh entry was fetched again: calls=%d hits=%d err=%v", host.calls.Load(), c.hits.Load(), err)
	}
	// 10 s later: two new rows, asked for with start = newest row held.
	host.mu.Lock()
	host.now += 10
	host.mu.Unlock()
	clock = clock.Add(10 * time.Second)
	e, err = c.Get(ctx, key, from, 120, 0)
	if err != nil {
		t.Fatal(err)
	}
	if host.starts[1] != host.now-10 || c.incrementalFetches.Load() != 1 {
		t.Fatalf("refresh start=%d, want %d (incremental)", host.starts[1], host.now-10)
	}
	if e.Times[len(e.Times)-1] != host.now || e.Times[0] > from {
		t.Fatalf("entry spans %d..%d, want ..%d from <= %d", e.Times[0], e.Times[len(e.Times)-1], host.now, from)
	}
	// An older range than held: a full fetch.
	if _, err := c.Get(ctx, key, from-200, 120, 0); err != nil || c.fullFetches.Load() != 2 {
		t.Fatalf("older range: full fetches %d, err %v", c.fullFetches.Load(), err)
	}
}

func TestRRDCacheSharesConcurrentRefreshes(t *testing.T) {
	host := &fakeRRDHost{now: 1_000_000, legends: []rrd.Legend{legend("host", "h", "cpu0")}, delay: 30 * time.Millisecond}
	c := New(host.fetch, 0, nil)
	key := Key{Host: "10.0.0.1", Step: 5, CF: "AVERAGE"}
	var wg sync.WaitGroup
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Get(context.Background(), key, host.now-300, 120, 0); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := host.calls.Load(); n != 1 {
		t.Fatalf("%d fetches for 12 concurrent identical requests, want 1", n)
	}
}

func TestRRDCacheIsBoundedInBytes(t *testing.T) {
	host := &fakeRRDHost{now: 1_000_000, legends: []rrd.Legend{legend("host", "h", "cpu0"), legend("host", "h", "cpu1")}}
	c := New(host.fetch, 8<<10, nil) // 8 KiB: a few entries of 120 rows x 2 columns
	for i := 0; i < 20; i++ {
		key := Key{Host: string(rune('a' + i)), Step: 5, CF: "AVERAGE"}
		if _, err := c.Get(context.Background(), key, host.now-600, 120, 0); err != nil {
			t.Fatal(err)
		}
	}
	c.mu.Lock()
	n, bytes := len(c.entries), c.total
	c.mu.Unlock()
	if bytes > 8<<10 || n >= 20 {
		t.Fatalf("cache holds %d entries / %d bytes, want <= 8 KiB", n, bytes)
	}
}

// TestEntryGenerations: results computed from an entry (pkg/pool's series cache) are
// kept while the host's entry has the same Gen, so every entry a refresh builds must
// get a new one, and dropping empty columns (same rows) must keep it.
func TestEntryGenerations(t *testing.T) {
	a, b := legend("vm", "a", "cpu0"), legend("vm", "b", "cpu0")
	first := mergeRows(nil, &rrd.Updates{Timestamps: []int64{5, 10}, Legends: []rrd.Legend{a, b}, Values: [][]float64{{1, 2}, {3, 4}}}, 10, time.Unix(10, 0))
	same := mergeRows(nil, &rrd.Updates{Timestamps: []int64{5, 10}, Legends: []rrd.Legend{a, b}, Values: [][]float64{{1, 2}, {3, 4}}}, 10, time.Unix(10, 0))
	if first.Gen == 0 || same.Gen == first.Gen {
		t.Fatalf("generations %d and %d: every built entry needs its own, non-zero", first.Gen, same.Gen)
	}
	// b leaves the host; its old values are dropped out of the window: same rows, one
	// column fewer, a new entry.
	next := mergeRows(first, &rrd.Updates{Timestamps: []int64{15}, Legends: []rrd.Legend{a}, Values: [][]float64{{5}}}, 10, time.Unix(15, 0))
	if next.Gen == first.Gen || next.Gen == 0 {
		t.Fatalf("a refresh with a new row kept generation %d", next.Gen)
	}
	e := &Entry{Legends: []rrd.Legend{a, b}, Times: []int64{5}, Values: [][]float64{{1}, {math.NaN()}}, Gen: 42}
	if got := dropGoneColumns(e, map[rrd.Legend]bool{a: true}); len(got.Legends) != 1 || got.Gen != 42 {
		t.Fatalf("dropping an empty column gave %d columns, generation %d; want 1 column, generation 42", len(got.Legends), got.Gen)
	}
}

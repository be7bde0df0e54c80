package pool

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/series"
	"github.com/xenbench/xenbench/pkg/settings"
)

// axisSeries is n series sharing one time axis of rows at 10, 20, ... (unix seconds).
func axisSeries(n, rows int) []series.Series {
	times := make([]time.Time, rows)
	for i := range times {
		times[i] = time.Unix(int64(10*(i+1)), 0).UTC()
	}
	out := make([]series.Series, n)
	for k := range out {
		vals := make([]float64, rows)
		for i := range vals {
			vals[i] = float64(k*1000 + i)
		}
		out[k] = series.Series{Name: fmt.Sprint("m", k), Times: times, Values: vals}
	}
	return out
}

func TestCutSeries(t *testing.T) {
	full := axisSeries(3, 6) // rows at 10..60
	for _, tc := range []struct {
		name      string
		lo, hi    int64
		wantTimes []int64
	}{
		{"inner window, both ends inclusive", 20, 40, []int64{20, 30, 40}},
		{"between rows", 15, 45, []int64{20, 30, 40}},
		{"everything", 0, 100, []int64{10, 20, 30, 40, 50, 60}},
		{"before the rows", 0, 5, nil},
		{"after the rows", 61, 100, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cut := cutSeries(full, tc.lo, tc.hi)
			if len(cut) != len(full) {
				t.Fatalf("%d series, want %d (a series without rows in range stays, empty)", len(cut), len(full))
			}
			for k, s := range cut {
				if len(s.Times) != len(tc.wantTimes) || len(s.Values) != len(tc.wantTimes) {
					t.Fatalf("series %d: %d times, %d values, want %d", k, len(s.Times), len(s.Values), len(tc.wantTimes))
				}
				for i, want := range tc.wantTimes {
					if s.Times[i].Unix() != want {
						t.Fatalf("series %d row %d at %d, want %d", k, i, s.Times[i].Unix(), want)
					}
					if wantV := float64(k*1000 + int(want/10) - 1); s.Values[i] != wantV {
						t.Fatalf("series %d row %d value %v, want %v", k, i, s.Values[i], wantV)
					}
				}
			}
		})
	}
	t.Run("an append to a cut series does not write into the cached one", func(t *testing.T) {
		cut := cutSeries(full, 20, 30)
		_ = append(cut[0].Values, -1)
		_ = append(cut[0].Times, time.Unix(0, 0))
		if full[0].Values[3] != 3 || full[0].Times[3].Unix() != 40 {
			t.Fatalf("the cached series changed: %v %v", full[0].Values, full[0].Times)
		}
	})
}

func TestSeriesCacheValidity(t *testing.T) {
	snap := &inventory.Snapshot{}
	hosts := []hostGen{{"h1", 1}, {"h2", 2}}
	key := newSeriesKey("vm", "name", "*", []string{"cpu0"}, "AVERAGE", 5*time.Second)
	c := newSeriesCache(1 << 20)
	ss := axisSeries(2, 4)
	c.put(key, snap, hosts, ss, []string{"nope"})

	got, missing, ok := c.get(key, snap, []hostGen{{"h1", 1}, {"h2", 2}})
	if !ok || len(got) != 2 || &got[0] != &ss[0] || !reflect.DeepEqual(missing, []string{"nope"}) {
		t.Fatalf("same query, snapshot and entries: ok=%v series=%d missing=%v, want the stored result", ok, len(got), missing)
	}
	for _, tc := range []struct {
		name  string
		key   seriesKey
		snap  *inventory.Snapshot
		hosts []hostGen
	}{
		{"a new row on one host (new entry generation)", key, snap, []hostGen{{"h1", 1}, {"h2", 3}}},
		{"a host stopped answering", key, snap, []hostGen{{"h1", 1}}},
		{"another host answered", key, snap, []hostGen{{"h1", 1}, {"h2", 2}, {"h3", 1}}},
		{"a new inventory", key, &inventory.Snapshot{}, hosts},
		{"other metrics", newSeriesKey("vm", "name", "*", []string{"memory"}, "AVERAGE", 5*time.Second), snap, hosts},
		{"metrics split differently", newSeriesKey("vm", "name", "*", []string{"cpu", "0"}, "AVERAGE", 5*time.Second), snap, hosts},
		{"another selector", newSeriesKey("vm", "name", "EXVM*", []string{"cpu0"}, "AVERAGE", 5*time.Second), snap, hosts},
		{"another selector mode", newSeriesKey("vm", "regex", "*", []string{"cpu0"}, "AVERAGE", 5*time.Second), snap, hosts},
		{"another object kind", newSeriesKey("host", "name", "*", []string{"cpu0"}, "AVERAGE", 5*time.Second), snap, hosts},
		{"another consolidation function", newSeriesKey("vm", "name", "*", []string{"cpu0"}, "MAX", 5*time.Second), snap, hosts},
		{"another archive", newSeriesKey("vm", "name", "*", []string{"cpu0"}, "AVERAGE", time.Minute), snap, hosts},
	} {
		if _, _, ok := c.get(tc.key, tc.snap, tc.hosts); ok {
			t.Errorf("%s: served the stored result", tc.name)
		}
	}

	c.put(key, snap, []hostGen{{"h1", 0}}, ss, nil)
	if _, _, ok := c.get(key, snap, []hostGen{{"h1", 0}}); ok {
		t.Error("a result from an entry without a generation was kept")
	}
}

func TestSeriesCacheMemoryBound(t *testing.T) {
	snap := &inventory.Snapshot{}
	hosts := []hostGen{{"h1", 1}}
	ss := axisSeries(10, 100)
	size := seriesBytes(ss)
	if min := int64(10 * 100 * 8); size < min {
		t.Fatalf("estimate %d B is below the values alone (%d B)", size, min)
	}
	c := newSeriesCache(3*size + size/2) // room for three results
	key := func(i int) seriesKey {
		return newSeriesKey("vm", "name", fmt.Sprint("vm", i), nil, "AVERAGE", 5*time.Second)
	}
	for i := 0; i < 3; i++ {
		c.put(key(i), snap, hosts, ss, nil)
	}
	c.get(key(0), snap, hosts) // 0 is now more recently used than 1
	c.put(key(3), snap, hosts, ss, nil)
	if c.total > c.maxBytes {
		t.Fatalf("cache holds %d B, bound %d B", c.total, c.maxBytes)
	}
	for i, want := range []bool{true, false, true, true} {
		if _, _, ok := c.get(key(i), snap, hosts); ok != want {
			t.Errorf("result %d kept=%v, want %v (the least recently used goes first)", i, ok, want)
		}
	}
	big := axisSeries(100, 100)
	c.put(key(9), snap, hosts, big, nil)
	if _, _, ok := c.get(key(9), snap, hosts); ok || c.total > c.maxBytes {
		t.Errorf("a result larger than the bound was kept (total %d B, bound %d B)", c.total, c.maxBytes)
	}
}

// TestMetricsFromTheSeriesCache runs metric queries against the in-process simulator:
// a repeated query is answered from the series cache with the same series as a fresh
// instance gives, even for a shifted range; a new row on the hosts rebuilds them, and another query is not
// answered with the first one's series.
func TestMetricsFromTheSeriesCache(t *testing.T) {
	clock := sim.NewManualClock(time.Now().UTC().Truncate(5 * time.Second))
	srv, err := sim.Start(sim.Options{Hosts: 3, VMs: 12, Seed: 5, Scenario: sim.ScenarioSteady, User: "root", Password: "pw", Clock: clock, History: time.Hour})
	if err != nil {
		t.Fatalf("the in-process simulator (cmd/xapi-sim/sim) did not start: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	newService := func() *Service {
		raw, _ := json.Marshal(map[string]any{"username": "root", "timeoutSeconds": 5})
		cfg, err := settings.Load(backend.DataSourceInstanceSettings{URL: srv.MasterURL(), JSONData: raw, DecryptedSecureJSONData: map[string]string{"password": "pw"}})
		if err != nil {
			t.Fatal(err)
		}
		s := New(cfg, Options{HTTPClient: &http.Client{Timeout: 10 * time.Second}, Now: clock.Now})
		t.Cleanup(s.Close)
		return s
	}
	svc := newService()
	ctx := context.Background()
	query := func(s *Service, metrics string, from, to time.Time) []series.Series {
		t.Helper()
		res, err := s.Metrics(ctx, MetricsQuery{Object: "vm", Selector: "*", Metrics: []string{metrics}, From: from, To: to, MaxDataPoints: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Series) == 0 {
			t.Fatalf("%s: no series", metrics)
		}
		return res.Series
	}
	now := clock.Now()
	first := query(svc, "cpu0", now.Add(-10*time.Minute), now)
	hits := svc.series.hits.Load()
	// Grafana moves a relative range forward on each refresh: a shifted range within the
	// same rows is served from the cache, cut to the new range.
	shifted := query(svc, "cpu0", now.Add(-8*time.Minute), now.Add(-time.Minute))
	if svc.series.hits.Load() != hits+1 {
		t.Fatalf("the repeated query was not served from the series cache (hits %d -> %d)", hits, svc.series.hits.Load())
	}
	sameSeries(t, "shifted range, cached", shifted, query(newService(), "cpu0", now.Add(-8*time.Minute), now.Add(-time.Minute)))
	if len(shifted[0].Times) >= len(first[0].Times) {
		t.Fatalf("the shifted range has %d rows, the first %d: not cut to the range", len(shifted[0].Times), len(first[0].Times))
	}

	// Concurrent refreshes share the cached series: each orders and reads its own cut
	// (run with -race: nothing may write into the shared rows).
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := svc.Metrics(ctx, MetricsQuery{Object: "vm", Selector: "*", Metrics: []string{"cpu0"},
				From: now.Add(-time.Duration(5+g) * time.Minute), To: now.Add(-time.Duration(g) * time.Minute), MaxDataPoints: 1000})
			if err != nil {
				t.Error(err)
				return
			}
			series.Sort(res.Series)
			sum := 0.0
			for _, s := range res.Series {
				for _, v := range s.Values {
					sum += v
				}
				_ = append(s.Values, sum) // must not land in the shared rows
			}
		}()
	}
	wg.Wait()

	other := query(svc, "memory", now.Add(-10*time.Minute), now)
	if other[0].Name != "memory" {
		t.Fatalf("a memory query got series named %q", other[0].Name)
	}

	// A new row: the row cache fetches it once its entries are a step old, and the
	// series are rebuilt with it.
	if err := srv.Advance(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	later := clock.Now()
	misses := svc.series.misses.Load()
	next := query(svc, "cpu0", later.Add(-10*time.Minute), later)
	if svc.series.misses.Load() == misses {
		t.Fatal("the query after a new row was served from the series cache")
	}
	lastOld, lastNew := first[0].Times[len(first[0].Times)-1], next[0].Times[len(next[0].Times)-1]
	if !lastNew.After(lastOld) {
		t.Fatalf("newest row %v after the clock moved 5 s, before %v: the new row is missing", lastNew, lastOld)
	}
	// The same rows built without the cache (a fresh instance would read a window of
	// exactly one archive, one row fewer than this instance's merged entry holds).
	cached := svc.series
	svc.series = newSeriesCache(0)
	sameSeries(t, "after a new row", next, query(svc, "cpu0", later.Add(-10*time.Minute), later))
	svc.series = cached
}

// sameSeries compares series by name, labels, unit, times and values (NaN equal to NaN).
func sameSeries(t *testing.T, what string, got, want []series.Series) {
	t.Helper()
	series.Sort(got)
	series.Sort(want)
	if len(got) != len(want) {
		t.Fatalf("%s: %d series, want %d", what, len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.Unit != w.Unit || !reflect.DeepEqual(g.Labels, w.Labels) || len(g.Times) != len(w.Times) || len(g.Values) != len(w.Values) {
			t.Fatalf("%s: series %d is %s %v %q (%d rows), want %s %v %q (%d rows)", what, i, g.Name, g.Labels, g.Unit, len(g.Times), w.Name, w.Labels, w.Unit, len(w.Times))
		}
		for j := range g.Times {
			if !g.Times[j].Equal(w.Times[j]) || (g.Values[j] != w.Values[j] && !(math.IsNaN(g.Values[j]) && math.IsNaN(w.Values[j]))) {
				t.Fatalf("%s: series %d row %d is %v=%v, want %v=%v", what, i, j, g.Times[j], g.Values[j], w.Times[j], w.Values[j])
			}
		}
	}
}

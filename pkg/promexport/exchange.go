package promexport

import (
	"context"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/inventory"
)

// Every counter, single-instance and multi-instance objects.
var allCounters = []string{`\\*\*\*`, `\\*\*(*)\*`}

// InventoryVMs lists the pool's VMs from an inventory, for exchange.NewSource: the
// Exchange side then resolves servers against the same snapshot the RRD side labels
// with.
type InventoryVMs struct{ Inventory *inventory.Inventory }

// VMs implements exchange.VMLister.
func (v InventoryVMs) VMs(ctx context.Context) ([]inventory.VM, error) {
	snap, err := v.Inventory.Get(ctx)
	if err != nil {
		return nil, err
	}
	return snap.VMs, nil
}

// exchangeSource reads new perfmon rows and the load-test results each refresh,
// through the datasource's own Exchange side (pkg/exchange), so labels, native/virtual
// resolution and volume roles are the datasource's.
type exchangeSource struct {
	src *exchange.Source
	// cursor per series: the newest sample handed on (unix ms). Files of different
	// servers may be appended late, so each series has its own. Load-test series'
	// cursors are the end of the newest run written.
	cursor map[*Series]int64
	// newest perfmon row handed on: the next read starts a few minutes before it.
	newest time.Time
	// restored are cursors read from the state file, by series exposition
	// (name{labels}), taken over when the series is first seen.
	restored map[string]int64
}

func newExchangeSource(src *exchange.Source) *exchangeSource {
	return &exchangeSource{src: src, cursor: map[*Series]int64{}, restored: map[string]int64{}}
}

// restore takes the cursors of a state file; perfmon's newest row is the newest of
// the counter series.
func (x *exchangeSource) restore(cursors map[string]int64) {
	for k, ms := range cursors {
		x.restored[k] = ms
		if strings.HasPrefix(k, "xenbench_exchange_counter_") {
			if t := time.UnixMilli(ms); t.After(x.newest) {
				x.newest = t
			}
		}
	}
}

// exchangeRead is one read's samples and the cursors they move, applied (advance)
// only once the samples were queued, so rows refused by a full queue are read again.
type exchangeRead struct {
	samples []Sample
	cursors map[*Series]int64
	newest  time.Time
}

func (x *exchangeSource) cursorOf(s *Series) int64 {
	if c, ok := x.cursor[s]; ok {
		return c
	}
	if c, ok := x.restored[string(s.exposition)]; ok {
		x.cursor[s] = c
		delete(x.restored, string(s.exposition))
		return c
	}
	return 0
}

// advance applies a read's cursors.
func (x *exchangeSource) advance(r *exchangeRead) {
	for s, c := range r.cursors {
		x.cursor[s] = max(x.cursor[s], c)
	}
	if r.newest.After(x.newest) {
		x.newest = r.newest
	}
}

// collect reads the perfmon samples newer than each series' cursor and the load-test
// results of runs that ended after theirs, each stamped with the run's end as the
// datasource's frames are (enqueue leaves out those older than MaxSampleAge).
// backfill bounds how far back a first perfmon read goes. latest gets every value,
// also already written ones, for /metrics.
func (x *exchangeSource) collect(ctx context.Context, in *interner, now time.Time, backfill time.Duration, latest func(*Series, int64, float64)) (*exchangeRead, []string, error) {
	r := &exchangeRead{cursors: map[*Series]int64{}}
	from := now.Add(-backfill)
	if !x.newest.IsZero() {
		// A few minutes of overlap: a server's file may be flushed late; the per-series
		// cursors drop what was already sent.
		from = x.newest.Add(-5 * time.Minute)
	}
	res, err := x.src.Counters(ctx, exchange.CounterQuery{Counters: allCounters, From: from, To: now.Add(time.Hour)})
	if err != nil {
		return r, nil, err
	}
	warnings := res.Warnings
	for _, cs := range res.Series {
		name, scale := counterFamily(cs.Unit)
		ser := in.get(name, pairsOf(cs.Labels)...)
		cur := x.cursorOf(ser)
		for i, t := range cs.Times {
			ms := t.UnixMilli()
			v := cs.Values[i]
			if ms <= cur || math.IsNaN(v) {
				continue
			}
			v *= scale
			r.samples = append(r.samples, Sample{S: ser, T: ms, V: v})
			if latest != nil {
				latest(ser, ms, v)
			}
			r.cursors[ser] = ms
			cur = ms
			if t.After(r.newest) {
				r.newest = t
			}
		}
	}
	results, w, err := x.src.Results(ctx, exchange.ResultQuery{})
	warnings = append(warnings, w...)
	if err != nil {
		return r, warnings, err
	}
	for _, res := range results {
		pairs := []string{LabelWorkload, res.Workload, LabelPlatform, res.Platform, LabelServer, res.Server, LabelTask, res.Task, LabelRun, res.RunID}
		ms := res.End.UnixMilli()
		for _, f := range []struct {
			name string
			v    float64
		}{{famLoadgenAvg, res.AvgMs / 1000}, {famLoadgenP95, res.P95Ms / 1000}, {famLoadgenCount, float64(res.Count)}} {
			if math.IsNaN(f.v) {
				continue
			}
			s := in.get(f.name, pairs...)
			if latest != nil {
				latest(s, ms, f.v)
			}
			if ms <= x.cursorOf(s) {
				continue
			}
			r.samples = append(r.samples, Sample{S: s, T: ms, V: f.v})
			r.cursors[s] = ms
		}
	}
	return r, warnings, nil
}

// pairsOf flattens a label map (sorted, for a stable series key).
func pairsOf(labels map[string]string) []string {
	names := make([]string, 0, len(labels))
	for k := range labels {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]string, 0, 2*len(names))
	for _, k := range names {
		out = append(out, k, labels[k])
	}
	return out
}

package promexport

import (
	"context"
	"math"
	"sort"
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
	// servers may be appended late, so each series has its own.
	cursor map[*Series]int64
	newest time.Time
}

func newExchangeSource(src *exchange.Source) *exchangeSource {
	return &exchangeSource{src: src, cursor: map[*Series]int64{}}
}

// collect appends the perfmon samples newer than each series' cursor and the
// load-test results (stamped now, as a scrape would see them). backfill bounds how far
// back the first read goes.
func (x *exchangeSource) collect(ctx context.Context, in *interner, now time.Time, backfill time.Duration, out []Sample, latest func(*Series, int64, float64)) ([]Sample, []string, error) {
	from := now.Add(-backfill)
	if !x.newest.IsZero() {
		// A few minutes of overlap: a server's file may be flushed late; the per-series
		// cursors drop what was already sent.
		from = x.newest.Add(-5 * time.Minute)
	}
	res, err := x.src.Counters(ctx, exchange.CounterQuery{Counters: allCounters, From: from, To: now.Add(time.Hour)})
	if err != nil {
		return out, nil, err
	}
	warnings := res.Warnings
	for _, cs := range res.Series {
		name, scale := counterFamily(cs.Unit)
		ser := in.get(name, pairsOf(cs.Labels)...)
		cur := x.cursor[ser]
		for i, t := range cs.Times {
			ms := t.UnixMilli()
			v := cs.Values[i]
			if ms <= cur || math.IsNaN(v) {
				continue
			}
			v *= scale
			out = append(out, Sample{S: ser, T: ms, V: v})
			if latest != nil {
				latest(ser, ms, v)
			}
			x.cursor[ser] = ms
			if t.After(x.newest) {
				x.newest = t
			}
		}
	}
	results, w, err := x.src.Results(ctx, exchange.ResultQuery{})
	warnings = append(warnings, w...)
	if err != nil {
		return out, warnings, err
	}
	ms := now.UnixMilli()
	for _, r := range results {
		pairs := []string{LabelWorkload, r.Workload, LabelPlatform, r.Platform, LabelServer, r.Server, LabelTask, r.Task, LabelRun, r.RunID}
		for _, f := range []struct {
			name string
			v    float64
		}{{famLoadgenAvg, r.AvgMs / 1000}, {famLoadgenP95, r.P95Ms / 1000}, {famLoadgenCount, float64(r.Count)}} {
			if math.IsNaN(f.v) {
				continue
			}
			s := in.get(f.name, pairs...)
			out = append(out, Sample{S: s, T: ms, V: f.v})
			if latest != nil {
				latest(s, ms, f.v)
			}
		}
	}
	return out, warnings, nil
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

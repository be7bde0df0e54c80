// Package series is the common shape of time series the domain packages return
// (RRD metrics, perfmon counters, event durations) and the reducers applied to them.
// Frames are built from it once, in pkg/plugin.
package series

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/loadgen"
)

// Series is one labelled time series.
type Series struct {
	Name   string            // the value field's name, e.g. the metric or counter
	Labels map[string]string // pool, host, vm, sr, metric, server, object, instance, counter, platform, ...
	Unit   string            // Grafana unit id: ms, s, percent, iops, Bps, decbytes, ...
	Times  []time.Time       // ascending
	Values []float64         // NaN marks a missing sample
}

// Reduce applies a reducer (contract.Reducer*) to the non-NaN values; ok is false when none remain or the
// reducer is unknown. p95 is exact (nearest rank: the ceil(0.95·n)-th smallest value),
// not interpolated.
func Reduce(values []float64, reducer string) (float64, bool) {
	kept := make([]float64, 0, len(values))
	for _, v := range values {
		if !math.IsNaN(v) {
			kept = append(kept, v)
		}
	}
	if len(kept) == 0 {
		return 0, false
	}
	switch reducer {
	case contract.ReducerMean:
		var sum float64
		for _, v := range kept {
			sum += v
		}
		return sum / float64(len(kept)), true
	case contract.ReducerMin:
		m := kept[0]
		for _, v := range kept[1:] {
			m = math.Min(m, v)
		}
		return m, true
	case contract.ReducerMax:
		m := kept[0]
		for _, v := range kept[1:] {
			m = math.Max(m, v)
		}
		return m, true
	case contract.ReducerLast:
		return kept[len(kept)-1], true
	case contract.ReducerP95:
		return loadgen.P95(kept), true
	}
	return 0, false
}

// Sort orders series by name, then labels (as sorted key=value pairs, the order of
// data.Labels.String), so responses and golden files are stable. The labels' text is
// computed once per series, not once per comparison, and the sort moves small
// (key, index) pairs rather than the series themselves (moving 2,000 series structs
// cost more than comparing them); a slice already in order (pkg/pool keeps its cached
// series sorted) is only checked.
func Sort(ss []Series) {
	type keyed struct {
		key string
		i   int
	}
	ks := make([]keyed, len(ss))
	sorted := true
	for i, s := range ss {
		// NUL sorts before any byte of a name, so the order is by name, then labels.
		ks[i] = keyed{s.Name + "\x00" + labelsKey(s.Labels), i}
		if i > 0 && ks[i].key < ks[i-1].key {
			sorted = false
		}
	}
	if sorted {
		return
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	orig := slices.Clone(ss)
	for i := range ks {
		ss[i] = orig[ks[i].i]
	}
}

// labelsKey is the labels as sorted key=value pairs: the order of data.Labels.String,
// built with one allocation (sorting thousands of series called it per comparison).
func labelsKey(l map[string]string) string {
	var small [12]string
	keys := small[:0]
	n := 0
	for k, v := range l {
		keys = append(keys, k)
		n += len(k) + len(v) + 2
	}
	sort.Strings(keys)
	var b strings.Builder
	b.Grow(n)
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(l[k])
		b.WriteByte(',')
	}
	return b.String()
}

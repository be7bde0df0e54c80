// Package series is the common shape of time series the domain packages return
// (RRD metrics, perfmon counters, event durations) and the reducers applied to them.
// Frames are built from it once, in pkg/plugin.
package series

import (
	"math"
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

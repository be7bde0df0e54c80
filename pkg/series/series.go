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
	// sortKey is Sort's key for Name and Labels, kept by CacheSortKey; empty when not
	// computed.
	sortKey string
}

// CacheSortKey keeps the key Sort orders s by in s, for series that are ordered again
// on every request while they stay the same (pkg/pool's cached series): Sort then
// compares the kept keys instead of reading the labels. Name and Labels must not
// change afterwards.
func (s *Series) CacheSortKey() {
	s.sortKey = ""
	s.sortKey = sortKey(*s)
}

// sortKey is what Sort orders by: the name, then the labels as sorted key=value pairs
// (NUL sorts before any byte of a name, so the order is by name, then labels).
func sortKey(s Series) string {
	if s.sortKey != "" {
		return s.sortKey
	}
	return s.Name + "\x00" + labelsKey(s.Labels)
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
	if sorted(ss) {
		return
	}
	type keyed struct {
		key string
		i   int
	}
	ks := make([]keyed, len(ss))
	for i, s := range ss {
		ks[i] = keyed{sortKey(s), i}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	orig := slices.Clone(ss)
	for i := range ks {
		ss[i] = orig[ks[i].i]
	}
}

// sorted reports whether ss is in Sort's order, comparing neighbours' keys piece by
// piece without building them (a refresh of 2,000 cached series checks, it does
// not sort).
func sorted(ss []Series) bool {
	var ka, kb [maxSortLabels]string
	var prev []string // label names of ss[i-1], when read
	for i := 1; i < len(ss); i++ {
		p, q := ss[i-1], ss[i]
		if p.sortKey != "" && q.sortKey != "" {
			if p.sortKey > q.sortKey {
				return false
			}
			prev = nil
			continue
		}
		var ok, same bool
		if prev == nil {
			if prev, _, ok = labelNames(p, nil, ka[:0]); !ok {
				return false // too many labels to check here: sort
			}
		}
		cur, same, ok := labelNames(q, prev, kb[:0])
		if !ok {
			return false
		}
		c, decided := 0, false
		if same && p.Name == q.Name {
			c, decided = compareValues(p, q, cur)
		}
		if !decided {
			c = compareKeys(p, prev, q, cur)
		}
		if c > 0 {
			return false
		}
		prev = append(ka[:0], cur...)
	}
	return true
}

// compareValues compares the keys of two series with the same name and label names
// by their values in key order, the usual case, without walking the keys' text.
// Where one value is a prefix of the other the separator after it decides, and
// decided is false: compareKeys handles it.
func compareValues(a, b Series, keys []string) (c int, decided bool) {
	for _, k := range keys {
		va, vb := a.Labels[k], b.Labels[k]
		if va == vb {
			continue
		}
		n := min(len(va), len(vb))
		if c := strings.Compare(va[:n], vb[:n]); c != 0 {
			return c, true
		}
		return 0, false
	}
	return 0, true
}

// maxSortLabels bounds the labels sorted checks without allocating; series with more
// are sorted the general way.
const maxSortLabels = 12

// labelNames returns the series' label names in order, in keys, and whether they are
// the previous series' names (prev), which are then reused without sorting (series of
// one query usually have the same label names).
func labelNames(s Series, prev, keys []string) (names []string, same, ok bool) {
	if len(s.Labels) > cap(keys) {
		return nil, false, false
	}
	if len(prev) == len(s.Labels) {
		same := true
		for _, k := range prev {
			if _, ok := s.Labels[k]; !ok {
				same = false
				break
			}
		}
		if same {
			return append(keys, prev...), true, true
		}
	}
	for k := range s.Labels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys, false, true
}

// compareKeys compares name + "\x00" + labelsKey(labels) of a and b as strings, one
// piece at a time.
func compareKeys(a Series, aKeys []string, b Series, bKeys []string) int {
	ra := keyReader{s: a, keys: aKeys}
	rb := keyReader{s: b, keys: bKeys}
	ra.rest, rb.rest = a.Name, b.Name
	for {
		okA, okB := ra.fill(), rb.fill()
		switch {
		case !okA && !okB:
			return 0
		case !okA:
			return -1
		case !okB:
			return 1
		}
		n := min(len(ra.rest), len(rb.rest))
		if c := strings.Compare(ra.rest[:n], rb.rest[:n]); c != 0 {
			return c
		}
		ra.rest, rb.rest = ra.rest[n:], rb.rest[n:]
	}
}

// keyReader walks a series' sort key, name, NUL, then key=value, for each label in
// key order, as pieces of text.
type keyReader struct {
	s     Series
	keys  []string
	piece int    // 0 name, 1 NUL, then 4 pieces per label: key, '=', value, ','
	rest  string // what is left of the current piece
}

// fill moves to the next non-empty piece when the current one is used up; false at
// the end of the key.
func (r *keyReader) fill() bool {
	for len(r.rest) == 0 {
		r.piece++
		if r.piece >= 2+4*len(r.keys) {
			return false
		}
		r.rest = r.pieceText()
	}
	return true
}

func (r *keyReader) pieceText() string {
	switch r.piece {
	case 0:
		return r.s.Name
	case 1:
		return "\x00"
	}
	k := r.keys[(r.piece-2)/4]
	switch (r.piece - 2) % 4 {
	case 0:
		return k
	case 1:
		return "="
	case 2:
		return r.s.Labels[k]
	}
	return ","
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

package promexport

import (
	"hash/fnv"
	"sort"
	"strings"
)

// Label is one name/value pair of a series.
type Label struct{ Name, Value string }

// Series is a metric name plus labels, sorted by name with __name__ first (the order
// remote write requires). Series are interned by the exporter, so a sample carries a
// pointer, not a copy of its labels.
type Series struct {
	Labels []Label
	key    string
	hash   uint32 // of key: picks the remote-write shard
	// exposition is name{labels} as /metrics writes it, built once when interned.
	exposition []byte
}

// Name returns the metric name.
func (s *Series) Name() string { return s.Labels[0].Value }

// Get returns a label's value ("" when absent).
func (s *Series) Get(name string) string {
	for _, l := range s.Labels {
		if l.Name == name {
			return l.Value
		}
	}
	return ""
}

// Sample is one value of a series at a time in milliseconds.
type Sample struct {
	S *Series
	T int64
	V float64
}

// newSeries builds a series from a metric name and label pairs; empty values are left
// out (Prometheus treats an empty label as absent anyway).
func newSeries(name string, pairs ...string) *Series {
	ls := make([]Label, 0, 1+len(pairs)/2)
	ls = append(ls, Label{"__name__", name})
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			ls = append(ls, Label{pairs[i], pairs[i+1]})
		}
	}
	sort.Slice(ls[1:], func(i, j int) bool { return ls[1+i].Name < ls[1+j].Name })
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.Name)
		b.WriteByte(0)
		b.WriteString(l.Value)
		b.WriteByte(0)
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(b.String()))
	return &Series{Labels: ls, key: b.String(), hash: h.Sum32()}
}

// interner keeps one *Series per label set, so the latest-value table and the queue
// share them. It is used by one goroutine (the collection loop).
type interner struct {
	m map[string]*Series
}

func (in *interner) get(name string, pairs ...string) *Series {
	s := newSeries(name, pairs...)
	if in.m == nil {
		in.m = map[string]*Series{}
	}
	if old, ok := in.m[s.key]; ok {
		return old
	}
	s.exposition = appendExposition(nil, s)
	in.m[s.key] = s
	return s
}

// forget drops series not in keep (called after stale series leave the latest table)
// and returns how many it dropped.
func (in *interner) forget(keep func(*Series) bool) int {
	n := 0
	for k, s := range in.m {
		if !keep(s) {
			delete(in.m, k)
			n++
		}
	}
	return n
}

package pool

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/series"
)

// seriesCache keeps the series of recent metric queries, built over every row their
// hosts' cached entries hold, so that a refresh which finds the same rows (the row
// cache answers from memory for a step, see rrdcache.freshness) only cuts them to its
// range instead of selecting columns, merging migrated VMs' columns and scaling values
// again: for the 2,000 VMs of a large pool that was most of a warm query's work.
//
// A result is used only while it was built from the same inventory snapshot and the
// same answering hosts with the same entry generations (rrdcache.Entry.Gen): a new row,
// a host that stops or starts answering, or a new inventory rebuilds it. The time range
// is not part of the key: Grafana moves a relative range forward on every refresh,
// and cutting by time is cheap.
//
// Memory bound: at most maxBytes of series (estimated from their values and time axes);
// the least recently used results go first, and a result larger than the bound is not
// kept. Results share no memory with the row cache's entries (values are scaled
// copies) except the labels' strings.
type seriesCache struct {
	maxBytes int64

	mu    sync.Mutex
	items map[seriesKey]*seriesItem
	total int64
	clock uint64 // bumped on each use, for least-recently-used eviction

	// Counters, for tests.
	hits, misses atomic.Int64
}

// defaultSeriesCacheBytes holds a dashboard's worth of queries over a large pool: the
// 2,000-VM queries of the issue 13 benchmark take about 2.5 MB each.
const defaultSeriesCacheBytes = 32 << 20

// seriesKey is a query without its range: what selects the series and their rows.
type seriesKey struct {
	object, mode, selector string
	metrics                string // the names and globs, NUL-separated
	cf                     string
	step                   int64
}

func newSeriesKey(object, mode, selector string, metrics []string, cf string, step time.Duration) seriesKey {
	return seriesKey{object: object, mode: mode, selector: selector, metrics: strings.Join(metrics, "\x00"), cf: cf, step: int64(step / time.Second)}
}

// hostGen is one answering host and the generation of the entry it answered with.
type hostGen struct {
	uuid string
	gen  uint64
}

type seriesItem struct {
	snap    *inventory.Snapshot
	hosts   []hostGen
	series  []series.Series // over every row of the entries, scaled; never modified
	missing []string        // requested exact names that matched nothing
	bytes   int64
	used    uint64
}

func newSeriesCache(maxBytes int64) *seriesCache {
	if maxBytes <= 0 {
		maxBytes = defaultSeriesCacheBytes
	}
	return &seriesCache{maxBytes: maxBytes, items: map[seriesKey]*seriesItem{}}
}

// get returns the series built for key from snap and hosts, if they are still those.
func (c *seriesCache) get(key seriesKey, snap *inventory.Snapshot, hosts []hostGen) ([]series.Series, []string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it := c.items[key]
	if it == nil || it.snap != snap || !slices.Equal(it.hosts, hosts) {
		c.misses.Add(1)
		return nil, nil, false
	}
	c.clock++
	it.used = c.clock
	c.hits.Add(1)
	return it.series, it.missing, true
}

// put keeps a result, evicting the least recently used ones beyond the bound.
func (c *seriesCache) put(key seriesKey, snap *inventory.Snapshot, hosts []hostGen, ss []series.Series, missing []string) {
	for _, h := range hosts {
		if h.gen == 0 {
			return // an entry without a generation cannot be told from its successor
		}
	}
	size := seriesBytes(ss)
	if size > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.items[key]; old != nil {
		c.total -= old.bytes
	}
	c.clock++
	c.items[key] = &seriesItem{snap: snap, hosts: hosts, series: ss, missing: missing, bytes: size, used: c.clock}
	c.total += size
	for c.total > c.maxBytes {
		var oldest seriesKey
		var at uint64
		first := true
		for k, it := range c.items {
			if k != key && (first || it.used < at) {
				oldest, at, first = k, it.used, false
			}
		}
		if first {
			break
		}
		c.total -= c.items[oldest].bytes
		delete(c.items, oldest)
	}
}

// seriesBytes estimates the memory of series: values, each distinct time axis once
// (series cut from one host's rows share it), and a fixed cost per series for its
// header and labels.
func seriesBytes(ss []series.Series) int64 {
	const perSeries = 256
	const timeSize = 24 // time.Time
	axes := map[*time.Time]bool{}
	var n int64
	for _, s := range ss {
		n += perSeries + int64(len(s.Values))*8
		if len(s.Times) > 0 && !axes[&s.Times[0]] {
			axes[&s.Times[0]] = true
			n += int64(len(s.Times)) * timeSize
		}
	}
	return n
}

// cutSeries returns ss limited to rows within [lo, hi] (unix seconds). The results
// share their rows with ss (capacity-limited, so an append cannot write into them);
// series on one time axis are searched once.
func cutSeries(ss []series.Series, lo, hi int64) []series.Series {
	type axis struct {
		first *time.Time
		n     int
	}
	type window struct{ i, j int }
	windows := map[axis]window{}
	out := make([]series.Series, len(ss))
	for k, s := range ss {
		var w window
		if len(s.Times) > 0 {
			a := axis{&s.Times[0], len(s.Times)}
			var ok bool
			if w, ok = windows[a]; !ok {
				w.i = sort.Search(len(s.Times), func(i int) bool { return s.Times[i].Unix() >= lo })
				w.j = max(w.i, sort.Search(len(s.Times), func(j int) bool { return s.Times[j].Unix() > hi }))
				windows[a] = w
			}
		}
		s.Times = s.Times[w.i:w.j:w.j]
		s.Values = s.Values[w.i:w.j:w.j]
		out[k] = s
	}
	return out
}

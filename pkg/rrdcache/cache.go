// Package rrdcache keeps the newest rrd_updates rows of each host and asks hosts only for
// rows it does not hold yet, so dashboards, alert rules and live streams over the same
// hosts share requests.
package rrdcache

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xenbench/xenbench/pkg/cache"
	"github.com/xenbench/xenbench/pkg/rrd"
	"github.com/xenbench/xenbench/pkg/xapi"
)

// Key identifies one cached rrd_updates stream: every RRD column one host serves
// (its own and its resident VMs') for one archive step and consolidation function.
// Queries of any selection share it and filter columns locally, so ten panels showing
// different VMs on the same host cost one request.
type Key struct {
	Host string // host.address
	Step int64  // seconds
	CF   string
}

// Entry is an immutable snapshot of a host's rows; a refresh builds a new one, so
// readers never need a lock.
type Entry struct {
	Legends   []rrd.Legend
	Index     map[rrd.Legend]int
	Times     []int64     // unix seconds, ascending
	Values    [][]float64 // Values[col][row]
	FetchedAt time.Time
	// Gen is unique to the rows and columns this entry holds: every entry a refresh
	// builds gets a new one. Results computed from an entry (pkg/pool's series cache)
	// stay valid while the host's entry has the same Gen.
	Gen uint64
}

// generations numbers the entries mergeRows builds.
var generations atomic.Uint64

func (e *Entry) bytes() int64 {
	return int64(len(e.Times)*8 + len(e.Legends)*(len(e.Times)*8+96))
}

// Fetcher is the XAPI call the cache makes (xapi.Client.GetRRDUpdates).
type Fetcher func(ctx context.Context, hostAddress string, p xapi.RRDParams) (*rrd.Updates, error)

// Cache keeps the latest rows per Key and asks hosts only for what is new:
// after the first full read, a refresh sends start = the newest row held, so a 5-second
// dashboard refresh moves one row per column instead of the whole 120-row window (Xen
// Orchestra issue #432 measured ~250 KB/s for the full-window approach). Concurrent
// identical refreshes share one request.
//
// Memory bound: an entry keeps at most 2 x the archive's rows (240 rows for the 5 s
// archive, enough for 20 minutes of streaming), and the whole cache at most maxBytes
// (least recently used entries go first); a 64-host pool with ~600 columns per host
// at the 5 s step needs ~64 x 600 x 240 x 8 B = 74 MB, so the default 64 MB keeps the
// hosts that are being looked at. In-flight responses come on top, each bounded by
// the datasource's max response size.
type Cache struct {
	fetch    Fetcher
	now      func() time.Time
	maxBytes int64

	mu      sync.Mutex
	entries map[Key]*cacheSlot
	total   int64
	flight  cache.Flight[Key, *Entry]

	// Counters, for tests and benchmarks.
	fullFetches, incrementalFetches, hits atomic.Int64
}

type cacheSlot struct {
	entry    *Entry
	lastUsed time.Time
}

const defaultRRDCacheBytes = 64 << 20

// New builds a cache of at most maxBytes (64 MiB when 0) that reads rows through fetch;
// now is the clock entries are aged by (time.Now when nil).
func New(fetch Fetcher, maxBytes int64, now func() time.Time) *Cache {
	if maxBytes <= 0 {
		maxBytes = defaultRRDCacheBytes
	}
	if now == nil {
		now = time.Now
	}
	return &Cache{fetch: fetch, now: now, maxBytes: maxBytes, entries: map[Key]*cacheSlot{}}
}

// freshness is how long rows are served without asking the host again: new rows
// appear once per step, and never more often than every 5 s (xcp-rrdd's update period).
func freshness(step int64) time.Duration {
	d := time.Duration(step) * time.Second
	return min(max(d, 5*time.Second), time.Minute)
}

// Get returns an entry holding the host's rows from at least `from` (unix seconds) to
// the latest available, fetching what is missing. rows is the archive's length; the
// entry keeps at most twice that.
//
// newerThan (unix seconds, 0 for none) is the newest row the caller already has, as a
// live stream does: an entry with no row after it is refreshed even while it is
// fresh. Without this a stream ticking once per step finds, every other tick, an entry
// fetched a little less than one step ago and sends nothing.
func (c *Cache) Get(ctx context.Context, key Key, from int64, rows int, newerThan int64) (*Entry, error) {
	for attempt := 0; attempt < 2; attempt++ {
		c.mu.Lock()
		slot := c.entries[key]
		var cur *Entry
		if slot != nil {
			cur = slot.entry
			slot.lastUsed = c.now()
		}
		c.mu.Unlock()
		covers := cur != nil && len(cur.Times) > 0 && cur.Times[0] <= from+key.Step
		hasNew := newerThan <= 0 || (covers && cur.Times[len(cur.Times)-1] > newerThan)
		if covers && hasNew && c.now().Sub(cur.FetchedAt) < freshness(key.Step) {
			c.hits.Add(1)
			return cur, nil
		}
		e, shared, err := c.flight.Do(ctx, key, func() (*Entry, error) {
			return c.refresh(ctx, key, cur, covers, from, rows)
		})
		if err != nil {
			return nil, err
		}
		if !shared || (len(e.Times) > 0 && e.Times[0] <= from+key.Step) {
			return e, nil
		}
		// A concurrent refresh for a shorter range was shared; go again for ours.
	}
	return c.refresh(ctx, key, nil, false, from, rows)
}

func (c *Cache) refresh(ctx context.Context, key Key, cur *Entry, incremental bool, from int64, rows int) (*Entry, error) {
	// A full read asks relative to the host's last update (negative start,
	// rrd_updates.ml create_multi): our clock and the host's may differ, and xapi picks
	// the first archive that still holds start (rrd.ml find_best_rras), so an absolute
	// start a few seconds too old would silently switch to the next, coarser archive.
	back := c.now().Unix() - from + key.Step
	start := -min(back, key.Step*int64(rows-1))
	if incremental {
		start = cur.Times[len(cur.Times)-1]
		c.incrementalFetches.Add(1)
	} else {
		cur = nil
		c.fullFetches.Add(1)
	}
	u, err := c.fetch(ctx, key.Host, xapi.RRDParams{Start: start, CF: key.CF, Interval: key.Step, Host: true, VMUUID: "all"})
	if err != nil {
		return nil, err
	}
	if u.Step != 0 && u.Step != key.Step {
		// The host chose another archive (it lacks ours, or our clocks disagree):
		// never mix steps in one entry.
		cur = nil
	}
	e := mergeRows(cur, u, 2*rows, c.now())
	c.store(key, e)
	return e, nil
}

func (c *Cache) store(key Key, e *Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[key]; ok {
		c.total -= old.entry.bytes()
	}
	c.entries[key] = &cacheSlot{entry: e, lastUsed: c.now()}
	c.total += e.bytes()
	for c.total > c.maxBytes && len(c.entries) > 1 {
		var oldest Key
		var oldestAt time.Time
		first := true
		for k, s := range c.entries {
			if k == key {
				continue
			}
			if first || s.lastUsed.Before(oldestAt) {
				oldest, oldestAt, first = k, s.lastUsed, false
			}
		}
		c.total -= c.entries[oldest].entry.bytes()
		delete(c.entries, oldest)
	}
}

// mergeRows builds a new entry from cur's rows older than the update's first row and
// the update's rows (which win where both have a time). Columns are the union of both
// legends: a VM that migrated away keeps its old rows, one that arrived gets NaN
// before. At most maxRows newest rows are kept, and columns with no value left are
// dropped, so the entry stays bounded.
func mergeRows(cur *Entry, u *rrd.Updates, maxRows int, now time.Time) *Entry {
	keep := 0 // rows of cur to keep
	if cur != nil {
		keep = len(cur.Times)
		if len(u.Timestamps) > 0 {
			first := u.Timestamps[0]
			for keep > 0 && cur.Times[keep-1] >= first {
				keep--
			}
		}
	}
	total := keep + len(u.Timestamps)
	drop := 0
	if maxRows > 0 && total > maxRows {
		drop = total - maxRows
	}
	times := make([]int64, 0, total-drop)
	var legends []rrd.Legend
	index := map[rrd.Legend]int{}
	addLegend := func(l rrd.Legend) int {
		if i, ok := index[l]; ok {
			return i
		}
		index[l] = len(legends)
		legends = append(legends, l)
		return len(legends) - 1
	}
	if cur != nil {
		for _, l := range cur.Legends {
			addLegend(l)
		}
	}
	for _, l := range u.Legends {
		addLegend(l)
	}
	rows := total - drop
	values := make([][]float64, len(legends))
	backing := make([]float64, len(legends)*rows)
	for i := range values {
		values[i] = backing[i*rows : (i+1)*rows : (i+1)*rows]
		for r := range values[i] {
			values[i][r] = math.NaN()
		}
	}
	row := 0
	for r := 0; r < keep; r++ {
		if r < drop {
			continue
		}
		times = append(times, cur.Times[r])
		for ci, l := range cur.Legends {
			values[index[l]][row] = cur.Values[ci][r]
		}
		row++
	}
	for r, t := range u.Timestamps {
		if keep+r < drop {
			continue
		}
		times = append(times, t)
		for ci, l := range u.Legends {
			values[index[l]][row] = u.Values[ci][r]
		}
		row++
	}
	e := &Entry{Legends: legends, Index: index, Times: times, Values: values, FetchedAt: now, Gen: generations.Add(1)}
	if cur == nil {
		return e
	}
	current := make(map[rrd.Legend]bool, len(u.Legends))
	for _, l := range u.Legends {
		current[l] = true
	}
	return dropGoneColumns(e, current)
}

// dropGoneColumns removes columns the host no longer sends and that have no value left
// in the kept rows (a VM that left the host long ago).
func dropGoneColumns(e *Entry, current map[rrd.Legend]bool) *Entry {
	gone := func(i int) bool { return !current[e.Legends[i]] && allNaN(e.Values[i]) }
	empty := 0
	for i := range e.Values {
		if gone(i) {
			empty++
		}
	}
	if empty == 0 || len(e.Times) == 0 {
		return e
	}
	out := &Entry{Index: make(map[rrd.Legend]int, len(e.Legends)-empty), Times: e.Times, FetchedAt: e.FetchedAt, Gen: e.Gen}
	for i, col := range e.Values {
		if gone(i) {
			continue
		}
		out.Index[e.Legends[i]] = len(out.Legends)
		out.Legends = append(out.Legends, e.Legends[i])
		out.Values = append(out.Values, col)
	}
	return out
}

func allNaN(vs []float64) bool {
	for _, v := range vs {
		if !math.IsNaN(v) {
			return false
		}
	}
	return true
}

package promexport

import (
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// latestTable keeps the newest value of every series for /metrics. Series that stop
// getting values (a VM deleted, a server gone) leave after staleAfter, so the table is
// bounded by what the pool and the logs currently have.
type latestTable struct {
	mu     sync.Mutex
	points map[*Series]latestPoint
	help   map[string]string
	// changed is set by any new value or series, sorted is nil after the series set
	// changed; pages holds the encoded table per format until the next change.
	changed   bool
	sorted    []*Series
	skeletons [numPageFormats]*skeleton
	values    []float64
	pages     [numPageFormats]*page
	// lastSize sizes the next page's buffer.
	lastSize int

	descs map[string]*prometheus.Desc
}

type latestPoint struct {
	t    int64 // ms
	v    float64
	seen time.Time
}

func newLatestTable() *latestTable {
	help := map[string]string{}
	for _, f := range Families() {
		help[f.Name] = f.Help
	}
	return &latestTable{points: map[*Series]latestPoint{}, descs: map[string]*prometheus.Desc{}, help: help}
}

// set records a value if it is newer than the one held. Called by the collection
// loop only; scrapes may run at the same time.
func (lt *latestTable) set(s *Series, t int64, v float64, now time.Time) {
	lt.mu.Lock()
	old, ok := lt.points[s]
	if !ok || t >= old.t {
		lt.points[s] = latestPoint{t: t, v: v, seen: now}
		lt.changed = true
		if !ok {
			lt.sorted = nil
		}
	}
	lt.mu.Unlock()
}

// expire drops series not updated since before cutoff and returns how many remain.
func (lt *latestTable) expire(cutoff time.Time) int {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	for s, p := range lt.points {
		if p.seen.Before(cutoff) {
			delete(lt.points, s)
			lt.changed = true
			lt.sorted = nil
		}
	}
	return len(lt.points)
}

func (lt *latestTable) has(s *Series) bool {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	_, ok := lt.points[s]
	return ok
}

// page returns the table encoded in a format, encoding it only if the table changed
// since the last scrape in that format; concurrent scrapes share one page.
func (lt *latestTable) page(f pageFormat) *page {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	if lt.changed {
		lt.pages = [numPageFormats]*page{}
		lt.changed = false
	}
	if p := lt.pages[f]; p != nil {
		return p
	}
	if lt.sorted == nil {
		lt.sorted = make([]*Series, 0, len(lt.points))
		for s := range lt.points {
			lt.sorted = append(lt.sorted, s)
		}
		sortSeries(lt.sorted)
		lt.skeletons = [numPageFormats]*skeleton{}
	}
	if lt.skeletons[f] == nil {
		lt.skeletons[f] = buildSkeleton(f, lt.sorted, lt.help)
	}
	lt.values = lt.values[:0]
	for _, s := range lt.sorted {
		lt.values = append(lt.values, lt.points[s].v)
	}
	p := &page{raw: encodePage(make([]byte, 0, lt.lastSize+lt.lastSize/8), f, lt.skeletons[f], lt.values)}
	lt.pages[f] = p
	lt.lastSize = len(p.raw)
	return p
}

// Describe sends nothing: the series set changes with the pool (an unchecked
// collector, client_golang's term).
func (lt *latestTable) Describe(chan<- *prometheus.Desc) {}

// Collect sends every series as a gauge without a timestamp. Only the protobuf
// format goes this way (the text formats are served from the page); tests also use
// it as client_golang's reading of the table.
func (lt *latestTable) Collect(ch chan<- prometheus.Metric) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	names := make([]string, 0, 8)
	values := make([]string, 0, 8)
	for s, p := range lt.points {
		names, values = names[:0], values[:0]
		for _, l := range s.Labels[1:] {
			names = append(names, l.Name)
			values = append(values, l.Value)
		}
		key := s.Name() + "\x00" + strings.Join(names, "\x00")
		d := lt.descs[key]
		if d == nil {
			d = prometheus.NewDesc(s.Name(), lt.help[s.Name()], append([]string(nil), names...), nil)
			lt.descs[key] = d
		}
		m, err := prometheus.NewConstMetric(d, prometheus.GaugeValue, p.v, values...)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(d, err)
			continue
		}
		ch <- m
	}
}

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
	descs  map[string]*prometheus.Desc
	help   map[string]string
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
// loop only; Collect may run at the same time.
func (lt *latestTable) set(s *Series, t int64, v float64, now time.Time) {
	lt.mu.Lock()
	if old, ok := lt.points[s]; !ok || t >= old.t {
		lt.points[s] = latestPoint{t: t, v: v, seen: now}
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

// Describe sends nothing: the series set changes with the pool (an unchecked
// collector, client_golang's term).
func (lt *latestTable) Describe(chan<- *prometheus.Desc) {}

// Collect sends every series as a gauge without a timestamp: the scrape's time is the
// sample's time, as for any exporter.
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

package pool

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/rrdcache"
	"github.com/xenbench/xenbench/pkg/series"
)

// MetricsQuery selects RRD series: objects of one kind, metric names or globs, a
// consolidation function and a time range.
type MetricsQuery struct {
	Object       string   // host (default), vm or sr
	SelectorMode string   // name (default), uuid, regex or tag
	Selector     string   // empty or "*" selects all
	Metrics      []string // names or globs; none selects every metric
	CF           string   // AVERAGE (default), MIN, MAX or LAST
	From, To     time.Time
	// Interval and MaxDataPoints are Grafana's, for the archive choice.
	Interval      time.Duration
	MaxDataPoints int64
}

// Metrics answers a metrics query: RRD series of the selected hosts, VMs or SRs, from
// the archive that suits the range.
func (s *Service) Metrics(ctx context.Context, q MetricsQuery) (*MetricsResult, error) {
	s.startWatcher()
	a := chooseArchive(q.From, q.To, s.now(), q.Interval, q.MaxDataPoints)
	started := time.Now()
	res, err := s.metricSeries(ctx, q, a, 0)
	if err != nil {
		return nil, err
	}
	s.logger.FromContext(ctx).Debug("metrics query", "object", q.Object, "step", a.Step.String(),
		"series", len(res.Series), "notices", len(res.Notices), "took", time.Since(started).String())
	return res, nil
}

// LatestRows returns the rows of the 5-second archive newer than after (all rows of
// the archive when after is zero), for a live stream. A host is asked again whenever
// its cached rows hold nothing newer than after, so each 5-second row is delivered at
// the first call after the host has it.
func (s *Service) LatestRows(ctx context.Context, q MetricsQuery, after time.Time) (*MetricsResult, error) {
	s.startWatcher()
	now := s.now()
	q.From, q.To = now.Add(-archives[0].span()), now
	var newer int64
	if !after.IsZero() && after.After(q.From) {
		q.From = after.Add(time.Second)
		newer = after.Unix()
	}
	return s.metricSeries(ctx, q, archives[0], newer)
}

// MetricsResult is the series of a query plus warnings for the panel (hosts that did
// not answer, metric names not found).
type MetricsResult struct {
	Series  []series.Series
	Notices []string
}

// hostFetch is what the fan-out returns for one host.
type hostFetch struct {
	host  inventory.Host
	entry *rrdcache.Entry
	err   error
}

// metricSeries selects objects, fetches the hosts that hold their RRDs in parallel and
// cuts the series to [from, to].
// newerThan is passed to the row cache (see rrdcache.Cache.Get).
func (s *Service) metricSeries(ctx context.Context, m MetricsQuery, a archive, newerThan int64) (*MetricsResult, error) {
	from, to := m.From, m.To
	snap, err := s.inv.Get(ctx)
	if err != nil {
		return nil, err
	}
	sel, err := parseSelection(m.SelectorMode, m.Selector)
	if err != nil {
		return nil, err
	}
	match, err := newMetricMatcher(m.Metrics)
	if err != nil {
		return nil, err
	}
	cf := strings.ToUpper(strings.TrimSpace(m.CF))
	switch cf {
	case "":
		cf = "AVERAGE"
	case "AVERAGE", "MIN", "MAX", "LAST":
	default:
		return nil, backend.DownstreamErrorf("unknown consolidation function %q: use AVERAGE, MIN, MAX or LAST", m.CF)
	}
	object := m.Object
	if object == "" {
		object = objectHost
	}
	objs, err := selectObjects(snap, object, sel)
	if err != nil {
		return nil, err
	}
	hosts := s.hostsToQuery(snap, object, objs, from, to)
	fetched := s.fetchHosts(ctx, hosts, int64(a.Step/time.Second), cf, from, a.Rows, newerThan)

	res := &MetricsResult{}
	// Hosts that failed, in two groups with one explanation each: skipped as slow, and
	// every other failure (timeouts, refusals, the request's budget running out).
	var failed, skipped hostFailures
	var firstErr error
	answered := map[string]*rrdcache.Entry{}
	for _, f := range fetched {
		if f.err != nil {
			if errors.Is(ctx.Err(), context.Canceled) {
				return nil, ctx.Err() // Grafana gave up on the request
			}
			if firstErr == nil {
				firstErr = f.err
			}
			if errors.Is(f.err, ErrSlowHost) {
				skipped.add(f.host.Name, f.err)
			} else {
				failed.add(f.host.Name, f.err)
			}
			s.logger.Debug("rrd_updates failed", "host", f.host.Name, "error", f.err.Error())
			continue
		}
		answered[f.host.UUID] = f.entry
	}
	if len(answered) == 0 && firstErr != nil {
		return nil, firstErr
	}
	res.Notices = append(res.Notices, failed.notice("no data from host(s) %s: %v")...)
	res.Notices = append(res.Notices, skipped.notice("skipped slow host(s) %s: %v")...)
	all, missing := s.allSeries(snap, newSeriesKey(object, sel.mode, m.Selector, m.Metrics, cf, a.Step), fetched, answered, objs, match, m.Metrics)
	res.Series = cutSeries(all, from.Unix(), to.Unix())
	if len(missing) > 0 && len(answered) > 0 {
		if len(res.Series) == 0 {
			return nil, backend.DownstreamErrorf("metric(s) %s not found for the selected %ss: list the available names with an inventory query of kind \"metrics\" (names are case-sensitive, e.g. cpu0, memory, vbd_xvda_read_latency)", strings.Join(missing, ", "), object)
		}
		res.Notices = append(res.Notices, "metric(s) not found: "+strings.Join(missing, ", "))
	}
	return res, nil
}

// allSeries returns the selected series over every row the answering hosts' entries
// hold, from the series cache when it has them for these rows (see seriesCache), and
// the requested exact metric names that matched nothing.
func (s *Service) allSeries(snap *inventory.Snapshot, key seriesKey, fetched []hostFetch, answered map[string]*rrdcache.Entry,
	objs selectedObjects, match metricMatcher, requested []string) ([]series.Series, []string) {
	gens := make([]hostGen, 0, len(answered))
	for _, f := range fetched {
		if f.err == nil {
			gens = append(gens, hostGen{f.host.UUID, f.entry.Gen})
		}
	}
	if ss, missing, ok := s.series.get(key, snap, gens); ok {
		return ss, missing
	}
	var out []series.Series
	build := seriesBuilder{pool: snap.Pool.Name, match: match, lo: math.MinInt64, hi: math.MaxInt64}
	switch key.object {
	case objectHost:
		for _, h := range objs.hosts {
			if e := answered[h.UUID]; e != nil {
				out = append(out, build.host(h, e)...)
			}
		}
	case objectVM:
		cols := indexVMColumns(answered)
		for _, v := range objs.vms {
			out = append(out, build.vm(v, cols[v.UUID])...)
		}
	case objectSR:
		for _, sr := range objs.srs {
			for _, hu := range sr.HostUUIDs {
				h, _ := snap.HostByUUID(hu)
				if e := answered[hu]; e != nil {
					out = append(out, build.sr(sr, h, e)...)
				}
			}
		}
	}
	// Ordered once here, keys kept: the frames' own ordering then only compares them.
	for i := range out {
		out[i].CacheSortKey()
	}
	series.Sort(out)
	missing := build.missingExactNames(requested)
	s.series.put(key, snap, gens, out, missing)
	return out, missing
}

// hostsToQuery returns the hosts whose RRDs hold the selection: each host serves its own
// RRD and those of its resident VMs; halted VMs' RRDs are on the master
// (xapi-project/xen-api, doc/content/xen-api/metrics.md). For VMs, the source hosts of migrations in the range
// are added so the part of a series recorded before the move is not lost.
func (s *Service) hostsToQuery(snap *inventory.Snapshot, object string, objs selectedObjects, from, to time.Time) []inventory.Host {
	want := make(map[string]bool, len(snap.Hosts))
	switch object {
	case objectHost:
		for _, h := range objs.hosts {
			want[h.UUID] = true
		}
	case objectVM:
		selected := make(map[string]bool, len(objs.vms)) // sized: 2,000 VMs grew it a dozen times per query
		needMaster := false
		for _, v := range objs.vms {
			selected[v.UUID] = true
			if v.HostUUID != "" {
				want[v.HostUUID] = true
			} else {
				needMaster = true
			}
		}
		if needMaster {
			if m, ok := snap.Master(); ok {
				want[m.UUID] = true
			}
		}
		byName := make(map[string]string, len(snap.Hosts))
		for _, h := range snap.Hosts {
			byName[h.Name] = h.UUID
		}
		for _, mig := range s.hist.Between(from, to) {
			if selected[mig.VMUUID] {
				if u, ok := byName[mig.SourceHost]; ok {
					want[u] = true
				}
			}
		}
	case objectSR:
		for _, sr := range objs.srs {
			for _, h := range sr.HostUUIDs {
				want[h] = true
			}
		}
	}
	var out []inventory.Host
	for _, h := range snap.Hosts {
		if want[h.UUID] && h.Address != "" {
			out = append(out, h)
		}
	}
	return out
}

// fetchHosts reads the selected hosts' rows in parallel. The host gate under the row
// cache bounds the requests in flight (MaxConcurrentRequests for the whole instance)
// and skips hosts that recently timed out; concurrent targets asking for the same host
// share one request.
func (s *Service) fetchHosts(ctx context.Context, hosts []inventory.Host, step int64, cf string, from time.Time, rows int, newerThan int64) []hostFetch {
	out := make([]hostFetch, len(hosts))
	var wg sync.WaitGroup
	for i, h := range hosts {
		out[i].host = h
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i].entry, out[i].err = s.rrd.Get(ctx, rrdcache.Key{Host: h.Address, Step: step, CF: cf}, from.Unix(), rows, newerThan)
		}()
	}
	wg.Wait()
	return out
}

// hostFailures collects the names of hosts that failed the same way and the first error.
type hostFailures struct {
	names []string
	first error
}

func (h *hostFailures) add(name string, err error) {
	h.names = append(h.names, name)
	if h.first == nil {
		h.first = err
	}
}

// notice formats the group for the panel: format gets the names and the first error.
func (h *hostFailures) notice(format string) []string {
	if len(h.names) == 0 {
		return nil
	}
	sort.Strings(h.names)
	return []string{fmt.Sprintf(format, strings.Join(h.names, ", "), h.first)}
}

// seriesBuilder turns cached columns into labelled series over [lo, hi].
type seriesBuilder struct {
	pool   string
	match  metricMatcher
	lo, hi int64
	seen   map[string]bool // metric names found, for missingExactNames
	// axes shares the converted time column of one window of one host's rows between
	// all the series cut from it (every column of an rrd_updates answer has the same
	// times), so 2,000 VMs' series hold one time slice, not 2,000 copies.
	axes map[axisKey][]time.Time
}

// axisKey identifies a window [i, j) of one entry's time column.
type axisKey struct {
	first *int64
	i, j  int
}

func (sb *seriesBuilder) saw(metric string) {
	if sb.seen == nil {
		sb.seen = map[string]bool{}
	}
	sb.seen[metric] = true
}

func (sb *seriesBuilder) host(h inventory.Host, e *rrdcache.Entry) []series.Series {
	var out []series.Series
	for ci, l := range e.Legends {
		if l.Kind != "host" || l.UUID != h.UUID || !sb.match.match(l.Metric) {
			continue
		}
		sb.saw(l.Metric)
		labels := map[string]string{contract.LabelPool: sb.pool, contract.LabelHost: h.Name, contract.LabelMetric: l.Metric, contract.LabelUUID: h.UUID}
		out = append(out, sb.cut(l.Metric, labels, e.Times, e.Values[ci]))
	}
	return out
}

// vmColumn is one VM column in one host's entry.
type vmColumn struct {
	hostUUID string
	entry    *rrdcache.Entry
	col      int
}

// indexVMColumns maps each VM uuid to its columns in every answered host's entry, so
// that building 2,000 VMs' series reads each legend once instead of once per VM.
func indexVMColumns(answered map[string]*rrdcache.Entry) map[string][]vmColumn {
	idx := map[string][]vmColumn{}
	for hu, e := range answered {
		for ci, l := range e.Legends {
			if l.Kind == "vm" {
				idx[l.UUID] = append(idx[l.UUID], vmColumn{hu, e, ci})
			}
		}
	}
	return idx
}

// vm merges a VM's columns from every host that has them, by time: after a migration
// the series continues from the new host with the same labels. Where two hosts have a
// row for the same time, a real value beats NaN and the VM's current host wins ties.
func (sb *seriesBuilder) vm(v inventory.VM, cols []vmColumn) []series.Series {
	type part struct {
		times  []int64
		values []float64
	}
	// Current host last, so its values are applied last.
	sort.SliceStable(cols, func(i, j int) bool {
		ci, cj := cols[i].hostUUID == v.HostUUID, cols[j].hostUUID == v.HostUUID
		if ci != cj {
			return cj
		}
		return cols[i].hostUUID < cols[j].hostUUID
	})
	parts := map[string][]part{}
	for _, c := range cols {
		l := c.entry.Legends[c.col]
		if !sb.match.match(l.Metric) {
			continue
		}
		parts[l.Metric] = append(parts[l.Metric], part{c.entry.Times, c.entry.Values[c.col]})
	}
	var out []series.Series
	for metric, ps := range parts {
		sb.saw(metric)
		var times []int64
		var values []float64
		if len(ps) == 1 {
			times, values = ps[0].times, ps[0].values
		} else {
			byTime := map[int64]float64{}
			for _, p := range ps {
				for i, t := range p.times {
					if old, ok := byTime[t]; !ok || !math.IsNaN(p.values[i]) || math.IsNaN(old) {
						byTime[t] = p.values[i]
					}
				}
			}
			times = make([]int64, 0, len(byTime))
			for t := range byTime {
				times = append(times, t)
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			values = make([]float64, len(times))
			for i, t := range times {
				values[i] = byTime[t]
			}
		}
		labels := map[string]string{contract.LabelPool: sb.pool, contract.LabelHost: v.HostName, contract.LabelVM: v.Name, contract.LabelMetric: metric, contract.LabelUUID: v.UUID}
		out = append(out, sb.cut(metric, labels, times, values))
	}
	return out
}

// sr picks an SR's metrics from a host's RRD: xcp-rrdd names them
// <metric>_<first 8 characters of the SR uuid> (e.g. read_latency_1a2b3c4d), reported
// by every host with the SR attached.
// One series per (SR, host, metric), the suffix removed from the metric label.
func (sb *seriesBuilder) sr(sr inventory.SR, h inventory.Host, e *rrdcache.Entry) []series.Series {
	if len(sr.UUID) < 8 {
		return nil
	}
	suffix := "_" + sr.UUID[:8]
	var out []series.Series
	for ci, l := range e.Legends {
		if l.Kind != "host" || l.UUID != h.UUID || !strings.HasSuffix(l.Metric, suffix) {
			continue
		}
		metric := strings.TrimSuffix(l.Metric, suffix)
		if !sb.match.match(metric) && !sb.match.match(l.Metric) {
			continue
		}
		sb.saw(metric)
		labels := map[string]string{contract.LabelPool: sb.pool, contract.LabelHost: h.Name, contract.LabelSR: sr.Name, contract.LabelMetric: metric, contract.LabelUUID: sr.UUID}
		out = append(out, sb.cut(metric, labels, e.Times, e.Values[ci]))
	}
	return out
}

// cut keeps rows within [lo, hi], converts times and scales values to the unit.
func (sb *seriesBuilder) cut(metric string, labels map[string]string, times []int64, values []float64) series.Series {
	unit, scale := unitFor(metric)
	i := sort.Search(len(times), func(i int) bool { return times[i] >= sb.lo })
	j := sort.Search(len(times), func(j int) bool { return times[j] > sb.hi })
	out := series.Series{Name: metric, Labels: labels, Unit: unit, Times: sb.axis(times, i, j), Values: make([]float64, 0, j-i)}
	for k := i; k < j; k++ {
		v := values[k]
		if !math.IsNaN(v) {
			v *= scale
		}
		out.Values = append(out.Values, v)
	}
	return out
}

// axis converts times[i:j] once per builder (see axes); callers must not modify it.
func (sb *seriesBuilder) axis(times []int64, i, j int) []time.Time {
	if i >= j {
		return []time.Time{}
	}
	key := axisKey{&times[0], i, j}
	if t, ok := sb.axes[key]; ok {
		return t
	}
	t := make([]time.Time, j-i)
	for k := i; k < j; k++ {
		t[k-i] = time.Unix(times[k], 0).UTC()
	}
	if sb.axes == nil {
		sb.axes = map[axisKey][]time.Time{}
	}
	sb.axes[key] = t
	return t
}

// missingExactNames lists the requested names without glob characters that matched
// nothing.
func (sb *seriesBuilder) missingExactNames(requested []string) []string {
	var out []string
	for _, r := range requested {
		r = strings.TrimSpace(r)
		if r == "" || strings.ContainsAny(r, "*?[") || sb.seen[r] {
			continue
		}
		out = append(out, r)
	}
	return out
}

// metricNames lists the metric names available for an object selection (inventory
// kind "metrics"), from the 5-second archive's cached rows.
func (s *Service) metricNames(ctx context.Context, object, mode, selector string) ([]string, error) {
	now := s.now()
	q := MetricsQuery{Object: object, SelectorMode: mode, Selector: selector, From: now.Add(-10 * time.Minute), To: now}
	res, err := s.metricSeries(ctx, q, archives[0], 0)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, ser := range res.Series {
		seen[ser.Name] = true
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

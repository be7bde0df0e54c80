package plugin

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/inventory"
)

// metrics answers a metrics query: RRD series of the selected hosts, VMs or SRs.
func (b *poolBackend) metrics(ctx context.Context, m *QueryModel) (data.Frames, error) {
	b.startWatcher()
	from, to := m.TimeRange.From, m.TimeRange.To
	a := chooseArchive(from, to, b.now(), m.Interval, m.MaxDataPoints)
	started := time.Now()
	res, err := b.metricSeries(ctx, m, from, to, a)
	if err != nil {
		return nil, err
	}
	b.logger.FromContext(ctx).Debug("metrics query", "refId", m.RefID, "object", m.Object, "step", a.Step.String(),
		"series", len(res.series), "notices", len(res.notices), "took", time.Since(started).String())
	frames := seriesFrames(m, res.series)
	if len(res.notices) > 0 && len(frames) > 0 {
		meta := *frames[0].Meta
		for _, n := range res.notices {
			meta.Notices = append(meta.Notices, data.Notice{Severity: data.NoticeSeverityWarning, Text: n})
		}
		frames[0].SetMeta(&meta)
	}
	return frames, nil
}

// metricResult is the series of a query plus warnings for the panel (hosts that did not
// answer, metric names not found).
type metricResult struct {
	series  []series
	notices []string
}

// hostFetch is what the fan-out returns for one host.
type hostFetch struct {
	host  inventory.Host
	entry *rrdEntry
	err   error
}

// metricSeries selects objects, fetches the hosts that hold their RRDs in parallel and
// cuts the series to [from, to].
func (b *poolBackend) metricSeries(ctx context.Context, m *QueryModel, from, to time.Time, a archive) (*metricResult, error) {
	snap, err := b.inv.Get(ctx)
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
	hosts := b.hostsToQuery(snap, object, objs, from, to)
	fetched := b.fetchHosts(ctx, hosts, int64(a.Step/time.Second), cf, from, a.Rows)

	res := &metricResult{}
	var failed []string
	var firstErr error
	answered := map[string]*rrdEntry{}
	for _, f := range fetched {
		if f.err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			failed = append(failed, f.host.Name)
			if firstErr == nil {
				firstErr = f.err
			}
			b.logger.Debug("rrd_updates failed", "host", f.host.Name, "error", f.err.Error())
			continue
		}
		answered[f.host.UUID] = f.entry
	}
	if len(answered) == 0 && firstErr != nil {
		return nil, firstErr
	}
	if len(failed) > 0 {
		sort.Strings(failed)
		res.notices = append(res.notices, fmt.Sprintf("no data from host(s) %s: %v", strings.Join(failed, ", "), firstErr))
	}
	lo, hi := from.Unix(), to.Unix()
	build := seriesBuilder{pool: snap.Pool.Name, match: match, lo: lo, hi: hi}
	switch object {
	case objectHost:
		for _, h := range objs.hosts {
			if e := answered[h.UUID]; e != nil {
				res.series = append(res.series, build.host(h, e)...)
			}
		}
	case objectVM:
		cols := indexVMColumns(answered)
		for _, v := range objs.vms {
			res.series = append(res.series, build.vm(v, cols[v.UUID])...)
		}
	case objectSR:
		for _, sr := range objs.srs {
			for _, hu := range sr.HostUUIDs {
				h, _ := snap.HostByUUID(hu)
				if e := answered[hu]; e != nil {
					res.series = append(res.series, build.sr(sr, h, e)...)
				}
			}
		}
	}
	if missing := build.missingExactNames(m.Metrics); len(missing) > 0 && len(answered) > 0 {
		if len(res.series) == 0 {
			return nil, backend.DownstreamErrorf("metric(s) %s not found for the selected %ss: list the available names with an inventory query of kind \"metrics\" (names are case-sensitive, e.g. cpu0, memory, vbd_xvda_read_latency)", strings.Join(missing, ", "), object)
		}
		res.notices = append(res.notices, "metric(s) not found: "+strings.Join(missing, ", "))
	}
	return res, nil
}

// hostsToQuery returns the hosts whose RRDs hold the selection: each host serves its own
// RRD and those of its resident VMs; halted VMs' RRDs are on the master
// (doc/content/xen-api/metrics.md). For VMs, the source hosts of migrations in the range
// are added so the part of a series recorded before the move is not lost.
func (b *poolBackend) hostsToQuery(snap *inventory.Snapshot, object string, objs selectedObjects, from, to time.Time) []inventory.Host {
	want := map[string]bool{}
	switch object {
	case objectHost:
		for _, h := range objs.hosts {
			want[h.UUID] = true
		}
	case objectVM:
		selected := map[string]bool{}
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
		byName := map[string]string{}
		for _, h := range snap.Hosts {
			byName[h.Name] = h.UUID
		}
		for _, mig := range b.hist.Between(from, to) {
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

// fetchHosts reads the selected hosts' rows in parallel, at most
// MaxConcurrentRequests at a time.
func (b *poolBackend) fetchHosts(ctx context.Context, hosts []inventory.Host, step int64, cf string, from time.Time, rows int) []hostFetch {
	out := make([]hostFetch, len(hosts))
	limit := max(b.cfg.MaxConcurrentRequests, 1)
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for i, h := range hosts {
		out[i].host = h
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				out[i].err = ctx.Err()
				return
			}
			defer func() { <-sem }()
			out[i].entry, out[i].err = b.rrd.get(ctx, rrdKey{host: h.Address, step: step, cf: cf}, from.Unix(), rows)
		}()
	}
	wg.Wait()
	return out
}

// seriesBuilder turns cached columns into labelled series over [lo, hi].
type seriesBuilder struct {
	pool   string
	match  metricMatcher
	lo, hi int64
	seen   map[string]bool // metric names found, for missingExactNames
}

func (sb *seriesBuilder) saw(metric string) {
	if sb.seen == nil {
		sb.seen = map[string]bool{}
	}
	sb.seen[metric] = true
}

func (sb *seriesBuilder) host(h inventory.Host, e *rrdEntry) []series {
	var out []series
	for ci, l := range e.legends {
		if l.Kind != "host" || l.UUID != h.UUID || !sb.match.match(l.Metric) {
			continue
		}
		sb.saw(l.Metric)
		labels := data.Labels{"pool": sb.pool, "host": h.Name, "metric": l.Metric, "uuid": h.UUID}
		out = append(out, sb.cut(l.Metric, labels, e.times, e.values[ci]))
	}
	return out
}

// vmColumn is one VM column in one host's entry.
type vmColumn struct {
	hostUUID string
	entry    *rrdEntry
	col      int
}

// indexVMColumns maps each VM uuid to its columns in every answered host's entry, so
// that building 2,000 VMs' series reads each legend once instead of once per VM.
func indexVMColumns(answered map[string]*rrdEntry) map[string][]vmColumn {
	idx := map[string][]vmColumn{}
	for hu, e := range answered {
		for ci, l := range e.legends {
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
func (sb *seriesBuilder) vm(v inventory.VM, cols []vmColumn) []series {
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
		l := c.entry.legends[c.col]
		if !sb.match.match(l.Metric) {
			continue
		}
		parts[l.Metric] = append(parts[l.Metric], part{c.entry.times, c.entry.values[c.col]})
	}
	var out []series
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
		labels := data.Labels{"pool": sb.pool, "host": v.HostName, "vm": v.Name, "metric": metric, "uuid": v.UUID}
		out = append(out, sb.cut(metric, labels, times, values))
	}
	return out
}

// sr picks an SR's metrics from a host's RRD: xcp-rrdd names them
// <metric>_<first 8 characters of the SR uuid> (e.g. read_latency_1a2b3c4d;
// ../shared/reference/xapi-rrd.md §2), reported by every host with the SR attached.
// One series per (SR, host, metric), the suffix removed from the metric label.
func (sb *seriesBuilder) sr(sr inventory.SR, h inventory.Host, e *rrdEntry) []series {
	if len(sr.UUID) < 8 {
		return nil
	}
	suffix := "_" + sr.UUID[:8]
	var out []series
	for ci, l := range e.legends {
		if l.Kind != "host" || l.UUID != h.UUID || !strings.HasSuffix(l.Metric, suffix) {
			continue
		}
		metric := strings.TrimSuffix(l.Metric, suffix)
		if !sb.match.match(metric) && !sb.match.match(l.Metric) {
			continue
		}
		sb.saw(metric)
		labels := data.Labels{"pool": sb.pool, "host": h.Name, "sr": sr.Name, "metric": metric, "uuid": sr.UUID}
		out = append(out, sb.cut(metric, labels, e.times, e.values[ci]))
	}
	return out
}

// cut keeps rows within [lo, hi], converts times and scales values to the unit.
func (sb *seriesBuilder) cut(metric string, labels data.Labels, times []int64, values []float64) series {
	unit, scale := unitFor(metric)
	i := sort.Search(len(times), func(i int) bool { return times[i] >= sb.lo })
	j := sort.Search(len(times), func(j int) bool { return times[j] > sb.hi })
	s := series{Name: metric, Labels: labels, Unit: unit, Times: make([]time.Time, 0, j-i), Values: make([]float64, 0, j-i)}
	for k := i; k < j; k++ {
		s.Times = append(s.Times, time.Unix(times[k], 0).UTC())
		v := values[k]
		if !math.IsNaN(v) {
			v *= scale
		}
		s.Values = append(s.Values, v)
	}
	return s
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
func (b *poolBackend) metricNames(ctx context.Context, object, mode, selector string) ([]string, error) {
	m := &QueryModel{Object: object, SelectorMode: mode, Selector: selector}
	now := b.now()
	res, err := b.metricSeries(ctx, m, now.Add(-10*time.Minute), now, archives[0])
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, s := range res.series {
		seen[s.Name] = true
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

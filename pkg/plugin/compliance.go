package plugin

import (
	"context"
	"math"
	"sort"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/loadgen"
	"github.com/xenbench/xenbench/pkg/thresholds"
)

// complianceRow is one server × counter × limit verdict: the study's compliance view.
type complianceRow struct {
	server, platform, counter, instance, role, aggregation, unit, level, threshold, source string
	value, limit                                                                           float64
}

// complianceFrames is a table with one row per verdict, worst first.
func complianceFrames(refID string, rows []complianceRow) frameSet {
	rank := map[string]int{"critical": 0, "warning": 1, "unknown": 2, "ok": 3}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if rank[a.level] != rank[b.level] {
			return rank[a.level] < rank[b.level]
		}
		if a.server != b.server {
			return a.server < b.server
		}
		return a.counter+a.instance < b.counter+b.instance
	})
	n := len(rows)
	cols := make([][]string, 10)
	for i := range cols {
		cols[i] = make([]string, n)
	}
	value, limit := make([]*float64, n), make([]float64, n)
	for i, r := range rows {
		for j, v := range []string{r.server, r.platform, r.counter, r.instance, r.role, r.aggregation, r.unit, r.level, r.threshold, r.source} {
			cols[j][i] = v
		}
		if !math.IsNaN(r.value) {
			value[i] = &rows[i].value
		}
		limit[i] = r.limit
	}
	f := data.NewFrame("compliance",
		data.NewField("server", nil, cols[0]), data.NewField("platform", nil, cols[1]),
		data.NewField("counter", nil, cols[2]), data.NewField("instance", nil, cols[3]),
		data.NewField("volume_role", nil, cols[4]), data.NewField("aggregation", nil, cols[5]),
		data.NewField("value", nil, value), data.NewField("limit", nil, limit), data.NewField("unit", nil, cols[6]),
		data.NewField("level", nil, cols[7]), data.NewField("threshold", nil, cols[8]), data.NewField("source", nil, cols[9]))
	f.RefID = refID
	f.SetMeta(&data.FrameMeta{Type: data.FrameTypeTable})
	return frameSet{f}
}

// aggregate reduces samples the way a catalog entry's aggregation says.
func aggregate(values []float64, aggregation string) float64 {
	r := map[string]string{"average": "mean", "max": "max", "min": "min", "p95": "p95"}[aggregation]
	if v, ok := reduce(values, r); ok {
		return v
	}
	return math.NaN()
}

func entryLimit(e *thresholds.Entry) float64 {
	if e.Critical != nil {
		return *e.Critical
	}
	if e.Warning != nil {
		return *e.Warning
	}
	return math.NaN()
}

// counterCompliance evaluates every perfmon series in the range against the catalog.
// Without counter patterns it checks every counter the catalog has limits for.
func (b *exchangeBackend) counterCompliance(ctx context.Context, m *QueryModel) (frameSet, error) {
	q := *m
	q.Reducer, q.Format = "", ""
	if len(q.Counters) == 0 {
		seen := map[string]bool{}
		for _, e := range b.catalog.Entries {
			if e.IsTask() {
				continue
			}
			for _, p := range e.Match {
				if !seen[p] {
					seen[p] = true
					q.Counters = append(q.Counters, p)
				}
			}
		}
	}
	frames, err := b.counters(ctx, &q)
	if err != nil {
		return nil, err
	}
	var rows []complianceRow
	for _, f := range frames {
		if len(f.Fields) < 2 || f.Fields[1].Len() == 0 {
			continue
		}
		vf := f.Fields[1]
		l := vf.Labels
		values := make([]float64, vf.Len())
		for i := range values {
			values[i] = math.NaN()
			if p, ok := vf.At(i).(*float64); ok && p != nil {
				values[i] = *p
			}
		}
		path := `\\` + l["server"] + `\` + l["object"]
		if l["instance"] != "" {
			path += "(" + l["instance"] + ")"
		}
		path += `\` + l["counter"]
		for _, e := range b.catalog.Lookup(path, b.cfg.ExchangeVersion, l["volume_role"]) {
			v := aggregate(values, e.Aggregation)
			rows = append(rows, complianceRow{
				server: l["server"], platform: l["platform"], counter: l["object"] + `\` + l["counter"], instance: l["instance"],
				role: l["volume_role"], aggregation: e.Aggregation, unit: e.Unit, value: v, limit: entryLimit(&e),
				level: string(e.Evaluate(v)), threshold: e.ID, source: e.Source.URL,
			})
		}
	}
	out := complianceFrames(m.RefID, rows)
	if frames[0].Meta != nil {
		addNotices(out, noticeTexts(frames[0].Meta.Notices)...)
	}
	return out, nil
}

// loadgenCompliance evaluates each run's task results (average and p95) against the
// catalog's task limits (SendMail average 500 ms, 95th percentile 1,000 ms).
func (b *exchangeBackend) loadgenCompliance(m *QueryModel, rs []loadgen.Result) frameSet {
	var rows []complianceRow
	for _, r := range rs {
		for _, e := range b.catalog.Lookup(r.Task, b.cfg.ExchangeVersion, "") {
			v := r.AvgMs
			if e.Aggregation == "p95" {
				v = r.P95Ms
			}
			rows = append(rows, complianceRow{
				server: r.Server, platform: r.Platform, counter: strings.TrimPrefix(e.Counter, `LoadGen\`), instance: r.Workload + " / " + r.RunID,
				aggregation: e.Aggregation, unit: e.Unit, value: v, limit: entryLimit(&e),
				level: string(e.Evaluate(v)), threshold: e.ID, source: e.Source.URL,
			})
		}
	}
	return complianceFrames(m.RefID, rows)
}

func noticeTexts(ns []data.Notice) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Text
	}
	return out
}

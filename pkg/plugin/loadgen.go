package plugin

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/compliance"
	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/loadgen"
	"github.com/xenbench/xenbench/pkg/series"
)

// loadgen answers a `loadgen` query: the comparison table, run regions, compliance
// rows or (with a reducer) numbers for alerting.
func (b queryBackends) loadgen(ctx context.Context, q *Query, m *contract.LoadgenQuery) (data.Frames, error) {
	rs, warnings, err := b.exchange.Results(ctx, exchange.ResultQuery{
		Runs: m.Runs, Servers: m.Servers, Workloads: m.Workloads, Tasks: m.Tasks, Platform: m.Platform,
		From: q.TimeRange.From, To: q.TimeRange.To,
	})
	if err != nil {
		return nil, err
	}
	var frames data.Frames
	switch {
	case m.Reducer != "":
		frames, err = loadgenNumericFrames(q.RefID, m, rs)
		if err != nil {
			return nil, err
		}
	case m.Format == contract.FormatCompliance:
		frames = complianceFrames(q.RefID, compliance.Results(b.catalog, b.cfg.ExchangeVersion, rs))
	case m.Format == contract.FormatAnnotations:
		frames = runAnnotationFrames(q.RefID, rs)
	default:
		frames = loadgenTableFrames(q.RefID, rs)
	}
	addNotices(frames, warnings...)
	return frames, nil
}

// loadgenTableFrames is the comparison table of the design's data contract: workload,
// platform, server, task, avg, p95, count, plus run, start and end. The latency-compare
// panel reads it as is.
func loadgenTableFrames(refID string, rs []loadgen.Result) data.Frames {
	n := len(rs)
	workload, platform, server, task, run := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	avg, p95 := make([]float64, n), make([]float64, n)
	count := make([]int64, n)
	start, end := make([]time.Time, n), make([]time.Time, n)
	for i, r := range rs {
		workload[i], platform[i], server[i], task[i], run[i] = r.Workload, r.Platform, r.Server, r.Task, r.RunID
		avg[i], p95[i], count[i] = r.AvgMs, r.P95Ms, r.Count
		start[i], end[i] = r.Start, r.End
	}
	avgField := data.NewField(contract.FieldAvg, nil, avg)
	avgField.Config = &data.FieldConfig{Unit: "ms", Description: "average latency of the task"}
	p95Field := data.NewField(contract.FieldP95, nil, p95)
	p95Field.Config = &data.FieldConfig{Unit: "ms", Description: "95th percentile latency (nearest rank)"}
	return data.Frames{tableFrame("loadgen", refID,
		data.NewField(contract.LabelWorkload, nil, workload), data.NewField(contract.LabelPlatform, nil, platform),
		data.NewField(contract.LabelServer, nil, server), data.NewField(contract.LabelTask, nil, task),
		avgField, p95Field, data.NewField(contract.FieldCount, nil, count),
		data.NewField(contract.LabelRun, nil, run), data.NewField(contract.LabelStart, nil, start), data.NewField(contract.FieldEnd, nil, end))}
}

// loadgenNumericFrames gives one number per run, server and task (numeric-multi): the
// average (reducer mean) or the 95th percentile (reducer p95), for alert rules such as
// "SendMail p95 above 1,000 ms".
func loadgenNumericFrames(refID string, m *contract.LoadgenQuery, rs []loadgen.Result) (data.Frames, error) {
	ss := make([]series.Series, 0, len(rs))
	for _, r := range rs {
		var v float64
		switch m.Reducer {
		case contract.ReducerMean:
			v = r.AvgMs
		case contract.ReducerP95:
			v = r.P95Ms
		default:
			return nil, backend.DownstreamErrorf("load-test results carry an average and a 95th percentile: use reducer mean or p95, not %q", m.Reducer)
		}
		labels := map[string]string{contract.LabelWorkload: r.Workload, contract.LabelPlatform: r.Platform, contract.LabelServer: r.Server, contract.LabelTask: r.Task, contract.LabelRun: r.RunID}
		ss = append(ss, series.Series{Name: r.Task, Labels: labels, Unit: "ms", Times: []time.Time{r.End}, Values: []float64{v}})
	}
	return numericFrames(refID, ss, contract.ReducerLast, m.Alias), nil
}

// runAnnotationFrames makes one region per test run, from its first start to its last
// end, so dashboards show which test ran when.
func runAnnotationFrames(refID string, rs []loadgen.Result) data.Frames {
	type run struct {
		id, workload   string
		start, end     time.Time
		servers, tasks map[string]bool
	}
	byID := map[string]*run{}
	var order []string
	for _, r := range rs {
		x := byID[r.RunID]
		if x == nil {
			x = &run{id: r.RunID, workload: r.Workload, start: r.Start, end: r.End, servers: map[string]bool{}, tasks: map[string]bool{}}
			byID[r.RunID] = x
			order = append(order, r.RunID)
		}
		if r.Start.Before(x.start) {
			x.start = r.Start
		}
		if r.End.After(x.end) {
			x.end = r.End
		}
		x.servers[r.Server], x.tasks[r.Task] = true, true
	}
	sort.Slice(order, func(i, j int) bool { return byID[order[i]].start.Before(byID[order[j]].start) })
	n := len(order)
	times, ends := make([]time.Time, n), make([]time.Time, n)
	titles, texts, tags := make([]string, n), make([]string, n), make([]string, n)
	for i, id := range order {
		x := byID[id]
		times[i], ends[i] = x.start, x.end
		titles[i] = fmt.Sprintf("Load test %s (%s)", x.id, x.workload)
		texts[i] = fmt.Sprintf("servers: %s; tasks: %s", strings.Join(keys(x.servers), ", "), strings.Join(keys(x.tasks), ", "))
		tags[i] = "loadgen," + x.workload
	}
	f := data.NewFrame("runs",
		data.NewField(contract.FieldTime, nil, times), data.NewField(contract.FieldTimeEnd, nil, ends),
		data.NewField(contract.FieldTitle, nil, titles), data.NewField(contract.FieldText, nil, texts), data.NewField(contract.FieldTags, nil, tags))
	f.RefID = refID
	return data.Frames{f}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

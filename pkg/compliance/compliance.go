// Package compliance checks measured values against Microsoft's limits in the threshold
// catalog (pkg/thresholds): perfmon counter series and load-test results become one
// row per server × counter × limit with a verdict, the study's compliance view.
package compliance

import (
	"math"
	"sort"
	"strings"

	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/loadgen"
	"github.com/xenbench/xenbench/pkg/series"
	"github.com/xenbench/xenbench/pkg/thresholds"

	"github.com/xenbench/xenbench/pkg/contract"
)

// Row is one server × counter × limit verdict.
type Row struct {
	Server, Platform string
	Counter          string // Object\Counter, or the load-test task
	Instance         string // counter instance, or "workload / run" for load tests
	VolumeRole       string
	Aggregation      string // average, max, min, p95
	Value            float64
	Limit            float64
	Unit             string
	Level            thresholds.Level
	Threshold        string // catalog entry id
	Source           string // where the limit comes from
}

// CounterPatterns are the counter paths the catalog has limits for: what a compliance
// query without counter patterns checks.
func CounterPatterns(cat *thresholds.Catalog) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range cat.Entries {
		if e.IsTask() {
			continue
		}
		for _, p := range e.Match {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// Counters evaluates perfmon series against the catalog entries for their counter
// path, Exchange version and volume role.
func Counters(cat *thresholds.Catalog, version string, ss []exchange.CounterSeries) []Row {
	var rows []Row
	for _, s := range ss {
		if len(s.Values) == 0 {
			continue
		}
		for _, e := range cat.Find(thresholds.Key{Path: s.Path}, version, s.VolumeRole).Entries {
			v := aggregate(s.Values, e.Aggregation)
			rows = append(rows, Row{
				Server: s.Server, Platform: s.Platform, Counter: s.Object + `\` + s.Counter, Instance: s.Instance,
				VolumeRole: s.VolumeRole, Aggregation: e.Aggregation, Unit: e.Unit, Value: v, Limit: entryLimit(&e),
				Level: e.Evaluate(v), Threshold: e.ID, Source: e.Source.URL,
			})
		}
	}
	Sort(rows)
	return rows
}

// Results evaluates each run's task results (average and p95) against the catalog's
// task limits (SendMail average 500 ms, 95th percentile 1,000 ms).
func Results(cat *thresholds.Catalog, version string, rs []loadgen.Result) []Row {
	var rows []Row
	for _, r := range rs {
		for _, e := range cat.Find(thresholds.Key{Task: r.Task}, version, "").Entries {
			v := r.AvgMs
			if e.Aggregation == "p95" {
				v = r.P95Ms
			}
			rows = append(rows, Row{
				Server: r.Server, Platform: r.Platform, Counter: strings.TrimPrefix(e.Counter, `LoadGen\`), Instance: r.Workload + " / " + r.RunID,
				Aggregation: e.Aggregation, Unit: e.Unit, Value: v, Limit: entryLimit(&e),
				Level: e.Evaluate(v), Threshold: e.ID, Source: e.Source.URL,
			})
		}
	}
	Sort(rows)
	return rows
}

// Sort puts the worst verdicts first, then orders by server, counter and instance.
func Sort(rows []Row) {
	rank := map[thresholds.Level]int{thresholds.LevelCritical: 0, thresholds.LevelWarning: 1, thresholds.LevelUnknown: 2, thresholds.LevelOK: 3}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if rank[a.Level] != rank[b.Level] {
			return rank[a.Level] < rank[b.Level]
		}
		if a.Server != b.Server {
			return a.Server < b.Server
		}
		return a.Counter+a.Instance < b.Counter+b.Instance
	})
}

// aggregate reduces samples the way a catalog entry's aggregation says.
func aggregate(values []float64, aggregation string) float64 {
	r := map[string]string{"average": contract.ReducerMean, "max": contract.ReducerMax, "min": contract.ReducerMin, "p95": contract.ReducerP95}[aggregation]
	if v, ok := series.Reduce(values, r); ok {
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

package compliance

import (
	"math"
	"testing"

	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/loadgen"
	"github.com/xenbench/xenbench/pkg/series"
	"github.com/xenbench/xenbench/pkg/thresholds"
)

func catalog(t *testing.T) *thresholds.Catalog {
	t.Helper()
	c, err := thresholds.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestResultsAgainstTheStudysLimits: SendMail average under 500 ms and 95th percentile
// under 1,000 ms (the study's criteria), one row per limit, worst first.
func TestResultsAgainstTheStudysLimits(t *testing.T) {
	rows := Results(catalog(t), "2007", []loadgen.Result{
		{RunID: "r1", Workload: "2000 heavy", Server: "EXPHY01", Platform: "native", Task: "SendMail", AvgMs: 120, P95Ms: 400},
		{RunID: "r1", Workload: "2000 heavy", Server: "EXVM01", Platform: "virtual", Task: "SendMail", AvgMs: 650, P95Ms: 1400},
		{RunID: "r1", Workload: "2000 heavy", Server: "EXVM01", Platform: "virtual", Task: "NoSuchTask", AvgMs: 1e6},
	})
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 2 limits x 2 SendMail results: %+v", len(rows), rows)
	}
	for i, r := range rows {
		worst := i < 2
		if (r.Server == "EXVM01") != worst || (r.Level == thresholds.LevelCritical) != worst {
			t.Errorf("row %d: %s %s %s %v: want the two EXVM01 rows first, critical", i, r.Server, r.Aggregation, r.Level, r.Value)
		}
		want := map[string]float64{"average": 500, "p95": 1000}[r.Aggregation]
		if r.Limit != want || r.Unit != "ms" || r.Instance != "2000 heavy / r1" || r.Counter == "" || r.Threshold == "" || r.Source == "" {
			t.Errorf("row %d: %+v", i, r)
		}
		if v := map[string]float64{"average": 650, "p95": 1400}[r.Aggregation]; worst && r.Value != v {
			t.Errorf("row %d: value %v, want %v", i, r.Value, v)
		}
	}
}

// TestCountersUseTheSeriesPath: the lookup uses each series' counter path and volume
// role, and aggregates the samples as the entry says; a series with no sample gives
// an unknown verdict, a counter without limits gives no row.
func TestCountersUseTheSeriesPath(t *testing.T) {
	cat := catalog(t)
	rpc := exchange.CounterSeries{Path: `\\EXVM01\MSExchangeIS\RPC Averaged Latency`, Server: "EXVM01", Platform: "virtual", Object: "MSExchangeIS", Counter: "RPC Averaged Latency",
		Series: series.Series{Values: []float64{10, math.NaN(), 30, 20}}}
	silent := rpc
	silent.Server, silent.Path, silent.Series = "EXVM02", `\\EXVM02\MSExchangeIS\RPC Averaged Latency`, series.Series{Values: []float64{math.NaN()}}
	other := exchange.CounterSeries{Path: `\\EXVM01\Memory\Pages/sec/none`, Server: "EXVM01", Series: series.Series{Values: []float64{1}}}
	rows := Counters(cat, "2007", []exchange.CounterSeries{rpc, silent, other})
	entries := cat.Find(thresholds.Key{Path: rpc.Path}, "2007", "").Entries
	if len(entries) == 0 || len(rows) != 2*len(entries) {
		t.Fatalf("%d rows for %d entries per RPC series", len(rows), len(entries))
	}
	for _, r := range rows {
		if r.Counter != `MSExchangeIS\RPC Averaged Latency` {
			t.Errorf("counter %q", r.Counter)
		}
		switch r.Server {
		case "EXVM02":
			if r.Level != thresholds.LevelUnknown || !math.IsNaN(r.Value) {
				t.Errorf("no samples: %+v", r)
			}
		case "EXVM01":
			want := map[string]float64{"average": 20, "max": 30, "min": 10, "p95": 30}[r.Aggregation]
			if r.Value != want || r.Platform != "virtual" {
				t.Errorf("%s of 10, 30, 20: %v, want %v", r.Aggregation, r.Value, want)
			}
		}
	}
	if len(CounterPatterns(cat)) == 0 {
		t.Error("no counter patterns in the catalog")
	}
	for _, p := range CounterPatterns(cat) {
		if p == "" || p[0] != '\\' {
			t.Errorf("pattern %q is not a counter path (tasks must be left out)", p)
		}
	}
}

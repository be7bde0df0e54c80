package loadgen

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/xenbench/xenbench/pkg/contract"
)

// FuzzReadCSV: any input yields results or a header error, never a panic,
// and every computed result is internally consistent.
func FuzzReadCSV(f *testing.F) {
	for _, name := range []string{"run-2000.csv", "run-4000.latencies.csv"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, w := range winFixtures() { // what Windows tools write: BOMs, UTF-16/32, ANSI, #TYPE
		if !strings.HasSuffix(w.file, ".json") {
			f.Add(string(w.data))
		}
	}
	f.Add("run_id,workload,server,task,time,latency_ms\nr,w,S,T,2026-01-01T00:00:00Z,1e308\n")
	f.Add("\ufeffplatform,run_id,workload,server,task,start,end,count,avg_ms,p95_ms\nnative,\"a\"\"b\",w,S,T,2026-01-01T00:00:00+02:00,2026-01-01T00:00:00Z,0,0,0\n")
	f.Fuzz(func(t *testing.T, in string) {
		rs, st, err := ReadCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		if len(rs) > st.Rows {
			t.Fatalf("%d results from %d rows", len(rs), st.Rows)
		}
		for _, r := range rs {
			if r.End.Before(r.Start) || r.Count < 0 || math.IsNaN(r.AvgMs) || math.IsNaN(r.P95Ms) || r.AvgMs < 0 || r.P95Ms < 0 {
				t.Fatalf("inconsistent result %+v", r)
			}
			if r.Platform != "" && r.Platform != contract.PlatformNative && r.Platform != contract.PlatformVirtual {
				t.Fatalf("platform %q", r.Platform)
			}
		}
	})
}

// FuzzReadJSON: same guarantees for the JSON variant.
func FuzzReadJSON(f *testing.F) {
	b, err := os.ReadFile("testdata/run-8000.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	for _, w := range winFixtures() {
		if strings.HasSuffix(w.file, ".json") {
			f.Add(string(w.data))
		}
	}
	f.Add(`[{"run_id":"r","server":"s","task":"t","start":"x"}]`)
	f.Fuzz(func(t *testing.T, in string) {
		rs, _, err := ReadJSON(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, r := range rs {
			if r.End.Before(r.Start) || r.Count < 0 || r.AvgMs < 0 || r.P95Ms < 0 {
				t.Fatalf("inconsistent result %+v", r)
			}
		}
	})
}

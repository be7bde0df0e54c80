package loadgen

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestP95NearestRank(t *testing.T) {
	tests := []struct {
		vals []float64
		want float64
	}{
		{[]float64{5}, 5},
		{[]float64{3, 1, 2}, 3}, // ceil(2.85)=3rd
		{seq(11), 11},           // ceil(10.45)=11th; rounding would give the 10th
		{seq(12), 12},           // ceil(11.4)=12th; rounding would give the 11th
		{seq(20), 19},           // ceil(19)=19th
		{seq(21), 20},           // ceil(19.95)=20th
		{seq(100), 95},          // ceil(95)=95th
		{seq(101), 96},          // ceil(95.95)=96th
		{[]float64{1000, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 1000}, // ceil(9.5)=10th
	}
	for _, tt := range tests {
		if got := P95(tt.vals); got != tt.want {
			t.Errorf("P95(%d values) = %v, want %v", len(tt.vals), got, tt.want)
		}
	}
	if !math.IsNaN(P95(nil)) {
		t.Error("P95 of nothing must be NaN")
	}
}

// TestP95MatchesDefinition checks every size from 1 to 400 against the
// definition of the nearest-rank percentile in integer arithmetic, without
// computing a rank: the answer is the smallest value v with at least 95 % of
// the values <= v (100*count >= 95*n). Sizes where ceil and round (or floor)
// of 0.95*n differ, such as 11, fail if the rank is computed any other way.
func TestP95MatchesDefinition(t *testing.T) {
	for n := 1; n <= 400; n++ {
		vals := seq(n) // the values n..1, so the k-th smallest is k
		var want float64
		for v := 1; v <= n; v++ {
			if 100*v >= 95*n { // v values are <= v
				want = float64(v)
				break
			}
		}
		if got := P95(vals); got != want {
			t.Fatalf("P95 of %d values = %v, want %v (the smallest value with >= 95%% of the values at or below it)", n, got, want)
		}
	}
}

func seq(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(n - i) // descending, so sorting matters
	}
	return out
}

func TestReadFixtures(t *testing.T) {
	ts := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	tests := []struct {
		file string
		want []Result
	}{
		{"run-2000.csv", []Result{
			{RunID: "run-2000", Workload: "2000 heavy", Server: "EXVM01", Platform: "virtual", Task: "SendMail", Start: ts("2026-11-25T10:00:00Z"), End: ts("2026-11-25T11:00:00Z"), Count: 5400, AvgMs: 212.5, P95Ms: 480},
			{RunID: "run-2000", Workload: "2000 heavy", Server: "EXPHY01", Task: "Logon", Start: ts("2026-11-25T10:00:00Z"), End: ts("2026-11-25T11:00:00Z"), Count: 2000, AvgMs: 35.2, P95Ms: 90.1},
		}},
		{"run-4000.latencies.csv", []Result{
			// latencies 10..200 step 10: mean 105, p95 = 19th smallest = 190
			{RunID: "run-4000", Workload: "4000 heavy", Server: "EXVM01", Task: "SendMail", Start: ts("2026-11-25T12:00:00Z"), End: ts("2026-11-25T12:19:00Z"), Count: 20, AvgMs: 105, P95Ms: 190},
			{RunID: "run-4000", Workload: "4000 heavy", Server: "EXPHY01", Task: "Logon", Start: time.Date(2026, 11, 25, 12, 0, 30, 5e8, time.UTC), End: time.Date(2026, 11, 25, 12, 2, 30, 5e8, time.UTC), Count: 3, AvgMs: 40, P95Ms: 50},
		}},
		{"run-8000.json", []Result{
			{RunID: "run-8000", Workload: "8000 heavy", Server: "EXVM02", Platform: "virtual", Task: "SendMail", Start: ts("2026-11-25T14:00:00Z"), End: ts("2026-11-25T15:00:00Z"), Count: 21000, AvgMs: 301.2, P95Ms: 890},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var got []Result
			var st Stats
			if strings.HasSuffix(tt.file, ".json") {
				got, st, err = ReadJSON(f)
			} else {
				got, st, err = ReadCSV(f)
			}
			if err != nil || st.Skipped != 0 {
				t.Fatalf("err %v, stats %+v", err, st)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d results, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("result %d:\n got %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestReadCSVBadInput(t *testing.T) {
	const sumHdr = "run_id,workload,server,task,start,end,count,avg_ms,p95_ms\n"
	const ok = "r,1 heavy,S,SendMail,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,1,2,3\n"
	tests := []struct {
		name    string
		in      string
		wantErr string
		rows    int
		skipped int
		reason  string
	}{
		{name: "empty", in: "", wantErr: "empty"},
		{name: "no header", in: ok, wantErr: "missing column"},
		{name: "missing column", in: "run_id,workload,server,task,start,end,count,avg_ms\n" + ok, wantErr: "p95_ms"},
		{name: "duplicated column", in: "run_id,run_id,workload,server,task,start,end,count,avg_ms,p95_ms\n", wantErr: "twice"},
		{name: "bom header", in: "\ufeff" + sumHdr + ok, rows: 1},
		{name: "ragged row", in: sumHdr + "r,1,S\n" + ok, rows: 1, skipped: 1, reason: "3 fields"},
		{name: "bad time", in: sumHdr + "r,1 heavy,S,SendMail,yesterday,2026-01-01T01:00:00Z,1,2,3\n", skipped: 1, reason: "RFC 3339"},
		{name: "end before start", in: sumHdr + "r,1 heavy,S,SendMail,2026-01-01T02:00:00Z,2026-01-01T01:00:00Z,1,2,3\n", skipped: 1, reason: "before start"},
		{name: "negative latency", in: sumHdr + "r,1 heavy,S,SendMail,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,1,-2,3\n", skipped: 1, reason: "avg_ms"},
		{name: "NaN latency", in: sumHdr + "r,1 heavy,S,SendMail,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,1,NaN,3\n", skipped: 1, reason: "avg_ms"},
		{name: "bad platform", in: "platform," + sumHdr + "cloud," + ok, skipped: 1, reason: "platform"},
		{name: "empty server", in: sumHdr + "r,1 heavy,,SendMail,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,1,2,3\n", skipped: 1, reason: "must not be empty"},
		{name: "bare quote", in: sumHdr + "r,1 \"heavy,S\n" + ok, rows: 1, skipped: 1, reason: "quote"},
		{name: "raw bad latency", in: "run_id,workload,server,task,time,latency_ms\nr,w,S,T,2026-01-01T00:00:00Z,abc\nr,w,S,T,2026-01-01T00:00:00Z,5\n", rows: 1, skipped: 1, reason: "latency_ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, st, err := ReadCSV(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrHeader) {
					t.Fatalf("err = %v, want ErrHeader mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.rows || st.Rows != tt.rows || st.Skipped != tt.skipped {
				t.Fatalf("%d results, Stats.Rows %d, skipped %d (%v); want %d, %d, %d", len(got), st.Rows, st.Skipped, st.Errors, tt.rows, tt.rows, tt.skipped)
			}
			if tt.reason != "" && (len(st.Errors) == 0 || !strings.Contains(st.Errors[0], tt.reason)) {
				t.Fatalf("reasons %v do not mention %q", st.Errors, tt.reason)
			}
		})
	}
}

func TestScan(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"run-2000.csv", "run-4000.latencies.csv", "run-8000.json"} {
		b, err := os.ReadFile("testdata/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(root, "loadgen"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "loadgen", f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "loadgen", "notes.csv"), []byte("hello,world\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A perfmon log in a mixed folder is skipped without a warning.
	if err := os.WriteFile(filepath.Join(root, "loadgen", "EXVM01.csv"), []byte("\"(PDH-CSV 4.0) (UTC)(0)\",\"\\\\S\\Memory\\Available MBytes\"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "elsewhere.csv"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, warnings, err := NewIndex(ScanConfig{Folder: root}).Scan()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 || got[0].RunID != "run-2000" || got[4].RunID != "run-8000" {
		t.Fatalf("got %+v", got)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "notes.csv") {
		t.Fatalf("warnings %v", warnings)
	}
	if _, _, err := NewIndex(ScanConfig{Folder: root, Patterns: []string{"../*"}}).Scan(); err == nil {
		t.Fatal("a pattern leaving the folder must fail")
	}
	if _, _, err := NewIndex(ScanConfig{Folder: filepath.Join(root, "missing")}).Scan(); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("missing folder: %v", err)
	}
}

func TestIndexRereadsOnlyChangedFiles(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "loadgen")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	const hdr = "run_id,workload,server,task,start,end,count,avg_ms,p95_ms\n"
	row := func(avg string) string {
		return "r1,2000 heavy,EXVM01,SendMail,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,10," + avg + ",900\n"
	}
	file := filepath.Join(dir, "r1.csv")
	if err := os.WriteFile(file, []byte(hdr+row("100")), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(ScanConfig{Folder: root})
	scan := func() float64 {
		t.Helper()
		rs, w, err := ix.Scan()
		if err != nil || len(rs) != 1 || len(w) != 0 {
			t.Fatalf("scan: %v %v %v", rs, w, err)
		}
		return rs[0].AvgMs
	}
	if got := scan(); got != 100 {
		t.Fatalf("avg %v", got)
	}
	// Same size and time: the cached result stands (the file is not re-read).
	if err := os.WriteFile(file, []byte(hdr+row("200")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(file, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got := scan(); got != 100 {
		t.Fatalf("unchanged size and time must use the cache, got %v", got)
	}
	// A real change (new time) is picked up.
	later := st.ModTime().Add(time.Minute)
	if err := os.Chtimes(file, later, later); err != nil {
		t.Fatal(err)
	}
	if got := scan(); got != 200 {
		t.Fatalf("changed file: avg %v, want 200", got)
	}
}

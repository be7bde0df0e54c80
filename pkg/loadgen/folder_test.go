package loadgen

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
)

func writeResultFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, "loadgen", name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestScanCountsEachResultOnce: a run written as a summary and as raw latencies (as
// the simulator and load tools do) gives one row per server x task, computed from
// the raw samples; the summary's platform column is kept; a result only the summary
// has stays.
func TestScanCountsEachResultOnce(t *testing.T) {
	dir := t.TempDir()
	writeResultFile(t, dir, "run-1.csv", "run_id,workload,server,task,start,end,count,avg_ms,p95_ms,platform\n"+
		"run-1,2000 heavy,EXVM01,SendMail,2026-11-25T10:00:00Z,2026-11-25T11:00:00Z,999,999,999,virtual\n"+
		"run-1,2000 heavy,EXPHY01,Logon,2026-11-25T10:00:00Z,2026-11-25T11:00:00Z,7,35,90,native\n")
	writeResultFile(t, dir, "run-1.latencies.csv", "run_id,workload,server,task,time,latency_ms\n"+
		"run-1,2000 heavy,EXVM01,SendMail,2026-11-25T10:00:00Z,100\n"+
		"run-1,2000 heavy,EXVM01,SendMail,2026-11-25T10:30:00Z,300\n"+
		"run-1,2000 heavy,EXVM01,SendMail,2026-11-25T10:59:00Z,200\n")
	writeResultFile(t, dir, "run-1.json", `[{"run_id":"run-1","workload":"2000 heavy","server":"EXVM01","task":"SendMail","start":"2026-11-25T10:00:00Z","end":"2026-11-25T11:00:00Z","count":999,"avg_ms":999,"p95_ms":999}]`)
	rs, warnings, err := NewIndex(ScanConfig{Folder: dir}).Scan()
	if err != nil || len(warnings) > 0 {
		t.Fatalf("scan: %v %v", err, warnings)
	}
	if len(rs) != 2 {
		t.Fatalf("%d results, want 2 (EXVM01 SendMail once, EXPHY01 Logon): %+v", len(rs), rs)
	}
	for _, r := range rs {
		switch r.Server {
		case "EXVM01":
			if r.Count != 3 || r.AvgMs != 200 || r.P95Ms != 300 || r.Platform != "virtual" {
				t.Errorf("EXVM01 SendMail %+v: want count 3, avg 200, p95 300 from the raw file, platform virtual from the summary", r)
			}
		case "EXPHY01":
			if r.Count != 7 || r.Platform != "native" {
				t.Errorf("EXPHY01 Logon %+v: the summary-only result must stay", r)
			}
		default:
			t.Errorf("unexpected result %+v", r)
		}
	}
}

// TestScanOfSimulatorResultsCountsEachOnce reads what the simulator writes for the
// study's runs (summary and raw file per run) and finds each run x server x task once,
// with the samples of the raw file.
func TestScanOfSimulatorResultsCountsEachOnce(t *testing.T) {
	dir := t.TempDir()
	start := time.Now().Add(-90 * time.Minute).Truncate(time.Minute)
	srv, err := sim.Start(sim.Options{Hosts: 3, Seed: 11, Scenario: sim.ScenarioAll, User: "root", Password: "p",
		Clock: sim.NewManualClock(start), LogDir: dir})
	if err != nil {
		t.Fatalf("start the simulator: %v", err)
	}
	defer srv.Close()
	for d := time.Duration(0); d < 85*time.Minute; d += 5 * time.Minute {
		if err := srv.Advance(5 * time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	raws, _ := filepath.Glob(filepath.Join(dir, "loadgen", "*.latencies.csv"))
	if len(raws) == 0 {
		t.Fatal("the simulator wrote no raw-latency files")
	}
	rs, warnings, err := NewIndex(ScanConfig{Folder: dir}).Scan()
	if err != nil || len(warnings) > 0 {
		t.Fatalf("scan: %v %v", err, warnings)
	}
	seen := map[string]int{}
	for _, r := range rs {
		seen[resultID(r)]++
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%v counted %d times", k, n)
		}
	}
	// Each raw file's results are the ones kept: read them alone and compare counts.
	for _, raw := range raws {
		f, err := os.Open(raw)
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := ReadCSV(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			found := false
			for _, r := range rs {
				if resultID(r) == resultID(w) {
					found = true
					if r.Count != w.Count || r.P95Ms != w.P95Ms {
						t.Errorf("%v: count %d p95 %g, want the raw file's %d / %g", resultID(w), r.Count, r.P95Ms, w.Count, w.P95Ms)
					}
				}
			}
			if !found {
				t.Errorf("%v of %s missing", resultID(w), filepath.Base(raw))
			}
		}
	}
	t.Logf("%d raw files, %d results", len(raws), len(rs))
}

func resultID(r Result) string { return r.RunID + "/" + r.Server + "/" + r.Task }

package loadgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const summaryHeader = "run_id,workload,server,task,start,end,count,avg_ms,p95_ms\n"

func summaryRow(run, server, task, start string) string {
	return fmt.Sprintf("%s,2000 heavy,%s,%s,2026-11-25T%s:00Z,2026-11-25T13:00:00Z,10,100,200\n", run, server, task, start)
}

// TestScanSortsByStartThenRunServerTask: results come out by start time, then run,
// server and task, whatever order the files hold them in. The rows are written in
// the reverse of that order, and each pair of neighbours is decided by a different key:
// a later key never overrides an earlier one.
func TestScanSortsByStartThenRunServerTask(t *testing.T) {
	want := []string{
		"run-z/S9/Zeta",   // earliest start, although every other key is the largest
		"run-a/S2/Logon",  // run-a before run-b, although S2 > S1
		"run-b/S1/Logon",  // S1 before S2, although Logon > Browse
		"run-b/S2/Browse", // Browse before SendMail
		"run-b/S2/SendMail",
	}
	starts := []string{"09:00", "10:00", "10:00", "10:00", "10:00"}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(summaryHeader)
	for i := len(want) - 1; i >= 0; i-- {
		p := strings.Split(want[i], "/")
		b.WriteString(summaryRow(p[0], p[1], p[2], starts[i]))
	}
	writeResultFile(t, dir, "all.csv", b.String())
	rs, warnings, err := NewIndex(ScanConfig{Folder: dir}).Scan()
	if err != nil || len(warnings) > 0 {
		t.Fatalf("scan: %v %v", err, warnings)
	}
	var got []string
	for _, r := range rs {
		got = append(got, resultID(r))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("order %v, want %v", got, want)
	}
}

// TestScanWarnsAboutMalformedRows: a file with bad rows still gives its good rows, and
// the warning names the file, how many rows were skipped and the first reason.
func TestScanWarnsAboutMalformedRows(t *testing.T) {
	dir := t.TempDir()
	writeResultFile(t, dir, "run-1.csv", summaryHeader+summaryRow("run-1", "S1", "Logon", "10:00")+
		"run-1,2000 heavy,S2,Logon,yesterday,2026-11-25T13:00:00Z,10,100,200\n"+
		"run-1,2000 heavy,S3,Logon,2026-11-25T10:00:00Z,2026-11-25T13:00:00Z,-1,100,200\n")
	rs, warnings, err := NewIndex(ScanConfig{Folder: dir}).Scan()
	if err != nil || len(rs) != 1 || rs[0].Server != "S1" {
		t.Fatalf("scan: %+v %v, want S1's row only", rs, err)
	}
	if len(warnings) != 1 || !strings.HasPrefix(warnings[0], "loadgen/run-1.csv: 2 malformed rows skipped (first: line 3:") {
		t.Fatalf("warnings %q, want one naming loadgen/run-1.csv, 2 rows and line 3", warnings)
	}
}

// TestScanSizeLimits: a results file larger than the per-file limit is skipped with a
// warning that names the limit, without being read; the default limit is 512 MiB, and
// a limit given in the settings replaces it. The large file is sparse (no disk used),
// and its header is not a results header, so a reader that ignored the limit would
// stop at the first line with another warning.
func TestScanSizeLimits(t *testing.T) {
	dir := t.TempDir()
	small := summaryHeader + summaryRow("run-1", "S1", "Logon", "10:00")
	writeResultFile(t, dir, "small.csv", small)
	big := filepath.Join(dir, "loadgen", "big.csv")
	if err := os.WriteFile(big, []byte("not,a,results,header\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 512<<20+1); err != nil {
		t.Fatal(err)
	}
	rs, warnings, err := NewIndex(ScanConfig{Folder: dir}).Scan()
	if err != nil || len(rs) != 1 {
		t.Fatalf("default limit: %+v %v, want small.csv's row", rs, err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "loadgen/big.csv is 536870913 bytes, the limit is 536870912") {
		t.Fatalf("default limit: warnings %q, want big.csv skipped at 536870912 bytes", warnings)
	}

	_, warnings, err = NewIndex(ScanConfig{Folder: dir, MaxFileBytes: 100}).Scan()
	if err != nil || len(warnings) != 2 || !strings.Contains(strings.Join(warnings, "\n"), fmt.Sprintf("loadgen/small.csv is %d bytes, the limit is 100", len(small))) {
		t.Fatalf("limit of 100 bytes: warnings %q (%v), want small.csv skipped too", warnings, err)
	}
}

// TestScanFileCountLimits: a folder where more files match than the limit is refused
// with an error saying to narrow the patterns, instead of reading them all; the
// default limit is 10,000 files, and a limit given in the settings replaces it.
func TestScanFileCountLimits(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "loadgen"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 10_001 {
		if err := os.WriteFile(filepath.Join(dir, "loadgen", fmt.Sprintf("r%05d.json", i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := NewIndex(ScanConfig{Folder: dir}).Scan(); err == nil || !strings.Contains(err.Error(), "more than 10000 files match") {
		t.Fatalf("10,001 files at the default limit: err = %v, want more than 10000 files", err)
	}
	few := t.TempDir()
	for _, n := range []string{"a.csv", "b.csv", "c.csv"} {
		writeResultFile(t, few, n, summaryHeader)
	}
	if _, _, err := NewIndex(ScanConfig{Folder: few, MaxFiles: 2}).Scan(); err == nil || !strings.Contains(err.Error(), "more than 2 files match") {
		t.Fatalf("3 files at a limit of 2: err = %v, want more than 2 files", err)
	}
}

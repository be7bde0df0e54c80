package loadgen

import (
	"fmt"
	"strings"
	"testing"
)

// Boundaries of the value checks, each on both sides: these are the numbers a user's
// file may legitimately hold (a count of 0, a latency of 0 ms or exactly the maximum).
func TestValueBoundaries(t *testing.T) {
	const hdr = "run_id,workload,server,task,start,end,count,avg_ms,p95_ms\n"
	row := func(count, avg, p95 string) string {
		return hdr + "r,1 heavy,S,SendMail,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z," + count + "," + avg + "," + p95 + "\n"
	}
	max := fmt.Sprint(maxLatencyMs)
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"count 0", row("0", "1", "1"), true},
		{"count -1", row("-1", "1", "1"), false},
		{"avg 0 ms", row("1", "0", "1"), true},
		{"p95 0 ms", row("1", "1", "0"), true},
		{"avg at the maximum", row("1", max, "1"), true},
		{"p95 just past the maximum", row("1", "1", "1000000000.5"), false},
		{"start equals end", hdr + "r,1 heavy,S,SendMail,2026-01-01T00:00:00Z,2026-01-01T00:00:00Z,1,1,1\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, st, err := ReadCSV(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if ok := len(got) == 1 && st.Skipped == 0; ok != tt.ok {
				t.Fatalf("accepted = %v (%d results, skipped %v), want %v", ok, len(got), st.Errors, tt.ok)
			}
		})
	}
}

// TestSkipReasonsAreBounded: every bad row is counted, only the first maxRowErrors
// reasons are kept, and they are the first ones, in order.
func TestSkipReasonsAreBounded(t *testing.T) {
	in := "run_id,workload,server,task,start,end,count,avg_ms,p95_ms\n" +
		strings.Repeat("r,1 heavy,S,SendMail,bad,2026-01-01T01:00:00Z,1,2,3\n", maxRowErrors+2)
	_, st, err := ReadCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if st.Skipped != maxRowErrors+2 || len(st.Errors) != maxRowErrors {
		t.Fatalf("skipped %d with %d reasons, want %d with %d", st.Skipped, len(st.Errors), maxRowErrors+2, maxRowErrors)
	}
	if !strings.HasPrefix(st.Errors[0], "line 2:") || !strings.HasPrefix(st.Errors[maxRowErrors-1], fmt.Sprintf("line %d:", maxRowErrors+1)) {
		t.Fatalf("reasons %q do not start at line 2 and run in order", st.Errors)
	}
}

// TestLatencyRowLimit lowers the bound of one raw file to three rows: three are read,
// a fourth is an error that says what to do.
func TestLatencyRowLimit(t *testing.T) {
	old := maxLatencyRow
	maxLatencyRow = 3
	t.Cleanup(func() { maxLatencyRow = old })
	hdr := "run_id,workload,server,task,time,latency_ms\n"
	line := "r,w,S,T,2026-01-01T00:00:00Z,5\n"
	if got, st, err := ReadCSV(strings.NewReader(hdr + strings.Repeat(line, 3))); err != nil || st.Rows != 3 || len(got) != 1 || got[0].Count != 3 {
		t.Fatalf("3 rows at a limit of 3: %+v, %+v, %v", got, st, err)
	}
	_, _, err := ReadCSV(strings.NewReader(hdr + strings.Repeat(line, 4)))
	if err == nil || !strings.Contains(err.Error(), "more than 3 latency rows") {
		t.Fatalf("4 rows at a limit of 3: err = %v", err)
	}
}

// TestReadJSONErrorsNameTheKeys: both ways a JSON file can fail to decode (not JSON at
// all; an object with a key the format does not have) say which keys are expected.
func TestReadJSONErrorsNameTheKeys(t *testing.T) {
	const keys = "run_id, workload, server, task, start, end, count, avg_ms, p95_ms, platform"
	for _, in := range []string{"not json", `[{"run_id":"r","latency":5}]`, `{"server":"S","extra":1}`} {
		_, _, err := ReadJSON(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), keys) {
			t.Errorf("ReadJSON(%q): err = %v, want the expected keys %q", in, err, keys)
		}
	}
}

// TestReadJSONSkipNamesTheElement: a bad row of a JSON file is reported by its 1-based
// position in the array.
func TestReadJSONSkipNamesTheElement(t *testing.T) {
	in := `[{"run_id":"r","workload":"w","server":"S","task":"T","start":"2026-01-01T00:00:00Z","end":"2026-01-01T01:00:00Z","count":1,"avg_ms":1,"p95_ms":1},` +
		`{"run_id":"r","workload":"w","server":"S","task":"T","start":"bad","end":"2026-01-01T01:00:00Z","count":1,"avg_ms":1,"p95_ms":1}]`
	got, st, err := ReadJSON(strings.NewReader(in))
	if err != nil || len(got) != 1 || st.Skipped != 1 || !strings.HasPrefix(st.Errors[0], "line 2: ") {
		t.Fatalf("got %d rows, %+v, %v; want 1 row and the second element skipped as line 2", len(got), st, err)
	}
}

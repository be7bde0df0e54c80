package perfmon

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/textenc"
)

// Store behaviour at its edges: limits hit exactly, eviction order, logs that are still
// being written, transcoded logs that grow, and the order and naming of what comes back.

func newStore(t *testing.T, cfg Config) *Store {
	t.Helper()
	s, err := NewStore(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func query(t *testing.T, s *Store, pattern string) *Result {
	t.Helper()
	res, err := s.Query(context.Background(), Query{Patterns: []string{pattern}, From: at(0), To: at(59)})
	if err != nil {
		t.Fatalf("query %s: %v", pattern, err)
	}
	return res
}

func rows(from, to int) string {
	var b strings.Builder
	for m := from; m < to; m++ {
		b.WriteString(storeRow(m, float64(m+1)))
	}
	return b.String()
}

// TestStoreEvictsLeastRecentlyUsed: with room for one file's values, the file queried
// longest ago is dropped and re-read when asked for again; the most recent one stays,
// and a file that holds no values (all its rows malformed) is never re-read for room.
func TestStoreEvictsLeastRecentlyUsed(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "A", "a.csv"), fmt.Sprintf(storeHdr, "A")+rows(0, 3))
	writeFile(t, filepath.Join(root, "B", "b.csv"), fmt.Sprintf(storeHdr, "B")+rows(0, 3))
	writeFile(t, filepath.Join(root, "E", "e.csv"), fmt.Sprintf(storeHdr, "E")+strings.Repeat("\"11/25/2026 10:00:00.000\",\"1\",\"1\",\"x\"\r\n", 3))
	dataBytes := int64(len(rows(0, 3)))
	// One column of 3 rows is 6 cached points (times and values).
	s := newStore(t, Config{Folder: root, Patterns: []string{"*/*.csv"}, MaxCachedPoints: 6})
	mem := func(server string) string { return `\\` + server + `\Memory\Available MBytes` }

	if res := query(t, s, mem("E")); len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "3 malformed rows") {
		t.Fatalf("E warnings %v", res.Warnings)
	}
	query(t, s, mem("A"))
	query(t, s, mem("B")) // A and B do not both fit: A, the older, goes
	if res := query(t, s, mem("B")); res.BytesRead != 0 || fmt.Sprint(res.Series[0].Values) != "[100 200 300]" {
		t.Fatalf("B, the most recent, was re-read (%d bytes) or changed: %+v", res.BytesRead, res.Series)
	}
	if res := query(t, s, mem("E")); res.BytesRead != 0 {
		t.Fatalf("E, which holds no values, was re-read: %d bytes", res.BytesRead)
	}
	if res := query(t, s, mem("A")); res.BytesRead != dataBytes || fmt.Sprint(res.Series[0].Values) != "[100 200 300]" {
		t.Fatalf("A, evicted, read %d bytes (want %d) and gave %+v", res.BytesRead, dataBytes, res.Series)
	}
}

// TestStoreQueryByteLimitIsExact: a query that reads exactly MaxQueryBytes runs; a
// refresh costs only the appended bytes.
func TestStoreQueryByteLimitIsExact(t *testing.T) {
	root := t.TempDir()
	name := filepath.Join(root, "S", "a.csv")
	data := rows(0, 4)
	writeFile(t, name, fmt.Sprintf(storeHdr, "S")+data)
	pat := `\\S\Memory\Available MBytes`
	s := newStore(t, Config{Folder: root, Patterns: []string{"*/*.csv"}, MaxQueryBytes: int64(len(data))})
	if res := query(t, s, pat); res.BytesRead != int64(len(data)) {
		t.Fatalf("read %d bytes, want %d", res.BytesRead, len(data))
	}
	appendFile(t, name, rows(4, 7))
	if res := query(t, s, pat); res.BytesRead != int64(len(rows(4, 7))) || len(res.Series[0].Values) != 7 {
		t.Fatalf("refresh read %d bytes, %d values", res.BytesRead, len(res.Series[0].Values))
	}
	tight := newStore(t, Config{Folder: root, Patterns: []string{"*/*.csv"}, MaxQueryBytes: int64(len(data+rows(4, 7))) - 1})
	if _, err := tight.Query(context.Background(), Query{Patterns: []string{pat}}); !errors.Is(err, ErrLimit) {
		t.Fatalf("one byte over the limit: err = %v, want ErrLimit", err)
	}
}

// TestStorePointLimitIsExact: the limit counts the points inside the time range.
func TestStorePointLimitIsExact(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "S", "a.csv"), fmt.Sprintf(storeHdr, "S")+rows(0, 6))
	q := Query{Patterns: []string{`\\S\Memory\Available MBytes`}, From: at(2), To: at(4)} // 3 points
	ctx := context.Background()
	res, err := newStore(t, Config{Folder: root, Patterns: []string{"*/*.csv"}, MaxPoints: 3}).Query(ctx, q)
	if err != nil || fmt.Sprint(res.Series[0].Values) != "[300 400 500]" {
		t.Fatalf("3 points with MaxPoints 3: %+v %v", res, err)
	}
	if _, err := newStore(t, Config{Folder: root, Patterns: []string{"*/*.csv"}, MaxPoints: 2}).Query(ctx, q); !errors.Is(err, ErrLimit) {
		t.Fatalf("3 points with MaxPoints 2: err = %v, want ErrLimit", err)
	}
}

// TestStoreUTF16LogThatGrows: a UTF-16 log (PowerShell's redirect) cannot be resumed at a
// byte offset, so it is re-read whole when it grows, counted whole against the byte
// limit, and not read at all when unchanged; rows never repeat.
func TestStoreUTF16LogThatGrows(t *testing.T) {
	root := t.TempDir()
	name := filepath.Join(root, "S", "a.csv")
	head := fmt.Sprintf(storeHdr, "S")
	writeFile(t, name, string(textenc.Encode(textenc.UTF16LE, head+rows(0, 3), true)))
	pat := `\\S\Memory\Available MBytes`
	s := newStore(t, Config{Folder: root, Patterns: []string{"*/*.csv"}})
	if got := fmt.Sprint(query(t, s, pat).Series[0].Values); got != "[100 200 300]" {
		t.Fatalf("first read %s", got)
	}
	if res := query(t, s, pat); res.BytesRead != 0 || fmt.Sprint(res.Series[0].Values) != "[100 200 300]" {
		t.Fatalf("unchanged: read %d bytes, values %v", res.BytesRead, res.Series[0].Values)
	}
	appendFile(t, name, string(textenc.Encode(textenc.UTF16LE, rows(3, 5), false)))
	if got := fmt.Sprint(query(t, s, pat).Series[0].Values); got != "[100 200 300 400 500]" {
		t.Fatalf("after growth %s", got)
	}

	// The byte limit: the grown file costs its whole size minus the header, not the
	// appended bytes. hdrEnd is the BOM plus the header's UTF-8 length (the reader counts
	// decoded bytes past the mark).
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	whole := st.Size() - int64(2+len(head))
	writeFile(t, name, string(textenc.Encode(textenc.UTF16LE, head+rows(0, 3), true)))
	tight := newStore(t, Config{Folder: root, Patterns: []string{"*/*.csv"}, MaxQueryBytes: whole - 1})
	query(t, tight, pat)
	appendFile(t, name, string(textenc.Encode(textenc.UTF16LE, rows(3, 5), false)))
	if _, err := tight.Query(context.Background(), Query{Patterns: []string{pat}}); !errors.Is(err, ErrLimit) {
		t.Fatalf("grown UTF-16 log one byte over the limit: err = %v, want ErrLimit", err)
	}
}

// TestStoreReadsAHeaderOnceComplete: a log whose header was still being written is read
// once the header is complete, even if a copy tool kept its modification time.
func TestStoreReadsAHeaderOnceComplete(t *testing.T) {
	root := t.TempDir()
	name := filepath.Join(root, "S", "a.csv")
	head := fmt.Sprintf(storeHdr, "S")
	writeFile(t, name, head[:40])
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(t, Config{Folder: root, Patterns: []string{"*/*.csv"}})
	if res := query(t, s, `\\S\Memory\Available MBytes`); len(res.Series) != 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "not complete") {
		t.Fatalf("half header: %+v", res)
	}
	appendFile(t, name, head[40:]+rows(0, 2))
	if err := os.Chtimes(name, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if res := query(t, s, `\\S\Memory\Available MBytes`); len(res.Series) != 1 || fmt.Sprint(res.Series[0].Values) != "[100 200]" {
		t.Fatalf("completed header: %+v", res)
	}
}

// TestStoreSettledPartialLine: an unterminated last line is held back while the file may
// still grow and read as a row once the file has been unchanged for SettledAfter.
func TestStoreSettledPartialLine(t *testing.T) {
	root := t.TempDir()
	name := filepath.Join(root, "S", "a.csv")
	writeFile(t, name, fmt.Sprintf(storeHdr, "S")+rows(0, 1)+strings.TrimSuffix(rows(1, 2), "\r\n"))
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		since time.Duration
		want  string
	}{
		{time.Minute - time.Nanosecond, "[100]"},
		{time.Minute, "[100 200]"},
	} {
		s := newStore(t, Config{Folder: root, Patterns: []string{"*/*.csv"}, SettledAfter: time.Minute})
		s.now = func() time.Time { return st.ModTime().Add(tt.since) }
		if got := fmt.Sprint(query(t, s, `\\S\Memory\Available MBytes`).Series[0].Values); got != tt.want {
			t.Errorf("unchanged for %v: %s, want %s", tt.since, got, tt.want)
		}
	}
}

// TestStoreMalformedRowWarning names the first malformed row and counts all of them,
// also after the log grew.
func TestStoreMalformedRowWarning(t *testing.T) {
	root := t.TempDir()
	name := filepath.Join(root, "S", "a.csv")
	bad := "\"11/25/2026 10:09:00.000\",\"x\",\"1\",\"1\"\r\n"
	writeFile(t, name, fmt.Sprintf(storeHdr, "S")+rows(0, 1)+bad+rows(1, 2))
	s := newStore(t, Config{Folder: root, Patterns: []string{"*/*.csv"}})
	pat := `\\S\MSExchangeIS\RPC Averaged Latency`
	if res := query(t, s, pat); len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "1 malformed rows skipped (first: line 3:") {
		t.Fatalf("warnings %v", res.Warnings)
	}
	appendFile(t, name, bad)
	if res := query(t, s, pat); len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "2 malformed rows skipped (first: line 3:") {
		t.Fatalf("after growth: warnings %v", res.Warnings)
	}
}

// TestStoreColumnsAndDuplicates: Columns lists each counter once with the number of
// files holding it, sorted by path; duplicated and unparsable columns are left out, and
// a query uses the first of duplicated columns and says so.
func TestStoreColumnsAndDuplicates(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "S", "a.csv"),
		`"(PDH-CSV 4.0) (UTC)(0)","\\S\Memory\Available MBytes","\\S\MSExchangeIS\RPC Averaged Latency","\\s\memory\available mbytes","not a path"`+"\r\n"+
			`"11/25/2026 10:00:00.000","1","2","3","4"`+"\r\n")
	writeFile(t, filepath.Join(root, "S", "b.csv"), fmt.Sprintf(storeHdr, "S")+rows(1, 2))
	s := newStore(t, Config{Folder: root, Patterns: []string{"*/*.csv"}})
	cols, _, err := s.Columns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cols {
		got = append(got, fmt.Sprintf("%s %d", c.Path, c.Files))
	}
	want := []string{`\\S\LogicalDisk(D:)\Avg. Disk sec/Read 1`, `\\S\MSExchangeIS\RPC Averaged Latency 2`, `\\S\Memory\Available MBytes 2`}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("columns %q, want %q", got, want)
	}
	res := query(t, s, `\\S\Memory\Available MBytes`)
	if len(res.Series) != 1 || fmt.Sprint(res.Series[0].Values) != "[1 200]" {
		t.Fatalf("series %+v", res.Series)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "a.csv: 1 duplicated counter columns ignored") {
		t.Fatalf("warnings %v", res.Warnings)
	}
}

// TestStoreSeriesOrderAndServers: without a machine in the counter paths the server is
// the file's folder (or the file's name at the top); series come back by server, then
// path, whatever order the files and columns are in; overlapping logs of one server
// merge in time order.
func TestStoreSeriesOrderAndServers(t *testing.T) {
	root := t.TempDir()
	hdr := `"(PDH-CSV 4.0) (UTC)(0)","\Z\C","\Y\C"` + "\r\n"
	row := func(minute int, a, b float64) string {
		return fmt.Sprintf(`"11/25/2026 10:%02d:00.000","%g","%g"`+"\r\n", minute, a, b)
	}
	// B's samples are older than A's, so files come in B, A order; A is sorted first.
	writeFile(t, filepath.Join(root, "A", "a.csv"), hdr+row(10, 1, 2))
	writeFile(t, filepath.Join(root, "B", "b.csv"), hdr+row(0, 3, 4))
	// Two overlapping logs of server O: o1 spans 0..5, o2 holds 1 and 2.
	writeFile(t, filepath.Join(root, "O", "o1.csv"), hdr+row(0, 10, 0)+row(5, 50, 0))
	writeFile(t, filepath.Join(root, "O", "o2.csv"), hdr+row(1, 20, 0)+row(2, 30, 0))
	// A header-only log, just created.
	writeFile(t, filepath.Join(root, "O", "o3.csv"), hdr)
	writeFile(t, filepath.Join(root, "TOP.csv"), hdr+row(7, 5, 6))
	s := newStore(t, Config{Folder: root, Patterns: []string{"*.csv", "*/*.csv"}})

	res := query(t, s, `\*\C`)
	var got []string
	for _, sr := range res.Series {
		got = append(got, fmt.Sprintf("%s%s=%v", sr.Server, sr.Path, sr.Values))
	}
	want := []string{`A\Y\C=[2]`, `A\Z\C=[1]`, `B\Y\C=[4]`, `B\Z\C=[3]`, `O\Y\C=[0 0 0 0]`, `O\Z\C=[10 20 30 50]`, `TOP\Y\C=[6]`, `TOP\Z\C=[5]`}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(res.Warnings) != 0 {
		t.Fatalf("series %q (warnings %v), want %q", got, res.Warnings, want)
	}
	// From after the end of o2: only o1's last sample.
	res, err := s.Query(context.Background(), Query{Patterns: []string{`\Z\C`}, From: at(3), To: at(59)})
	if err != nil {
		t.Fatal(err)
	}
	for _, sr := range res.Series {
		if sr.Server == "O" && fmt.Sprint(sr.Values) != "[50]" {
			t.Fatalf("O from 10:03: %v, want [50]", sr.Values)
		}
	}
}

// cancelOnCall is a context that is cancelled on its n-th Err call: a deterministic
// stand-in for a user who cancels while a query is reading.
type cancelOnCall struct {
	context.Context
	cancel context.CancelFunc
	calls  int
	n      int
}

func (c *cancelOnCall) Err() error {
	if c.calls++; c.calls == c.n {
		c.cancel()
	}
	return c.Context.Err()
}

// TestStoreCancelledWhileReading: a query cancelled while reading a large log returns the
// context's error; the next query continues where the read stopped, with every row
// exactly once.
func TestStoreCancelledWhileReading(t *testing.T) {
	root := t.TempDir()
	const n = 5000 // more than the 4096 rows between cancellation checks
	var b strings.Builder
	b.WriteString(fmt.Sprintf(storeHdr, "S"))
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `"11/25/2026 %02d:%02d:%02d.000","%d","0","0"`+"\r\n", i/3600, i/60%60, i%60, i)
	}
	writeFile(t, filepath.Join(root, "S", "a.csv"), b.String())
	s := newStore(t, Config{Folder: root, Patterns: []string{"*/*.csv"}})
	q := Query{Patterns: []string{`\\S\MSExchangeIS\RPC Averaged Latency`}}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Err call 1 is Query's check before it starts; call 2 is the first check while reading.
	if _, err := s.Query(&cancelOnCall{Context: ctx, cancel: cancel, n: 2}, q); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled query: err = %v, want context.Canceled", err)
	}
	res, err := s.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	v := res.Series[0].Values
	if len(v) != n || v[0] != 0 || v[4095] != 4095 || v[4096] != 4096 || v[n-1] != n-1 {
		t.Fatalf("%d values after a cancelled read, want %d, each once", len(v), n)
	}
}

package perfmon

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/textenc"
	"github.com/xenbench/xenbench/pkg/textenc/textenctest"
)

// The fixtures in testdata/windows are one counter log as Windows tools write it (PDH
// writes 8-bit ANSI text; PowerShell re-encodes what it redirects or re-saves).
// TestWindowsFixturesAreGenerated makes them (go test ./pkg/perfmon -run
// TestWindowsFixturesAreGenerated -update) and fails if a committed file differs;
// pkg/loadgen/testdata/windows/README.md says what each tool writes and where that is
// documented.
var update = flag.Bool("update", false, "rewrite testdata/windows from the generator")

// A German Windows names LogicalDisk "Logischer Datenträger": a counter path that is
// not ASCII, so each encoding's handling shows in the header.
const winDiskCounter = `\\EXMBX01\Logischer Datenträger(D:)\Mittlere Sek./Lesevorgänge`

// winLog is the log as relog -f csv, logman -f csv and typeperf -f CSV -o write it:
// banner with the time zone and bias, every field quoted, CRLF.
func winLog() string {
	return `"(PDH-CSV 4.0) (W. Europe Standard Time)(-60)","\\EXMBX01\MSExchangeIS\RPC Averaged Latency","` + winDiskCounter + `"` + "\r\n" +
		`"11/25/2026 10:00:00.125","12.000000","0.008125"` + "\r\n" +
		`"11/25/2026 10:00:15.125","14.500000"," "` + "\r\n"
}

// winStdout is typeperf writing to the console, redirected: a blank first line, no time
// zone in the banner, and two trailer lines.
func winStdout() string {
	return "\r\n" + `"(PDH-CSV 4.0)","\\EXMBX01\MSExchangeIS\RPC Averaged Latency","` + winDiskCounter + `"` + "\r\n" +
		`"11/25/2026 10:00:00.125","12.000000","0.008125"` + "\r\n" +
		`"11/25/2026 10:00:15.125","14.500000"," "` + "\r\n" +
		"Exiting, please wait...\r\nThe command completed successfully.\r\n"
}

type winLogFixture struct {
	file, tool string
	data       []byte
	stdout     bool // typeperf's console output: no time zone, trailer lines
}

func winLogFixtures() []winLogFixture {
	return []winLogFixture{
		{file: "relog-csv.csv", tool: "relog -f csv (ANSI, Windows-1252)", data: textenc.ANSI(winLog(), false)},
		{file: "logman-csv.csv", tool: "logman create counter -f csv (ANSI)", data: textenc.ANSI(winLog(), false)},
		{file: "typeperf-o.csv", tool: "typeperf -f CSV -o (ANSI)", data: textenc.ANSI(winLog(), false)},
		{file: "typeperf-ps51-redirect.csv", tool: "typeperf > file in Windows PowerShell 5.1 (Out-File: UTF-16 LE)", data: textenc.Encode(textenc.UTF16LE, winStdout(), true), stdout: true},
		{file: "typeperf-ps7-redirect.csv", tool: "typeperf > file in PowerShell 7 (utf8NoBOM)", data: textenc.Encode(textenc.UTF8, winStdout(), false), stdout: true},
		{file: "relog-ps51-set-content-utf8.csv", tool: "Get-Content | Set-Content -Encoding UTF8 in Windows PowerShell 5.1 (BOM)", data: textenc.Encode(textenc.UTF8, winLog(), true)},
		{file: "relog-ps51-out-file-bigendianunicode.csv", tool: "Get-Content | Out-File -Encoding BigEndianUnicode (5.1)", data: textenc.Encode(textenc.UTF16BE, winLog(), true)},
		{file: "relog-ps51-out-file-utf32.csv", tool: "Get-Content | Out-File -Encoding UTF32 (5.1)", data: textenc.Encode(textenc.UTF32LE, winLog(), true)},
		{file: "relog-ps7-out-file-bigendianutf32.csv", tool: "Get-Content | Out-File -Encoding bigendianutf32 (PowerShell 7)", data: textenc.Encode(textenc.UTF32BE, winLog(), true)},
	}
}

func TestWindowsFixturesAreGenerated(t *testing.T) {
	var fs []textenctest.Fixture
	for _, f := range winLogFixtures() {
		fs = append(fs, textenctest.Fixture{File: f.file, Tool: f.tool, Data: f.data})
	}
	textenctest.Check(t, filepath.Join("testdata", "windows"), fs, *update)
}

// TestReadWindowsFixtures reads each fixture through NewReader and checks the counter
// paths (the non-ASCII one above all), the times in UTC and every value.
func TestReadWindowsFixtures(t *testing.T) {
	for _, f := range winLogFixtures() {
		t.Run(f.file, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", "windows", f.file))
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{}
			if f.stdout {
				opts.Location = time.FixedZone("W. Europe Standard Time", 3600)
			}
			r, err := NewReader(bytes.NewReader(in), opts)
			if err != nil {
				t.Fatalf("%s: %v", f.tool, err)
			}
			var paths []string
			for _, c := range r.Header().Columns {
				paths = append(paths, c.String())
			}
			want := `\\EXMBX01\MSExchangeIS\RPC Averaged Latency|` + winDiskCounter
			if got := strings.Join(paths, "|"); got != want {
				t.Fatalf("%s: counters %q, want %q", f.tool, got, want)
			}
			selectAll(t, r)
			ts, vs := readAll(t, r)
			st := r.Stats()
			wantText := 0
			if f.stdout {
				wantText = 2
			}
			if len(ts) != 2 || st.Skipped != 0 || st.TextLines != wantText {
				t.Fatalf("%s: %d rows, %d skipped %v, %d text lines; want 2, 0, %d", f.tool, len(ts), st.Skipped, st.Errors, st.TextLines, wantText)
			}
			// 10:00 in W. Europe Standard Time (bias -60) is 09:00 UTC.
			if got := ts[0].UTC().Format(time.RFC3339Nano); got != "2026-11-25T09:00:00.125Z" {
				t.Errorf("%s: first time %s, want 2026-11-25T09:00:00.125Z", f.tool, got)
			}
			if vs[0][0] != 12 || vs[0][1] != 0.008125 || vs[1][0] != 14.5 || vs[1][1] == vs[1][1] {
				t.Errorf("%s: values %v, want [[12 0.008125] [14.5 NaN]]", f.tool, vs)
			}
		})
	}
}

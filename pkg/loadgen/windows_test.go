package loadgen

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/textenc"
	"github.com/xenbench/xenbench/pkg/textenc/textenctest"
)

// The fixtures in testdata/windows are load-test results as Windows tools write them:
// each tool's quoting, line ends, type line and byte encoding, for the same rows.
// TestWindowsFixturesAreGenerated makes them (go test ./pkg/loadgen -run
// TestWindowsFixturesAreGenerated -update) and fails if a committed file differs; the
// README there says what each tool writes and where that is documented.
var update = flag.Bool("update", false, "rewrite testdata/windows from the generator")

var winHeader = []string{"run_id", "workload", "server", "platform", "task", "start", "end", "count", "avg_ms", "p95_ms"}

// The workload holds non-ASCII letters and an en dash, so each encoding's handling shows.
const winWorkload = "2000 heavy – Zürich"

var winRows = [][]string{
	{"win-2000", winWorkload, "EXVM01", "virtual", "SendMail", "2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z", "5400", "212.5", "480"},
	{"win-2000", winWorkload, "EXPHY01", "native", "SendMail", "2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z", "5380", "198.25", "455"},
}

// winLatencies: 11 SendMail latencies, a size where the nearest-rank p95 (the 11th
// value, 250) differs from a rounded rank (the 10th, 130).
var winLatencies = []string{"120", "95", "101", "99", "130", "98", "97", "250", "102", "100", "96"}

var winLatencyHeader = []string{"run_id", "workload", "server", "task", "time", "latency_ms"}

func winLatencyRows() [][]string {
	var rows [][]string
	for i, ms := range winLatencies {
		ts := time.Date(2026, 11, 25, 10, 0, i, 0, time.UTC).Format(time.RFC3339)
		rows = append(rows, []string{"win-2000", winWorkload, "EXVM01", "SendMail", ts, ms})
	}
	return rows
}

// psCSV writes rows as Export-Csv / ConvertTo-Csv do in both PowerShell editions: every
// field in double quotes (PowerShell 7's default -UseQuotes Always), embedded quotes
// doubled, CRLF after every line, and with typeLine the "#TYPE" line first.
func psCSV(typeLine bool, header []string, rows [][]string) string {
	var b strings.Builder
	if typeLine {
		b.WriteString("#TYPE System.Management.Automation.PSCustomObject\r\n")
	}
	for _, rec := range append([][]string{header}, rows...) {
		for i, f := range rec {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
		}
		b.WriteString("\r\n")
	}
	return b.String()
}

// excelCSV writes rows as Excel's "CSV UTF-8 (Comma delimited)" does: a field is quoted
// only when it holds a comma, a quote or a line break; CRLF after every line.
func excelCSV(header []string, rows [][]string) string {
	var b strings.Builder
	for _, rec := range append([][]string{header}, rows...) {
		for i, f := range rec {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(f, ",\"\r\n") {
				f = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
			}
			b.WriteString(f)
		}
		b.WriteString("\r\n")
	}
	return b.String()
}

// psJSON writes rows as ConvertTo-Json does. Windows PowerShell 5.1 indents by four
// spaces and puts two spaces after the colon; PowerShell 7 indents by two and puts one.
// Numbers stay numbers. single writes one object, as 5.1 does for a one-row pipeline.
func psJSON(ps7, single bool, rows [][]string) string {
	ind, colon := "    ", ":  "
	if ps7 {
		ind, colon = "  ", ": "
	}
	numeric := map[string]bool{"count": true, "avg_ms": true, "p95_ms": true}
	obj := func(rec []string, pad string) string {
		var b strings.Builder
		b.WriteString(pad + "{\r\n")
		for i, name := range winHeader {
			v := fmt.Sprintf("%q", rec[i])
			if numeric[name] {
				v = rec[i]
			}
			sep := ","
			if i == len(winHeader)-1 {
				sep = ""
			}
			b.WriteString(pad + ind + `"` + name + `"` + colon + v + sep + "\r\n")
		}
		b.WriteString(pad + "}")
		return b.String()
	}
	if single {
		return obj(rows[0], "")
	}
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = obj(r, ind)
	}
	return "[\r\n" + strings.Join(parts, ",\r\n") + "\r\n]"
}

type winFixture struct {
	file, tool string
	data       []byte
	ascii      bool // non-ASCII letters became '?'
	latencies  bool
	single     bool
}

func winFixtures() []winFixture {
	sum := psCSV(false, winHeader, winRows)
	lat := psCSV(false, winLatencyHeader, winLatencyRows())
	return []winFixture{
		{file: "ps51-export-csv-notype-utf8.csv", tool: "Windows PowerShell 5.1 Export-Csv -NoTypeInformation -Encoding UTF8", data: textenc.Encode(textenc.UTF8, sum, true)},
		{file: "ps51-export-csv-default.csv", tool: "Windows PowerShell 5.1 Export-Csv (defaults: #TYPE line, ASCII)", data: textenc.ANSI(psCSV(true, winHeader, winRows), true), ascii: true},
		{file: "ps51-export-csv-notype-unicode.csv", tool: "Windows PowerShell 5.1 Export-Csv -NoTypeInformation -Encoding Unicode", data: textenc.Encode(textenc.UTF16LE, sum, true)},
		{file: "ps51-export-csv-notype-bigendianunicode.csv", tool: "Windows PowerShell 5.1 Export-Csv -NoTypeInformation -Encoding BigEndianUnicode", data: textenc.Encode(textenc.UTF16BE, sum, true)},
		{file: "ps51-export-csv-notype-utf32.csv", tool: "Windows PowerShell 5.1 Export-Csv -NoTypeInformation -Encoding UTF32", data: textenc.Encode(textenc.UTF32LE, sum, true)},
		{file: "ps51-export-csv-notype-default.csv", tool: "Windows PowerShell 5.1 Export-Csv -NoTypeInformation -Encoding Default (ANSI, Windows-1252)", data: textenc.ANSI(sum, false)},
		{file: "ps51-convertto-csv-out-file.csv", tool: "Windows PowerShell 5.1 ConvertTo-Csv -NoTypeInformation | Out-File (UTF-16 LE)", data: textenc.Encode(textenc.UTF16LE, sum, true)},
		{file: "ps7-export-csv.csv", tool: "PowerShell 7 Export-Csv (utf8NoBOM)", data: textenc.Encode(textenc.UTF8, sum, false)},
		{file: "ps7-export-csv-utf8bom.csv", tool: "PowerShell 7 Export-Csv -Encoding utf8BOM", data: textenc.Encode(textenc.UTF8, sum, true)},
		{file: "ps7-export-csv-bigendianutf32.csv", tool: "PowerShell 7 Export-Csv -Encoding bigendianutf32", data: textenc.Encode(textenc.UTF32BE, sum, true)},
		{file: "ps7-export-csv-includetypeinformation.csv", tool: "PowerShell 7 Export-Csv -IncludeTypeInformation", data: textenc.Encode(textenc.UTF8, psCSV(true, winHeader, winRows), false)},
		{file: "excel-csv-utf8.csv", tool: `Excel "CSV UTF-8 (Comma delimited)"`, data: textenc.Encode(textenc.UTF8, excelCSV(winHeader, winRows), true)},
		{file: "ps51-export-csv-notype-utf8.latencies.csv", tool: "Windows PowerShell 5.1 Export-Csv -NoTypeInformation -Encoding UTF8, raw latencies", data: textenc.Encode(textenc.UTF8, lat, true), latencies: true},
		{file: "ps51-convertto-csv-out-file.latencies.csv", tool: "Windows PowerShell 5.1 ConvertTo-Csv | Out-File, raw latencies", data: textenc.Encode(textenc.UTF16LE, lat, true), latencies: true},
		{file: "ps51-convertto-json-out-file.json", tool: "Windows PowerShell 5.1 ConvertTo-Json | Out-File (UTF-16 LE)", data: textenc.Encode(textenc.UTF16LE, psJSON(false, false, winRows)+"\r\n", true)},
		{file: "ps51-convertto-json-set-content.json", tool: "Windows PowerShell 5.1 ConvertTo-Json | Set-Content (ANSI)", data: textenc.ANSI(psJSON(false, false, winRows)+"\r\n", false)},
		{file: "ps51-convertto-json-utf8.json", tool: "Windows PowerShell 5.1 ConvertTo-Json | Out-File -Encoding UTF8", data: textenc.Encode(textenc.UTF8, psJSON(false, false, winRows)+"\r\n", true)},
		{file: "ps51-convertto-json-one-row.json", tool: "Windows PowerShell 5.1 ConvertTo-Json of one row (an object, not an array) | Out-File", data: textenc.Encode(textenc.UTF16LE, psJSON(false, true, winRows)+"\r\n", true), single: true},
		{file: "ps7-convertto-json-out-file.json", tool: "PowerShell 7 ConvertTo-Json | Out-File (utf8NoBOM)", data: textenc.Encode(textenc.UTF8, psJSON(true, false, winRows)+"\r\n", false)},
	}
}

func TestWindowsFixturesAreGenerated(t *testing.T) {
	var fs []textenctest.Fixture
	for _, f := range winFixtures() {
		fs = append(fs, textenctest.Fixture{File: f.file, Tool: f.tool, Data: f.data})
	}
	textenctest.Check(t, filepath.Join("testdata", "windows"), fs, *update)
}

// TestReadWindowsFixtures reads every fixture and checks every value, so a reader that
// drops a BOM too late, misreads an encoding or skips a row fails here.
func TestReadWindowsFixtures(t *testing.T) {
	for _, f := range winFixtures() {
		t.Run(f.file, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", "windows", f.file))
			if err != nil {
				t.Fatal(err)
			}
			var got []Result
			var st Stats
			if strings.HasSuffix(f.file, ".json") {
				got, st, err = ReadJSON(bytes.NewReader(in))
			} else {
				got, st, err = ReadCSV(bytes.NewReader(in))
			}
			if err != nil || st.Skipped != 0 {
				t.Fatalf("%s: err %v, skipped %d %v", f.tool, err, st.Skipped, st.Errors)
			}
			workload := winWorkload
			if f.ascii {
				workload = "2000 heavy ? Z?rich"
			}
			start := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
			var want []Result
			switch {
			case f.latencies:
				want = []Result{{RunID: "win-2000", Workload: workload, Server: "EXVM01", Task: "SendMail",
					Start: start, End: start.Add(10 * time.Second), Count: 11, AvgMs: 1288.0 / 11, P95Ms: 250}}
			default:
				end := start.Add(time.Hour)
				want = []Result{
					{RunID: "win-2000", Workload: workload, Server: "EXVM01", Platform: "virtual", Task: "SendMail", Start: start, End: end, Count: 5400, AvgMs: 212.5, P95Ms: 480},
					{RunID: "win-2000", Workload: workload, Server: "EXPHY01", Platform: "native", Task: "SendMail", Start: start, End: end, Count: 5380, AvgMs: 198.25, P95Ms: 455},
				}
				if f.single {
					want = want[:1]
				}
			}
			rows := len(want)
			if f.latencies {
				rows = len(winLatencies)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) || st.Rows != rows {
				t.Fatalf("%s:\n got %+v (%d rows)\nwant %+v", f.tool, got, st.Rows, want)
			}
		})
	}
}

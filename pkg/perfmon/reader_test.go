package perfmon

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

func readAll(t *testing.T, r *Reader) ([]time.Time, [][]float64) {
	t.Helper()
	var ts []time.Time
	var vs [][]float64
	for r.Next() {
		ts = append(ts, r.Time())
		vs = append(vs, append([]float64(nil), r.Values()...))
	}
	if err := r.Err(); err != nil {
		t.Fatalf("Err: %v", err)
	}
	return ts, vs
}

func selectAll(t *testing.T, r *Reader) {
	t.Helper()
	cols := make([]int, len(r.Header().Columns))
	for i := range cols {
		cols[i] = i
	}
	if err := r.Select(cols); err != nil {
		t.Fatal(err)
	}
}

func TestReaderFixtures(t *testing.T) {
	tests := []struct {
		file      string
		opts      Options
		format    Format
		columns   int
		rows      int
		textLines int
		firstUTC  string
		first     []float64 // NaN marks a missing sample
		second    []float64
	}{
		{
			file: "relog_est.csv", format: FormatCSV, columns: 7, rows: 3,
			// Eastern Standard Time, bias 300: 09:00 local is 14:00 UTC.
			firstUTC: "2026-11-25T14:00:00.123Z",
			first:    []float64{12, 4, 0.008123, 0.001204, 11.5, 35.125, 2048},
			second:   []float64{14, 6, math.NaN(), 0.0013, 12, 37.5, 2040},
		},
		{
			file: "typeperf_stdout.csv", opts: Options{Location: time.UTC}, format: FormatCSV, columns: 2, rows: 2, textLines: 2,
			firstUTC: "2026-09-22T21:42:32.824Z",
			first:    []float64{0, 20261367808},
			second:   []float64{0.1, 20261367808},
		},
		{
			file: "relog_weu.tsv", format: FormatTSV, columns: 2, rows: 2,
			// W. Europe Standard Time, bias -60: 10:00 local is 09:00 UTC.
			firstUTC: "2026-11-25T09:00:00Z",
			first:    []float64{812.5, 1000},
			second:   []float64{math.NaN(), 1200},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r, err := NewReader(f, tt.opts)
			if err != nil {
				t.Fatalf("NewReader: %v", err)
			}
			h := r.Header()
			if h.Format != tt.format || len(h.Columns) != tt.columns {
				t.Fatalf("header: format %s, %d columns; want %s, %d", h.Format, len(h.Columns), tt.format, tt.columns)
			}
			selectAll(t, r)
			ts, vs := readAll(t, r)
			st := r.Stats()
			if len(ts) != tt.rows || st.Skipped != 0 || st.TextLines != tt.textLines {
				t.Fatalf("rows %d skipped %d text %d (%v); want %d rows, %d text lines", len(ts), st.Skipped, st.TextLines, st.Errors, tt.rows, tt.textLines)
			}
			if got := ts[0].Format(time.RFC3339Nano); got != tt.firstUTC {
				t.Errorf("first time %s, want %s", got, tt.firstUTC)
			}
			for i, want := range [][]float64{tt.first, tt.second} {
				for j := range want {
					if !sameFloat(vs[i][j], want[j]) {
						t.Errorf("row %d col %d = %v, want %v", i, j, vs[i][j], want[j])
					}
				}
			}
		})
	}
}

func sameFloat(a, b float64) bool {
	return a == b || math.IsNaN(a) && math.IsNaN(b)
}

const hdr2 = `"(PDH-CSV 4.0) (UTC)(0)","\\S\Memory\Available MBytes","\\S\Processor(_Total)\% Processor Time"`

func TestReaderBadInput(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		opts    Options
		wantErr error  // from NewReader
		errText string // substring of the error
		rows    int
		skipped int
		reason  string // substring of the first skip reason
		offset  int64  // -1 to skip the check
	}{
		{name: "wrong banner", input: "\"time\",\"value\"\r\n\"1\",\"2\"\r\n", wantErr: ErrBanner, errText: `"time"`},
		{name: "empty file", input: "", wantErr: ErrEmpty},
		{name: "only blank lines", input: "\r\n\r\n", wantErr: ErrEmpty},
		{name: "header still being written", input: `"(PDH-CSV 4.0) (UTC)(0)","\\S\Mem`, wantErr: ErrEmpty, errText: "not complete"},
		{name: "typeperf without location", input: "\r\n\"(PDH-CSV 4.0)\",\"\\\\S\\Memory\\Available MBytes\"\r\n", wantErr: ErrNoTimeZone, errText: "time zone"},
		{name: "unparsable bias", input: "\"(PDH-CSV 4.0) (Mars Standard Time)(abc)\",\"\\\\S\\Memory\\Available MBytes\"\r\n", wantErr: ErrNoTimeZone, errText: "Mars"},
		{name: "bias out of range", input: "\"(PDH-CSV 4.0) (X)(9999)\",\"\\\\S\\Memory\\Available MBytes\"\r\n", wantErr: ErrNoTimeZone},
		{name: "malformed zone part", input: "\"(PDH-CSV 4.0) Eastern(300)\",\"\\\\S\\Memory\\Available MBytes\"\r\n", wantErr: ErrBanner},
		{name: "header without counters", input: "\"(PDH-CSV 4.0) (UTC)(0)\"\r\n", wantErr: ErrBanner, errText: "no counters"},
		{name: "ragged rows skipped and counted",
			input: hdr2 + "\r\n\"01/02/2026 03:04:05.000\",\"1\"\r\n\"01/02/2026 03:04:06.000\",\"1\",\"2\",\"3\"\r\n\"01/02/2026 03:04:07.000\",\"1\",\"2\"\r\n",
			rows:  1, skipped: 2, reason: "2 fields, the header has 3", offset: -1},
		{name: "bad timestamps",
			input:   hdr2 + "\r\n\"13/02/2026 03:04:05.000\",\"1\",\"2\"\r\n\"02/30/2026 03:04:05.000\",\"1\",\"2\"\r\n\"2026-01-02T03:04:05Z\",\"1\",\"2\"\r\n\"01/02/2026 24:00:00.000\",\"1\",\"2\"\r\n",
			skipped: 4, reason: "bad timestamp", offset: -1},
		{name: "not a number", input: hdr2 + "\r\n\"01/02/2026 03:04:05.000\",\"abc\",\"2\"\r\n", skipped: 1, reason: "not a number", offset: -1},
		{name: "garbage after quote", input: hdr2 + "\r\n\"01/02/2026 03:04:05.000\"x,\"1\",\"2\"\r\n", skipped: 1, reason: "after a closing quote", offset: -1},
		{name: "utf-8 bom and LF endings", input: "\xEF\xBB\xBF" + hdr2 + "\n\"01/02/2026 03:04:05.000\",\"1\",\"2\"\n", rows: 1, offset: -1},
		{name: "truncated mid-line is held back",
			input: hdr2 + "\r\n\"01/02/2026 03:04:05.000\",\"1\",\"2\"\r\n\"01/02/2026 03:04:06.000\",\"1",
			opts:  Options{HoldPartialLine: true}, rows: 1,
			offset: int64(len(hdr2 + "\r\n\"01/02/2026 03:04:05.000\",\"1\",\"2\"\r\n"))},
		{name: "truncated mid-line without hold is a ragged row",
			input: hdr2 + "\r\n\"01/02/2026 03:04:05.000\",\"1\",\"2\"\r\n\"01/02/2026 03:04:06.000\",\"1",
			rows:  1, skipped: 1, reason: "unterminated", offset: -1},
		{name: "over-long line skipped", input: hdr2 + "\r\n\"01/02/2026 03:04:05.000\",\"" + strings.Repeat("9", 300) + "\",\"2\"\r\n\"01/02/2026 03:04:06.000\",\"1\",\"2\"\r\n",
			opts: Options{MaxLineBytes: 200}, rows: 1, skipped: 1, reason: "longer than", offset: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.input), tt.opts)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("err %q does not mention %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatalf("NewReader: %v", err)
			}
			selectAll(t, r)
			ts, _ := readAll(t, r)
			st := r.Stats()
			if len(ts) != tt.rows || st.Skipped != tt.skipped {
				t.Fatalf("rows %d skipped %d (%v), want %d and %d", len(ts), st.Skipped, st.Errors, tt.rows, tt.skipped)
			}
			if tt.reason != "" && (len(st.Errors) == 0 || !strings.Contains(st.Errors[0].Reason, tt.reason)) {
				t.Fatalf("skip reasons %v do not mention %q", st.Errors, tt.reason)
			}
			if tt.offset >= 0 && r.Offset() != tt.offset {
				t.Fatalf("offset %d, want %d", r.Offset(), tt.offset)
			}
		})
	}
}

func TestReaderHeaderOddities(t *testing.T) {
	in := `"(PDH-CSV 4.0) ()(-540)","\\S\Memory\Available MBytes","\\s\memory\available mbytes","not a path","\\S\Obj(a ""q"")\C"` + "\r\n" +
		`"01/02/2026 03:04:05.000","1","2","3","4"` + "\r\n"
	r, err := NewReader(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := r.Header()
	if h.TimeZone != "" || h.Bias != -540 || !h.HasTimeZone {
		t.Errorf("zone %q bias %d has %v", h.TimeZone, h.Bias, h.HasTimeZone)
	}
	if len(h.Duplicates) != 1 || h.Duplicates[0] != 1 {
		t.Errorf("duplicates %v, want [1]", h.Duplicates)
	}
	if len(h.BadColumns) != 1 || h.BadColumns[0] != 2 {
		t.Errorf("bad columns %v, want [2]", h.BadColumns)
	}
	if got := h.Columns[3].Instance; got != `a "q"` {
		t.Errorf("escaped instance %q", got)
	}
	if err := r.Select([]int{3, 0}); err != nil {
		t.Fatal(err)
	}
	ts, vs := readAll(t, r)
	// bias -540 (UTC+9): 03:04:05 local is 18:04:05 the day before in UTC.
	if len(ts) != 1 || ts[0] != time.Date(2026, 1, 1, 18, 4, 5, 0, time.UTC) || vs[0][0] != 4 || vs[0][1] != 1 {
		t.Fatalf("got %v %v", ts, vs)
	}
}

func TestReaderNonUTF8Header(t *testing.T) {
	// "Prozessorzeit" with a Latin-1 "ä" (0xE4) in the object name, as an
	// ANSI code page log would carry it.
	in := "\"(PDH-CSV 4.0) (UTC)(0)\",\"\\\\S\\Proz\xe4ssor(_Total)\\% Zeit\"\r\n\"01/02/2026 03:04:05.000\",\"1\"\r\n"
	r, err := NewReader(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Header().Columns[0].Object; got != "Prozässor" {
		t.Fatalf("object %q, want Prozässor", got)
	}
}

func TestReaderUTF16(t *testing.T) {
	src, err := os.ReadFile("testdata/relog_est.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, le := range []bool{true, false} {
		var b bytes.Buffer
		if le {
			b.Write([]byte{0xFF, 0xFE})
		} else {
			b.Write([]byte{0xFE, 0xFF})
		}
		for _, r := range string(src) {
			if le {
				b.Write([]byte{byte(r), byte(r >> 8)})
			} else {
				b.Write([]byte{byte(r >> 8), byte(r)})
			}
		}
		r, err := NewReader(&b, Options{})
		if err != nil {
			t.Fatal(err)
		}
		selectAll(t, r)
		ts, vs := readAll(t, r)
		if len(ts) != 3 || vs[0][6] != 2048 || r.Header().Columns[4].Object != "MSExchange Database ==> Instances" {
			t.Fatalf("le=%v: %d rows, %v", le, len(ts), vs)
		}
	}
	// An odd byte count cannot be UTF-16.
	_, err = NewReader(bytes.NewReader([]byte{0xFF, 0xFE, '"'}), Options{})
	if err == nil || !strings.Contains(err.Error(), "UTF-16") {
		t.Fatalf("odd UTF-16: err = %v", err)
	}
}

func TestReaderLineNumbersAndResume(t *testing.T) {
	in := "\r\n" + hdr2 + "\r\n" +
		"\"01/02/2026 03:04:05.000\",\"1\",\"2\"\r\n" +
		"\"01/02/2026 03:04:06.000\",\"1\"\r\n" + // line 4: ragged
		"\"01/02/2026 03:04:07.000\",\"3\",\"4\"\r\n"
	r, err := NewReader(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	selectAll(t, r)
	if !r.Next() { // line 3
		t.Fatal("no first row")
	}
	off, lines := r.Offset(), r.Lines()
	if lines != 3 {
		t.Fatalf("Lines() = %d after the first row, want 3", lines)
	}
	// Resume where the first reader stopped, as the Store does.
	r2, err := Resume(strings.NewReader(in[off:]), r.Header(), off, lines, Options{})
	if err != nil {
		t.Fatal(err)
	}
	selectAll(t, r2)
	ts, vs := readAll(t, r2)
	st := r2.Stats()
	if len(ts) != 1 || vs[0][0] != 3 || st.Skipped != 1 || st.Errors[0].Line != 4 {
		t.Fatalf("resumed: %v %v %+v", ts, vs, st)
	}
	if r2.Offset() != int64(len(in)) || r2.Lines() != 5 {
		t.Fatalf("offset %d lines %d, want %d and 5", r2.Offset(), r2.Lines(), len(in))
	}
}

// TestUTF16SurrogateAcrossChunks puts a character outside the BMP (two
// UTF-16 units) across the transcoder's 2048-unit chunk boundary.
func TestUTF16SurrogateAcrossChunks(t *testing.T) {
	name := strings.Repeat("x", 2047-len(`"(PDH-CSV 4.0) (UTC)(0)","\\S\`)) + "𝄞" // U+1D11E
	text := `"(PDH-CSV 4.0) (UTC)(0)","\\S\` + name + `\C"` + "\r\n\"01/02/2026 03:04:05.000\",\"1\"\r\n"
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, u := range utf16.Encode([]rune(text)) {
		b.Write([]byte{byte(u), byte(u >> 8)})
	}
	r, err := NewReader(&b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Header().Columns[0].Object; got != name {
		t.Fatalf("object name damaged at the chunk boundary: ...%q", got[len(got)-8:])
	}
}

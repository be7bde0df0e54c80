package perfmon

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/textenc"
)

// The edges of what a log may contain, each as a user meets it: the last valid value of
// every timestamp part, the widest time zone biases, lines exactly at the length limit,
// and the line shapes hand-edited files and other tools produce.

func TestParseTimestampAcceptsEveryLastValidValue(t *testing.T) {
	tests := []struct {
		in                     string
		y, mo, d, h, mi, s, ns int
		ok                     bool
	}{
		{in: "12/31/2026 23:59:59.999", y: 2026, mo: 12, d: 31, h: 23, mi: 59, s: 59, ns: 999_000_000, ok: true},
		{in: "01/01/2026 00:00:00", y: 2026, mo: 1, d: 1, ok: true}, // no fraction: 19 bytes
		{in: "02/29/2028 12:00:00.5", y: 2028, mo: 2, d: 29, h: 12, ns: 500_000_000, ok: true},
		{in: "01/02/2026 03:04:05.123456789", y: 2026, mo: 1, d: 2, h: 3, mi: 4, s: 5, ns: 123456789, ok: true},
		{in: "02/29/2026 12:00:00"},            // 2026 is not a leap year
		{in: "04/31/2026 12:00:00"},            // April has 30 days
		{in: "00/10/2026 12:00:00"},            // month 0
		{in: "13/10/2026 12:00:00"},            // month 13
		{in: "01/00/2026 12:00:00"},            // day 0
		{in: "01/32/2026 12:00:00"},            // day 32
		{in: "01/02/2026 24:00:00"},            // hour 24
		{in: "01/02/2026 23:60:00"},            // minute 60
		{in: "01/02/2026 23:59:60"},            // second 60 (PDH never writes leap seconds)
		{in: "01/02/2026 03:04:05."},           // a point without digits
		{in: "01/02/2026 03:04:05.1234567890"}, // ten fraction digits: finer than a nanosecond
		{in: "01/02/2026 03:04:05,123"},        // a comma is not the fraction mark
		{in: "01/02/2026 03:04:0"},             // cut short
	}
	for _, tt := range tests {
		y, mo, d, h, mi, s, ns, ok := parseTimestamp([]byte(tt.in))
		if ok != tt.ok {
			t.Errorf("%q: ok = %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		if ok && (y != tt.y || mo != tt.mo || d != tt.d || h != tt.h || mi != tt.mi || s != tt.s || ns != tt.ns) {
			t.Errorf("%q = %d-%d-%d %d:%d:%d.%09d", tt.in, y, mo, d, h, mi, s, ns)
		}
	}
}

func TestBannerBiasLimits(t *testing.T) {
	row := "\r\n\"01/02/2026 12:00:00.000\",\"1\"\r\n"
	for _, tt := range []struct {
		bias string
		utc  time.Time // the row's time, 12:00 local
	}{
		{"-840", time.Date(2026, 1, 1, 22, 0, 0, 0, time.UTC)}, // UTC+14 (Line Islands): the earliest zone
		{"840", time.Date(2026, 1, 3, 2, 0, 0, 0, time.UTC)},   // the limit on the other side
	} {
		in := `"(PDH-CSV 4.0) (Z)(` + tt.bias + `)","\\S\Memory\Available MBytes"` + row
		r, err := NewReader(strings.NewReader(in), Options{})
		if err != nil {
			t.Fatalf("bias %s: %v", tt.bias, err)
		}
		selectAll(t, r)
		ts, _ := readAll(t, r)
		if len(ts) != 1 || !ts[0].Equal(tt.utc) {
			t.Errorf("bias %s: times %v, want %v", tt.bias, ts, tt.utc)
		}
	}
	for _, bias := range []string{"-841", "841"} {
		in := `"(PDH-CSV 4.0) (Z)(` + bias + `)","\\S\Memory\Available MBytes"` + row
		_, err := NewReader(strings.NewReader(in), Options{})
		if !errors.Is(err, ErrNoTimeZone) || !strings.Contains(err.Error(), "between -840 and 840") {
			t.Errorf("bias %s: err = %v, want ErrNoTimeZone naming the range -840..840", bias, err)
		}
	}
}

func TestHeaderLocation(t *testing.T) {
	h := Header{TimeZone: "Eastern Standard Time", Bias: 300}
	loc := h.Location()
	name, off := time.Date(2026, 1, 2, 3, 4, 5, 0, loc).Zone()
	if name != "Eastern Standard Time" || off != -5*3600 {
		t.Errorf("Location() = %s %+d s, want Eastern Standard Time -18000 s", name, off)
	}
	name, off = time.Date(2026, 1, 2, 3, 4, 5, 0, (&Header{Bias: -60}).Location()).Zone()
	if name != "bias -60" || off != 3600 {
		t.Errorf("Location() without a zone name = %s %+d s, want \"bias -60\" +3600 s", name, off)
	}
}

func TestBannerErrorsShowTheCell(t *testing.T) {
	cell40 := strings.Repeat("x", 40)
	cell45 := strings.Repeat("y", 45)
	for _, tt := range []struct{ cell, want string }{
		{cell40, `"` + cell40 + `", want`},                     // shown whole
		{cell45, `"` + strings.Repeat("y", 40) + `...", want`}, // cut at 40
	} {
		_, err := NewReader(strings.NewReader(`"`+tt.cell+`","\\S\A\B"`+"\r\n"), Options{})
		if !errors.Is(err, ErrBanner) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err = %v, want it to contain %s", err, tt.want)
		}
	}
	// A zone name without the bias part is not a banner perfmon writes.
	_, err := NewReader(strings.NewReader(`"(PDH-CSV 4.0) (Eastern Standard Time)","\\S\A\B"`+"\r\n"), Options{})
	if !errors.Is(err, ErrBanner) {
		t.Errorf("zone without bias: err = %v, want ErrBanner", err)
	}
}

func TestResumeRefusesTranscodedLogs(t *testing.T) {
	text := hdr2 + "\r\n\"01/02/2026 03:04:05.000\",\"1\",\"2\"\r\n"
	r, err := NewReader(bytes.NewReader(textenc.Encode(textenc.UTF16LE, text, true)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Resume(strings.NewReader(""), r.Header(), 10, 1, Options{})
	if err == nil || !strings.Contains(err.Error(), "utf-16") {
		t.Fatalf("Resume of a UTF-16 log: err = %v, want a refusal naming the encoding", err)
	}
	// A header built by hand (no encoding recorded) is 8-bit text and can be resumed.
	h := *r.Header()
	h.Encoding = ""
	if _, err := Resume(strings.NewReader(""), &h, 10, 1, Options{}); err != nil {
		t.Fatalf("Resume with no recorded encoding: %v", err)
	}
}

func TestSelectRejectsBadSelections(t *testing.T) {
	r, err := NewReader(strings.NewReader(hdr2+"\r\n\"01/02/2026 03:04:05.000\",\"1\",\"2\"\r\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cols := range [][]int{{2}, {-1}, {0, 2}, {1, 0, 1}} {
		if err := r.Select(cols); err == nil {
			t.Errorf("Select(%v) accepted", cols)
		}
	}
	if err := r.Select([]int{1, 0}); err != nil {
		t.Fatal(err)
	}
	if !r.Next() || fmt.Sprint(r.Values()) != "[2 1]" {
		t.Fatalf("Select([1 0]) row: %v", r.Values())
	}
}

// TestBlankAndTextLines: a stray CR (an editor's CR CR LF) and an empty LF line are blank
// lines, skipped without a trace; other text lines are counted as text; rows are counted.
func TestBlankAndTextLines(t *testing.T) {
	in := hdr2 + "\r\n" +
		"\"01/02/2026 03:04:05.000\",\"1\",\"2\"\r\n" +
		"\r\r\n" +
		"\n" +
		"Exiting, please wait...\r\n" +
		"\"01/02/2026 03:04:06.000\",\"3\",\"4\"\r\n"
	r, err := NewReader(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	selectAll(t, r)
	ts, _ := readAll(t, r)
	st := r.Stats()
	if len(ts) != 2 || st.Rows != 2 || st.TextLines != 1 || st.Skipped != 0 {
		t.Fatalf("rows %d (Stats.Rows %d), text lines %d, skipped %d; want 2, 2, 1, 0", len(ts), st.Rows, st.TextLines, st.Skipped)
	}
	if r.Lines() != 6 {
		t.Fatalf("Lines() = %d, want 6", r.Lines())
	}
}

// TestUnquotedRows: hand-edited files may drop the quotes. An unquoted row is a row (its
// first byte is a digit), an empty field is a missing sample, and an unquoted line that is
// not a valid row is reported as skipped, not ignored as text.
func TestUnquotedRows(t *testing.T) {
	in := hdr2 + "\r\n" +
		"01/02/2026 03:04:05.000,1,2\r\n" +
		"01/02/2026 03:04:06.000,,4\r\n" +
		"11/02/2026 03:04:07.000,5,6\r\n" +
		"99/99/2026 03:04:08.000,7,8\r\n"
	r, err := NewReader(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	selectAll(t, r)
	ts, vs := readAll(t, r)
	st := r.Stats()
	if got := fmt.Sprint(vs); len(ts) != 3 || got != "[[1 2] [NaN 4] [5 6]]" {
		t.Fatalf("rows %v %s, want 3 rows [[1 2] [NaN 4] [5 6]]", ts, got)
	}
	if st.Skipped != 1 || st.TextLines != 0 || !strings.Contains(st.Errors[0].Reason, "bad timestamp") || st.Errors[0].Line != 5 {
		t.Fatalf("stats %+v, want line 5 skipped for its timestamp and no text lines", st)
	}
}

// TestTrailingSeparator: a log whose lines all end with a separator still reads; the
// empty last header cell is an unusable column that keeps the others in place.
func TestTrailingSeparator(t *testing.T) {
	in := hdr2 + ",\r\n\"01/02/2026 03:04:05.000\",\"1\",\"2\",\r\n"
	r, err := NewReader(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if h := r.Header(); len(h.Columns) != 3 || fmt.Sprint(h.BadColumns) != "[2]" {
		t.Fatalf("columns %d, bad %v; want 3 and [2]", len(h.Columns), h.BadColumns)
	}
	if err := r.Select([]int{0, 1}); err != nil {
		t.Fatal(err)
	}
	ts, vs := readAll(t, r)
	if len(ts) != 1 || fmt.Sprint(vs) != "[[1 2]]" {
		t.Fatalf("rows %v %v (stats %+v), want one row [1 2]", ts, vs, r.Stats())
	}
}

func TestSkipReasons(t *testing.T) {
	long := strings.Repeat("z", 40)
	tests := []struct{ row, reason string }{
		{`"01/02/2026 03:04:05.000"x,"1","2"`, "field 1: text after a closing quote"},
		{`"01/02/2026 03:04:05.000","1""2","2"`, "field 2: a number cannot contain quotes"},
		{`"01/02/2026 03:04:05.000","` + long[:32] + `","2"`, `"` + long[:32] + `" is not a number`},
		{`"01/02/2026 03:04:05.000","` + long + `","2"`, `"` + long[:32] + `..." is not a number`},
	}
	for _, tt := range tests {
		r, err := NewReader(strings.NewReader(hdr2+"\r\n"+tt.row+"\r\n"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		selectAll(t, r)
		readAll(t, r)
		if st := r.Stats(); st.Skipped != 1 || !strings.Contains(st.Errors[0].Reason, tt.reason) {
			t.Errorf("row %s: %+v, want reason %q", tt.row, st.Errors, tt.reason)
		}
	}
}

func TestSkipReasonsAreBounded(t *testing.T) {
	in := hdr2 + "\r\n" + strings.Repeat("\"01/02/2026 03:04:05.000\",\"x\",\"2\"\r\n", maxRowErrors+2)
	r, err := NewReader(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	selectAll(t, r)
	readAll(t, r)
	if st := r.Stats(); st.Skipped != maxRowErrors+2 || len(st.Errors) != maxRowErrors {
		t.Fatalf("skipped %d with %d reasons, want %d and %d", st.Skipped, len(st.Errors), maxRowErrors+2, maxRowErrors)
	}
}

// TestLineLengthLimit: a line exactly MaxLineBytes long (line break included) is read;
// a longer one is skipped and counted, also when it is longer than the reader's 1 MiB
// buffer, and the lines after it keep their numbers.
func TestLineLengthLimit(t *testing.T) {
	row := "\"01/02/2026 03:04:05.000\",\"1\",\"2\"\r\n"
	h, err := NewReader(strings.NewReader(hdr2+"\r\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Resume(strings.NewReader(row), h.Header(), 0, 1, Options{MaxLineBytes: len(row)})
	if err != nil {
		t.Fatal(err)
	}
	selectAll(t, r)
	if ts, _ := readAll(t, r); len(ts) != 1 {
		t.Errorf("a row of exactly MaxLineBytes: %d rows, stats %+v", len(ts), r.Stats())
	}

	huge := "\"01/02/2026 03:04:06.000\",\"" + strings.Repeat("9", 1<<20) + "\",\"2\"\r\n"
	in := hdr2 + "\r\n" + huge + row + "\"bad\"\r\n"
	r, err = NewReader(strings.NewReader(in), Options{MaxLineBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	selectAll(t, r)
	ts, _ := readAll(t, r)
	st := r.Stats()
	if len(ts) != 1 || st.Skipped != 2 || !strings.Contains(st.Errors[0].Reason, "longer than 1048576 bytes") || st.Errors[0].Line != 2 || st.Errors[1].Line != 4 {
		t.Fatalf("rows %d, stats %+v; want 1 row, line 2 skipped as too long and line 4 as a bad row", len(ts), st)
	}
	if r.Lines() != 4 || r.Offset() != int64(len(in)) {
		t.Fatalf("Lines %d Offset %d, want 4 and %d", r.Lines(), r.Offset(), len(in))
	}
}

// TestHeaderLongerThanTheBuffer: a log of many counters has a header line of megabytes;
// it is read whole under the default limit.
func TestHeaderLongerThanTheBuffer(t *testing.T) {
	inst := strings.Repeat("i", 3<<19) // 1.5 MiB instance name
	in := `"(PDH-CSV 4.0) (UTC)(0)","\\S\Obj(` + inst + `)\C"` + "\r\n\"01/02/2026 03:04:05.000\",\"7\"\r\n"
	r, err := NewReader(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Header().Columns[0].Instance; got != inst {
		t.Fatalf("instance of %d bytes, want %d", len(got), len(inst))
	}
	selectAll(t, r)
	if ts, vs := readAll(t, r); len(ts) != 1 || vs[0][0] != 7 {
		t.Fatalf("rows %v %v", ts, vs)
	}
}

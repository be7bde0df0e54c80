package perfmon

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzReader feeds arbitrary bytes to the reader: it must never panic or
// hang, must keep returned rows consistent with the header, and must not
// move its offset past the input.
func FuzzReader(f *testing.F) {
	for _, name := range []string{"relog_est.csv", "typeperf_stdout.csv", "relog_weu.tsv"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, true)
	}
	for _, w := range winLogFixtures() { // what Windows tools write: ANSI, UTF-16/32 with BOM
		f.Add(w.data, true)
	}
	f.Add([]byte(hdr2+"\r\n\"01/02/2026 03:04:05.000\",\"1\",\"2\"\r\n\"01/02/2026 03:04:06.000\",\"1"), false)
	f.Add([]byte("\xff\xfe\"\x00(\x00"), true)
	f.Add([]byte("\"(PDH-CSV 4.0) (x)(1)\",\"\\\\a\\b(c\"\"d)\\e\"\n\"01/01/2000 00:00:00\",\" \",\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, hold bool) {
		r, err := NewReader(strings.NewReader(string(data)), Options{Location: time.UTC, HoldPartialLine: hold, MaxLineBytes: 4096})
		if err != nil {
			return
		}
		n := len(r.Header().Columns)
		cols := make([]int, n)
		for i := range cols {
			cols[i] = n - 1 - i
		}
		if err := r.Select(cols); err != nil {
			t.Fatal(err)
		}
		for r.Next() {
			if len(r.Values()) != n {
				t.Fatalf("%d values for %d columns", len(r.Values()), n)
			}
		}
		if r.Header().Encoding == EncodingUTF8 && r.Offset() > int64(len(data)) {
			t.Fatalf("offset %d beyond input %d", r.Offset(), len(data))
		}
	})
}

// FuzzCounterPath checks that a parsed path prints back to a string that
// parses to the same path.
func FuzzCounterPath(f *testing.F) {
	for _, s := range []string{`\\S\LogicalDisk(D:)\Avg. Disk sec/Read`, `\\S\A ==> B(p/i#3)\C`, `\M\C`, `\\S\O(a(b)c)\X`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseCounterPath(s)
		if err != nil {
			return
		}
		q, err := ParseCounterPath(p.String())
		if err != nil {
			t.Fatalf("%q -> %q does not parse: %v", s, p.String(), err)
		}
		if q != p {
			t.Fatalf("%q: round trip %+v != %+v", s, q, p)
		}
		// CompilePattern trims surrounding blanks (typed input), so the
		// self-match property holds for untrimmed-equal strings only.
		if pat, err := CompilePattern(s); err == nil && s == strings.TrimSpace(s) && !pat.Match(p) && !strings.ContainsAny(s, "*?") {
			t.Fatalf("pattern %q does not match its own path", s)
		}
	})
}

// FuzzParseValue checks the fast decimal path against strconv.ParseFloat:
// whenever the fast path accepts a field, the value must be bit-identical.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"0.000000", "20261367808.000000", "-12.5", "+.5", "1.", "9007199254740993", "0.1", "123456789012345678", "1e5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) == 0 {
			return
		}
		fast, ok := parseDecimal([]byte(s))
		if !ok {
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("fast path accepted %q, strconv rejects it: %v", s, err)
		}
		if math.Float64bits(fast) != math.Float64bits(want) {
			t.Fatalf("%q: fast %v (%x) != strconv %v (%x)", s, fast, math.Float64bits(fast), want, math.Float64bits(want))
		}
	})
}

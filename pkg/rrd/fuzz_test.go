package rrd

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// addFixtures seeds a fuzz corpus with every testdata file matching pattern.
func addFixtures(f *testing.F, pattern string) {
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		if strings.HasSuffix(file, ".golden.json") {
			continue
		}
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
}

// FuzzParseUpdates checks that no input panics or hangs, that errors are
// well-formed, and that a success is internally consistent.
func FuzzParseUpdates(f *testing.F) {
	addFixtures(f, "updates_*")
	f.Add([]byte(`{meta: {start:1,step:5,end:2,rows:1,columns:1,legend:["AVERAGE:host:h:cpu0"]},data:[{t:2,values:[NaN]}]}`))
	f.Add([]byte(`{"meta":{"start":"1","step":"5","end":"2","rows":"0","columns":"0","legend":[],"data":[]}}`))
	f.Add([]byte(`<xport><meta><rows>1</rows></meta><data><row><t>1</t><v/></row></data></xport>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		u, err := ParseUpdates(bytes.NewReader(in))
		// The fast paths look at whatever is buffered; a reader that hands
		// over one byte at a time must lead to the same outcome.
		u1, err1 := ParseUpdates(iotest.OneByteReader(bytes.NewReader(in)))
		if !sameOutcome(err, err1) || (err == nil && fmt.Sprint(toGoldenUpdates(u)) != fmt.Sprint(toGoldenUpdates(u1))) {
			t.Fatalf("whole-buffer and one-byte reads differ:\n%v\n%v", err, err1)
		}
		if err != nil {
			if u != nil {
				t.Fatal("result and error both set")
			}
			var se *SyntaxError
			if errors.As(err, &se) && (se.Offset < 0 || se.Offset > int64(len(in))) {
				t.Fatalf("offset %d outside a %d-byte input: %v", se.Offset, len(in), err)
			}
			return
		}
		if len(u.Values) != len(u.Legends) {
			t.Fatalf("%d columns for %d legends", len(u.Values), len(u.Legends))
		}
		for i, col := range u.Values {
			if len(col) != len(u.Timestamps) {
				t.Fatalf("column %d has %d rows, want %d", i, len(col), len(u.Timestamps))
			}
		}
		for i := 1; i < len(u.Timestamps); i++ {
			if u.Timestamps[i] <= u.Timestamps[i-1] {
				t.Fatalf("timestamps not ascending: %v", u.Timestamps)
			}
		}
		// A success must stream identically.
		var h countingHandler
		if err := StreamUpdates(bytes.NewReader(in), &h); err != nil || h.rows != len(u.Timestamps) {
			t.Fatalf("StreamUpdates = %v with %d rows, ParseUpdates had %d", err, h.rows, len(u.Timestamps))
		}
	})
}

// FuzzParseLegend checks ParseLegend never panics and round-trips.
func FuzzParseLegend(f *testing.F) {
	for _, s := range []string{"AVERAGE:host:" + hostUUID + ":cpu0", "MAX:vm:u:a:b", "", ":::", "LAST:sr:s:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLegend(s)
		if err != nil {
			return
		}
		if l.String() != s || l.CF == "" || l.Kind == "" || l.UUID == "" || l.Metric == "" {
			t.Fatalf("ParseLegend(%q) = %+v", s, l)
		}
	})
}

// sameOutcome reports whether two parse errors agree on success, sentinel
// and offset (messages may quote different amounts of buffered input).
func sameOutcome(a, b error) bool {
	if (a == nil) != (b == nil) {
		return false
	}
	if a == nil {
		return true
	}
	for _, sentinel := range []error{ErrTruncated, ErrLegendMismatch, ErrMetaMismatch, ErrRowOrder} {
		if errors.Is(a, sentinel) != errors.Is(b, sentinel) {
			return false
		}
	}
	var sa, sb *SyntaxError
	if errors.As(a, &sa) != errors.As(b, &sb) {
		return false
	}
	return sa == nil || sa.Offset == sb.Offset
}

// FuzzParseFloat checks the fast number path against strconv: whatever both
// accept must decode to the same bits.
func FuzzParseFloat(f *testing.F) {
	for _, s := range []string{"0.0", "8.5899e+09", "-0.012345", "1e22", "1e23", "123456789012345", "NaN", "-Infinity", "4.9e-324", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseFloat([]byte(s))
		want, err := strconv.ParseFloat(s, 64)
		if !ok {
			return
		}
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			t.Fatalf("parseFloat(%q) = %v, but strconv rejects it: %v", s, got, err)
		}
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("parseFloat(%q) = %v, strconv = %v", s, got, want)
		}
	})
}

//go:build !race

// Allocation counts are skewed by the race detector's instrumentation, so
// these tests are built only without -race; scripts/test-all.sh runs every
// package holding such a file in a second pass without -race.

package rrd

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/xenbench/xenbench/pkg/rrd/rrdgen"
)

// TestParseFloatDoesNotAllocate backs the claim in parseFloat's comment:
// neither the fast path nor strconv's special values allocate.
func TestParseFloatDoesNotAllocate(t *testing.T) {
	for _, s := range []string{"0.0", "8.5899e+09", "NaN", "-Infinity", "Infinity", "0.12345678901234567890"} {
		b := []byte(s)
		if n := testing.AllocsPerRun(100, func() { parseFloat(b) }); n != 0 {
			t.Errorf("parseFloat(%q): %v allocations", s, n)
		}
	}
}

// TestStreamUpdatesAllocsIndependentOfRows checks the streaming path does
// not allocate per row: 1 row and 100 rows cost the same allocations.
func TestStreamUpdatesAllocsIndependentOfRows(t *testing.T) {
	for _, f := range allFormats {
		counts := map[int]float64{}
		for _, rows := range []int{1, 100} {
			in := encode(t, f, rrdgen.PoolHost(2, 25, rows, 5, 1764072000, 1))
			counts[rows] = testing.AllocsPerRun(20, func() {
				var h countingHandler
				if err := StreamUpdates(bytes.NewReader(in), &h); err != nil {
					t.Fatal(err)
				}
			})
		}
		if counts[1] != counts[100] {
			t.Errorf("%v: %v allocations for 1 row, %v for 100 rows", f, counts[1], counts[100])
		}
	}
}

// TestSmallParseReusesTheReadBuffer backs bufferPool's comment: parsing a 5-second delta
// takes its 64 KiB read buffer from the pool instead of allocating one per request.
func TestSmallParseReusesTheReadBuffer(t *testing.T) {
	in := encode(t, FormatJSONStrings, rrdgen.PoolHost(1, 2, 1, 5, 1764072000, 1))
	parse := func() {
		if _, err := ParseUpdates(bytes.NewReader(in)); err != nil {
			t.Fatal(err)
		}
	}
	parse()
	const n = 50
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		parse()
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per >= readBufferSize/2 {
		t.Errorf("%d bytes allocated per parse of a %d-byte payload; the read buffer is not reused", per, len(in))
	}
}

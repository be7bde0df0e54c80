package rrd

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/rrd/rrdgen"
)

// Benchmark payload: one pool host answering rrd_updates with host=true for
// itself and 40 resident VMs x 50 data sources (2,016 columns) over the 5 s
// archive's 120 rows, the heaviest rrd_updates a dashboard refresh asks for.
const (
	benchVMs          = 40
	benchMetricsPerVM = 50
	benchRows         = 120
	benchStep         = 5
	benchEnd          = 1764072000
	benchSeed         = 42
)

var (
	benchOnce     sync.Once
	benchPayloads map[string][]byte
	benchSink     any
)

// benchFormats lists the payload names in a stable order.
var benchFormats = []string{"xml", "json5", "jsonstrings"}

func loadBenchPayloads(tb testing.TB) map[string][]byte {
	benchOnce.Do(func() {
		u := rrdgen.PoolHost(benchVMs, benchMetricsPerVM, benchRows, benchStep, benchEnd, benchSeed)
		var x, j5, js bytes.Buffer
		if err := rrdgen.WriteXML(&x, u); err != nil {
			tb.Fatal(err)
		}
		if err := rrdgen.WriteJSON5(&j5, u); err != nil {
			tb.Fatal(err)
		}
		if err := rrdgen.WriteJSONStrings(&js, u, false); err != nil {
			tb.Fatal(err)
		}
		benchPayloads = map[string][]byte{"xml": x.Bytes(), "json5": j5.Bytes(), "jsonstrings": js.Bytes()}
	})
	return benchPayloads
}

// BenchmarkParseUpdates bounds the cost of decoding one realistic pool-host
// rrd_updates body (2,016 columns x 120 rows) into an Updates, per wire format.
func BenchmarkParseUpdates(b *testing.B) {
	payloads := loadBenchPayloads(b)
	for _, name := range benchFormats {
		p := payloads[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			cpu := processCPUTime()
			for b.Loop() {
				u, err := ParseUpdates(bytes.NewReader(p))
				if err != nil {
					b.Fatal(err)
				}
				benchSink = u
			}
			reportCPUThroughput(b, len(p), processCPUTime()-cpu)
		})
	}
}

// reportCPUThroughput adds "cpu-MB/s": bytes per second of process CPU time.
// Unlike MB/s (wall time) it does not drop when other processes take the
// core, which is what "on one core" means on a shared machine.
func reportCPUThroughput(b *testing.B, size int, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
}

// countingHandler is the cheapest possible Handler, so BenchmarkStreamUpdates
// measures the scanner alone.
type countingHandler struct{ rows, values int }

func (h *countingHandler) Meta(Meta) error { return nil }
func (h *countingHandler) Row(_ int64, v []float64) error {
	h.rows++
	h.values += len(v)
	return nil
}

// BenchmarkStreamUpdates bounds the streaming path (no result materialised)
// on the same payloads: the floor for any Handler-based consumer.
func BenchmarkStreamUpdates(b *testing.B) {
	payloads := loadBenchPayloads(b)
	for _, name := range benchFormats {
		p := payloads[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			cpu := processCPUTime()
			for b.Loop() {
				var h countingHandler
				if err := StreamUpdates(bytes.NewReader(p), &h); err != nil {
					b.Fatal(err)
				}
				benchSink = h.values
			}
			reportCPUThroughput(b, len(p), processCPUTime()-cpu)
		})
	}
}

// benchOut is where TestWriteBenchPayloads writes the payloads, for
// scripts/bench-rrd-xo.mjs to time other parsers on the very same bytes.
var benchOut = flag.String("out", "", "directory to write the benchmark payloads to (TestWriteBenchPayloads)")

// benchFileNames maps benchmark names to the files the script reads.
var benchFileNames = map[string]string{"xml": "rrd_updates.xml", "json5": "rrd_updates.json5", "jsonstrings": "rrd_updates.json"}

// TestWriteBenchPayloads writes the benchmark payloads when run with
// `go test ./pkg/rrd -run TestWriteBenchPayloads -args -out DIR`.
func TestWriteBenchPayloads(t *testing.T) {
	if *benchOut == "" {
		t.Skip("pass -args -out DIR to write the benchmark payloads")
	}
	if err := os.MkdirAll(*benchOut, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, p := range loadBenchPayloads(t) {
		if err := os.WriteFile(filepath.Join(*benchOut, benchFileNames[name]), p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBenchPayloadRoundTrip checks the benchmarked parse is also a correct
// one: every value of the 2,016 x 120 payload equals what the generator
// printed, in every format.
func TestBenchPayloadRoundTrip(t *testing.T) {
	gen := rrdgen.PoolHost(benchVMs, benchMetricsPerVM, benchRows, benchStep, benchEnd, benchSeed)
	for name, p := range loadBenchPayloads(t) {
		u, err := ParseUpdates(bytes.NewReader(p))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(u.Legends) != 16+benchVMs*benchMetricsPerVM || len(u.Timestamps) != benchRows {
			t.Fatalf("%s: %d columns x %d rows", name, len(u.Legends), len(u.Timestamps))
		}
		for k, row := range gen.Rows {
			i := benchRows - 1 - k // oldest first
			if u.Timestamps[i] != row.T {
				t.Fatalf("%s: timestamp %d = %d, want %d", name, i, u.Timestamps[i], row.T)
			}
			for c, v := range row.Values {
				want, _ := strconv.ParseFloat(string(rrdgen.AppendValue(nil, v)), 64)
				if got := u.Values[c][i]; got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
					t.Fatalf("%s: column %d row %d = %v, want %v", name, c, i, got, want)
				}
			}
		}
	}
}

package perfmon

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// genLog is an io.Reader producing a PDH-CSV log of `size` bytes (rounded up
// to whole rows) with `counters` columns, without holding it in memory: the
// header and a block of distinct rows are built once and the block repeats.
type genLog struct {
	header, block []byte
	pos           int
	emitted, size int64
	inHeader      bool
}

func newGenLog(counters int, size int64) *genLog {
	var h strings.Builder
	h.WriteString(`"(PDH-CSV 4.0) (Eastern Standard Time)(300)"`)
	for i := 0; i < counters; i++ {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&h, `,"\\EXMBX%02d\LogicalDisk(D%d:)\Avg. Disk sec/Read"`, i%8, i)
		case 1:
			fmt.Fprintf(&h, `,"\\EXMBX%02d\MSExchangeIS\RPC Averaged Latency %d"`, i%8, i)
		case 2:
			fmt.Fprintf(&h, `,"\\EXMBX%02d\Processor(%d)\%% Processor Time"`, i%8, i)
		default:
			fmt.Fprintf(&h, `,"\\EXMBX%02d\MSExchange Database ==> Instances(SG%d/DB)\I/O Database Reads Average Latency"`, i%8, i)
		}
	}
	h.WriteString("\r\n")
	var b strings.Builder
	for r := 0; r < 64; r++ {
		fmt.Fprintf(&b, `"11/25/2026 %02d:%02d:%02d.%03d"`, r/3600%24, r/60%60, r%60, r*7%1000)
		for i := 0; i < counters; i++ {
			if (r+i)%97 == 0 {
				b.WriteString(`," "`)
			} else {
				fmt.Fprintf(&b, `,"%.6f"`, float64((r*31+i*17)%100000)/1000)
			}
		}
		b.WriteString("\r\n")
	}
	return &genLog{header: []byte(h.String()), block: []byte(b.String()), size: size, inHeader: true}
}

// reset rewinds the generator so one template serves every iteration.
func (g *genLog) reset() { g.pos, g.emitted, g.inHeader = 0, 0, true }

func (g *genLog) Read(p []byte) (int, error) {
	if g.inHeader {
		n := copy(p, g.header[g.pos:])
		g.pos += n
		if g.pos == len(g.header) {
			g.inHeader, g.pos = false, 0
		}
		g.emitted += int64(n)
		return n, nil
	}
	if g.emitted >= g.size && g.pos == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.block[g.pos:])
	g.pos = (g.pos + n) % len(g.block)
	g.emitted += int64(n)
	return n, nil
}

var benchSink float64

func benchRead(b *testing.B, counters, selected int, size int64) {
	b.ReportAllocs()
	b.SetBytes(size)
	gen := newGenLog(counters, size) // built once: its fmt work is not the reader's
	for b.Loop() {
		gen.reset()
		r, err := NewReader(gen, Options{})
		if err != nil {
			b.Fatal(err)
		}
		cols := make([]int, selected)
		for i := range cols {
			cols[i] = i * (counters / selected)
		}
		if err := r.Select(cols); err != nil {
			b.Fatal(err)
		}
		for r.Next() {
			benchSink += r.Values()[0]
		}
		if r.Err() != nil || r.Stats().Skipped != 0 {
			b.Fatalf("err %v, stats %+v", r.Err(), r.Stats())
		}
	}
}

// BenchmarkReadCSV bounds the throughput of the streaming reader on a
// 300-counter log with 8 selected columns (a typical dashboard query): the
// target is 1 GB in under 5 s on one core (> 200 MB/s at -cpu 1).
func BenchmarkReadCSV(b *testing.B) { benchRead(b, 300, 8, 64<<20) }

// BenchmarkReadCSVAllColumns bounds the worst case where every one of the
// 300 columns is converted to a number.
func BenchmarkReadCSVAllColumns(b *testing.B) { benchRead(b, 300, 300, 64<<20) }

// BenchmarkReadCSV1GB streams a full 1 GiB generated log and reports the
// process's memory obtained from the OS (sys-MB) afterwards, which bounds the
// peak: memory must not grow with the file size.
func BenchmarkReadCSV1GB(b *testing.B) {
	benchRead(b, 300, 8, 1<<30)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MB")
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "heapsys-MB")
}

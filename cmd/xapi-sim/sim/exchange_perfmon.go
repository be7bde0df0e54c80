package sim

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Perfmon logs are PDH-CSV 4.0 as relog/logman write it (banner with time
// zone name and bias, every field quoted, CRLF, " " for a missing sample,
// MM/dd/yyyy HH:mm:ss.fff local time), the format pkg/perfmon/doc.go
// describes. The simulated servers run on UTC, printed as "(UTC)(0)", a
// banner seen in real files.
const perfmonBanner = "(PDH-CSV 4.0) (UTC)(0)"

// perfmonCounters are written for every server, in this order.
var perfmonCounters = []struct {
	path  string
	value func(x exchangeSample) float64
}{
	{`MSExchangeIS\RPC Averaged Latency`, func(x exchangeSample) float64 { return x.RPCLatencyMs }},
	{`MSExchangeIS\RPC Requests`, func(x exchangeSample) float64 { return x.RPCRequests }},
	{`MSExchangeIS\RPC Operations/sec`, func(x exchangeSample) float64 { return x.RPCOpsPerSec }},
	{`LogicalDisk(D:)\Avg. Disk sec/Read`, func(x exchangeSample) float64 { return x.DBReadSec }},
	{`LogicalDisk(D:)\Avg. Disk sec/Write`, func(x exchangeSample) float64 { return x.DBWriteSec }},
	{`LogicalDisk(D:)\Disk Transfers/sec`, func(x exchangeSample) float64 { return x.DBReadIOPS + x.DBWriteIOPS }},
	{`LogicalDisk(L:)\Avg. Disk sec/Read`, func(x exchangeSample) float64 { return x.LogReadSec }},
	{`LogicalDisk(L:)\Avg. Disk sec/Write`, func(x exchangeSample) float64 { return x.LogWriteSec }},
	{`LogicalDisk(L:)\Disk Transfers/sec`, func(x exchangeSample) float64 { return x.LogWriteIOPS + 0.5 }},
	{`Processor(_Total)\% Processor Time`, func(x exchangeSample) float64 { return x.CPUPercent }},
	{`Memory\Available MBytes`, func(x exchangeSample) float64 { return x.AvailableMB }},
	{`MSExchangeTransport Queues(_total)\Aggregate Delivery Queue Length (All Queues)`, func(x exchangeSample) float64 { return x.DeliveryQueue }},
}

// exchangeServer is one Exchange server the files describe.
type exchangeServer struct {
	name    string
	index   int // 0..3
	virtual bool
	file    *os.File
	w       *bufio.Writer
	fileEnd time.Time // when the current file rolls
}

// exchangeWriter writes perfmon logs and LoadGen results under a folder.
type exchangeWriter struct {
	s          *Server
	dir        string
	servers    []*exchangeServer
	nextSample time.Time
	runCursor  time.Time // start of the next run whose results are due
}

func newExchangeWriter(s *Server, dir string) (*exchangeWriter, error) {
	for _, sub := range []string{"perfmon", "loadgen"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("creating the Exchange log folder: %w (check --log-dir)", err)
		}
	}
	ew := &exchangeWriter{s: s, dir: dir, nextSample: s.started.Truncate(s.opts.PerfmonInterval), runCursor: s.started}
	if ew.nextSample.Before(s.started) {
		ew.nextSample = ew.nextSample.Add(s.opts.PerfmonInterval)
	}
	for i, n := range exchangeVMNames {
		ew.servers = append(ew.servers, &exchangeServer{name: n, index: i, virtual: true})
	}
	for i, n := range nativeServerNames {
		ew.servers = append(ew.servers, &exchangeServer{name: n, index: i})
	}
	return ew, nil
}

// catchUp writes every perfmon sample and finished run up to now.
func (ew *exchangeWriter) catchUp(now time.Time) error {
	var errs []error
	step := ew.s.opts.PerfmonInterval
	for ; !ew.nextSample.After(now); ew.nextSample = ew.nextSample.Add(step) {
		t := ew.nextSample
		in := ew.s.instantAt(t)
		for _, srv := range ew.servers {
			if err := ew.writeSample(srv, in, t); err != nil {
				errs = append(errs, err)
			}
		}
	}
	for _, srv := range ew.servers {
		if srv.w != nil {
			if err := srv.w.Flush(); err != nil {
				errs = append(errs, fmt.Errorf("perfmon %s: %w", srv.name, err))
			}
		}
	}
	for {
		run := ew.s.scen.phaseAt(ew.runCursor)
		if run.End.After(now) {
			break
		}
		if err := ew.writeRun(run); err != nil {
			errs = append(errs, err)
		}
		ew.runCursor = run.End
	}
	return errors.Join(errs...)
}

func (ew *exchangeWriter) writeSample(srv *exchangeServer, in *instant, t time.Time) error {
	if srv.w == nil || !t.Before(srv.fileEnd) {
		if err := ew.roll(srv, t); err != nil {
			return err
		}
	}
	x := ew.s.exchangeAt(in, srv.index, srv.virtual)
	b := make([]byte, 0, 256)
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, "01/02/2006 15:04:05.000")
	b = append(b, '"')
	for _, c := range perfmonCounters {
		b = append(b, ',', '"')
		if x.Up {
			b = strconv.AppendFloat(b, c.value(x), 'f', 6, 64)
		} else {
			b = append(b, ' ')
		}
		b = append(b, '"')
	}
	b = append(b, '\r', '\n')
	_, err := srv.w.Write(b)
	return err
}

// roll closes the current file and opens <SERVER>_<yyyyMMdd-HHmmss>.csv.
func (ew *exchangeWriter) roll(srv *exchangeServer, t time.Time) error {
	if srv.w != nil {
		if err := srv.w.Flush(); err != nil {
			return err
		}
		if err := srv.file.Close(); err != nil {
			return err
		}
	}
	dir := filepath.Join(ew.dir, "perfmon", srv.name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	name := filepath.Join(dir, fmt.Sprintf("%s_%s.csv", srv.name, t.UTC().Format("20060102-150405")))
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("perfmon log: %w", err)
	}
	srv.file, srv.w = f, bufio.NewWriterSize(f, 64<<10)
	roll := ew.s.opts.PerfmonRoll
	srv.fileEnd = t.Truncate(roll).Add(roll)
	b := []byte(`"` + perfmonBanner + `"`)
	for _, c := range perfmonCounters {
		b = append(b, `,"\\`+srv.name+`\`+c.path+`"`...)
	}
	b = append(b, '\r', '\n')
	_, err = srv.w.Write(b)
	return err
}

func (ew *exchangeWriter) close() error {
	var errs []error
	for _, srv := range ew.servers {
		if srv.w != nil {
			errs = append(errs, srv.w.Flush(), srv.file.Close())
			srv.w = nil
		}
	}
	return errors.Join(errs...)
}

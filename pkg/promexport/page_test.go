package promexport

import (
	"bytes"
	"compress/gzip"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// pageExporter holds series chosen to reach every branch of the page encoder: label
// values with quotes, backslashes, newlines and non-ASCII text, a family whose series
// have different label sets (perfmon's optional labels), and the values both formats
// write specially (0, -0, ±1, integers, NaN, ±Inf, tiny and huge numbers).
func pageExporter(t *testing.T) (*Exporter, *interner, map[string]float64) {
	t.Helper()
	e, err := New(Config{StaleAfter: time.Hour, exchangeOverride: true})
	if err != nil {
		t.Fatal(err)
	}
	in := &interner{}
	now := time.Now()
	want := map[string]float64{}
	add := func(v float64, name string, pairs ...string) {
		s := in.get(name, pairs...)
		e.latest.set(s, now.UnixMilli(), v, now)
		want[s.key] = v
	}
	add(0.25, FamHostCPU, LabelPool, "pool \"A\"", LabelHost, `xen\01`, LabelMetric, "cpu0", LabelUUID, "u1")
	add(1, FamHostCPU, LabelPool, "pool \"A\"", LabelHost, "xen02\nsecond line", LabelMetric, "cpu0", LabelUUID, "u2")
	add(0, FamHostCPU, LabelPool, "pool", LabelHost, "h", LabelMetric, "cpu1", LabelUUID, "u3")
	add(math.Copysign(0, -1), FamHostCPU, LabelPool, "pool", LabelHost, "h", LabelMetric, "cpu2", LabelUUID, "u3")
	add(-1, "xenbench_host_rrd_value", LabelPool, "pool", LabelHost, "h", LabelMetric, "odd", LabelUUID, "u3")
	add(42, "xenbench_host_rrd_value", LabelPool, "pool", LabelHost, "h", LabelMetric, "int", LabelUUID, "u3")
	add(math.NaN(), "xenbench_host_rrd_value", LabelPool, "pool", LabelHost, "h", LabelMetric, "nan", LabelUUID, "u3")
	add(math.Inf(1), "xenbench_host_rrd_value", LabelPool, "pool", LabelHost, "h", LabelMetric, "inf", LabelUUID, "u3")
	add(math.Inf(-1), "xenbench_host_rrd_value", LabelPool, "pool", LabelHost, "h", LabelMetric, "-inf", LabelUUID, "u3")
	add(1.5e-7, FamVMDiskLatency, LabelPool, "pool", LabelHost, "h", LabelVM, "Exchange – DB01", LabelMetric, "vbd_xvda_read_latency", LabelUUID, "v1")
	add(123456789012, "xenbench_vm_memory_bytes", LabelPool, "pool", LabelHost, "h", LabelVM, "Exchange – DB01", LabelMetric, "memory", LabelUUID, "v1")
	add(1e21, "xenbench_vm_memory_bytes", LabelPool, "pool", LabelHost, "h", LabelVM, "big", LabelMetric, "memory", LabelUUID, "v2")
	add(0.004, FamCounterSecs, LabelServer, "EX01", LabelObject, "LogicalDisk", LabelCounter, "Avg. Disk sec/Read", LabelPlatform, "virtual", LabelInstance, `D:\`, LabelVolumeRole, "database")
	add(0.002, FamCounterSecs, LabelServer, "EX01", LabelObject, "MSExchangeIS", LabelCounter, "RPC Averaged Latency", LabelPlatform, "virtual")
	add(0.003, FamCounterSecs, LabelServer, "EX02", LabelObject, "LogicalDisk", LabelCounter, "Avg. Disk sec/Read", LabelPlatform, "native", LabelInstance, "E:", LabelHost, "h")
	add(3, FamLoadgenCount, LabelWorkload, "mail", LabelPlatform, "native", LabelServer, "EX02", LabelTask, "SendMail", LabelRun, "r1")
	return e, in, want
}

// clientGolangWrites encodes the latest table as client_golang does: Gather over the
// table as a Collector, then expfmt's encoder for the format.
func clientGolangWrites(t *testing.T, e *Exporter, f expfmt.Format) []byte {
	t.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(e.latest)
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := expfmt.NewEncoder(&b, f)
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

func TestPageIsWhatClientGolangWrites(t *testing.T) {
	e, in, _ := pageExporter(t)
	for _, c := range []struct {
		pf pageFormat
		f  expfmt.Format
	}{{formatText, expfmt.NewFormat(expfmt.TypeTextPlain)}, {formatOpenMetrics, expfmt.NewFormat(expfmt.TypeOpenMetrics)}} {
		want := clientGolangWrites(t, e, c.f)
		got := e.latest.page(c.pf).raw
		if !bytes.Equal(got, want) {
			t.Errorf("%s: page differs from client_golang's encoding\n--- page\n%s\n--- client_golang\n%s", c.f, got, want)
		}
	}
	// A new value and a new series reach the next page (the cache is per change).
	now := time.Now()
	e.latest.set(in.get(FamHostCPU, LabelPool, "pool", LabelHost, "h", LabelMetric, "cpu1", LabelUUID, "u3"), now.UnixMilli()+1, 0.75, now)
	e.latest.set(in.get(FamHostCPU, LabelPool, "pool", LabelHost, "h", LabelMetric, "cpu9", LabelUUID, "u3"), now.UnixMilli()+1, 0.5, now)
	got := string(e.latest.page(formatText).raw)
	if want := string(clientGolangWrites(t, e, expfmt.NewFormat(expfmt.TypeTextPlain))); got != want {
		t.Fatalf("page after a refresh differs from client_golang's encoding\n--- page\n%s\n--- client_golang\n%s", got, want)
	}
	if !strings.Contains(got, `metric="cpu1",pool="pool",uuid="u3"} 0.75`) || !strings.Contains(got, `metric="cpu9"`) {
		t.Fatalf("the page kept old values:\n%s", got)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                         false,
		"gzip":                     true,
		"deflate, GZIP;q=0.5":      true,
		"gzip;q=0":                 false,
		"gzip; q=0.0, *":           false,
		"*":                        true,
		"*;q=0":                    false,
		"identity":                 false,
		"br, zstd":                 false,
		"x-gzip":                   false,
		"identity;q=1, *;q=0.001":  true,
		"gzip;q=0.001 , identity ": true,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

// TestMetricsNegotiatesFormatAndEncoding asks /metrics the way Prometheus, curl and
// client_golang-based scrapers do, with and without gzip, and reads every answer back
// with the Prometheus libraries.
func TestMetricsNegotiatesFormatAndEncoding(t *testing.T) {
	e, _, want := pageExporter(t)
	e.m.sent.Add(7)
	h := e.Handler()
	for _, c := range []struct {
		name, accept string
		wantType     expfmt.FormatType
	}{
		{"no Accept (curl)", "", expfmt.TypeTextPlain},
		{"text", "text/plain;version=0.0.4", expfmt.TypeTextPlain},
		{"Prometheus 2.42", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", expfmt.TypeOpenMetrics},
		{"OpenMetrics 0.0.1", "application/openmetrics-text;version=0.0.1", expfmt.TypeOpenMetrics},
		{"protobuf first", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.9,text/plain;version=0.0.4;q=0.5", expfmt.TypeProtoDelim},
	} {
		for _, gz := range []bool{false, true} {
			name := c.name
			if gz {
				name += ", gzip"
			}
			t.Run(name, func(t *testing.T) {
				req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
				if c.accept != "" {
					req.Header.Set("Accept", c.accept)
				}
				if gz {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					t.Fatalf("HTTP %d: %s", rec.Code, rec.Body.String())
				}
				ct := rec.Header().Get("Content-Type")
				if got := expfmt.Format(ct).FormatType(); got != c.wantType {
					t.Fatalf("Content-Type %q, want format type %d", ct, c.wantType)
				}
				if want := string(expfmt.NegotiateAccept(req.Header, expfmt.DefaultOpenMetricsAcceptedFormats()...)); ct != want {
					t.Fatalf("Content-Type %q, promhttp would say %q", ct, want)
				}
				body := rec.Body.Bytes()
				if gz != (rec.Header().Get("Content-Encoding") == "gzip") {
					t.Fatalf("Content-Encoding %q with gzip asked: %v", rec.Header().Get("Content-Encoding"), gz)
				}
				if gz {
					body = gunzipOneMember(t, body)
				} else if cl := rec.Header().Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(body)) {
					t.Fatalf("Content-Length %s, body %d bytes", cl, len(body))
				}
				got := readExposition(t, body, expfmt.Format(ct))
				for key, v := range want {
					g, ok := got[key]
					if !ok {
						t.Errorf("series %q missing", strings.ReplaceAll(key, "\x00", " "))
					} else if g != v && !(math.IsNaN(g) && math.IsNaN(v)) {
						t.Errorf("series %q = %v, want %v", strings.ReplaceAll(key, "\x00", " "), g, v)
					}
				}
				if got["__name__\x00xenbench_exporter_samples_sent_total\x00"] != 7 {
					t.Errorf("the exporter's own counter is missing or wrong: %v", got["__name__\x00xenbench_exporter_samples_sent_total\x00"])
				}
				if _, ok := got["__name__\x00go_goroutines\x00"]; !ok {
					t.Error("go_goroutines missing")
				}
			})
		}
	}
}

// gunzipOneMember decompresses a gzip body that must be exactly one member (some
// clients stop after the first), checking its CRC and size.
func gunzipOneMember(t *testing.T, body []byte) []byte {
	t.Helper()
	r := bytes.NewReader(body)
	zr, err := gzip.NewReader(r)
	if err != nil {
		t.Fatalf("gzip header: %v", err)
	}
	zr.Multistream(false)
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip body: %v", err)
	}
	if r.Len() != 0 {
		t.Fatalf("%d bytes after the gzip member", r.Len())
	}
	return out
}

// readExposition parses a /metrics body with the Prometheus libraries into series key
// → value: the text format with expfmt's parser, protobuf with its decoder, and
// OpenMetrics (which expfmt does not parse) after checking its framing, by rewriting
// its counter TYPE lines to the text format's and dropping # EOF. The real parser of
// OpenMetrics runs in tests/prometheus (Prometheus scraping the exporter).
func readExposition(t *testing.T, body []byte, f expfmt.Format) map[string]float64 {
	t.Helper()
	var mfs []*dto.MetricFamily
	switch f.FormatType() {
	case expfmt.TypeProtoDelim:
		dec := expfmt.NewDecoder(bytes.NewReader(body), f)
		for {
			var mf dto.MetricFamily
			if err := dec.Decode(&mf); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("protobuf: %v", err)
			}
			mfs = append(mfs, &mf)
		}
	case expfmt.TypeOpenMetrics:
		text := string(body)
		if !strings.HasSuffix(text, "\n# EOF\n") || strings.Count(text, "# EOF") != 1 {
			t.Fatalf("OpenMetrics body does not end with exactly one # EOF line:\n...%s", text[max(0, len(text)-200):])
		}
		seen := map[string]bool{}
		current := ""
		var lines []string
		for _, line := range strings.Split(strings.TrimSuffix(text, "# EOF\n"), "\n") {
			if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
				name, _, _ := strings.Cut(rest, " ")
				// client_golang's Go collector writes go_memstats_alloc_bytes both as a gauge
				// and (as go_memstats_alloc_bytes_total) a counter, one OpenMetrics name; not
				// ours to fix, and Prometheus accepts it.
				if seen[name] && strings.HasPrefix(name, "xenbench_") {
					t.Fatalf("OpenMetrics family %s appears twice (families must not interleave)", name)
				}
				seen[name], current = true, name
				continue
			}
			if strings.HasPrefix(line, "#") {
				// HELP and UNIT; the text parser reads the samples as untyped.
				continue
			}
			if line != "" && !strings.HasPrefix(line, current) {
				t.Fatalf("OpenMetrics sample %q outside its family %s", line, current)
			}
			lines = append(lines, line)
		}
		body = []byte(strings.Join(lines, "\n"))
		fallthrough
	default:
		p := expfmt.NewTextParser(model.LegacyValidation)
		byName, err := p.TextToMetricFamilies(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, mf := range byName {
			mfs = append(mfs, mf)
		}
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.Metric {
			pairs := []string{}
			for _, l := range m.Label {
				pairs = append(pairs, l.GetName(), l.GetValue())
			}
			var v float64
			switch {
			case m.Gauge != nil:
				v = m.Gauge.GetValue()
			case m.Counter != nil:
				v = m.Counter.GetValue()
			case m.Untyped != nil:
				v = m.Untyped.GetValue()
			default:
				continue
			}
			out[newSeries(mf.GetName(), pairs...).key] = v
		}
	}
	return out
}

// TestScrapesDuringRefreshes: scrapes (plain and gzip, both formats) running while
// values and series change get a whole, readable page each time (run with -race).
func TestScrapesDuringRefreshes(t *testing.T) {
	e, in, _ := pageExporter(t)
	h := e.Handler()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			now := time.Now()
			e.latest.set(in.get(FamHostCPU, LabelPool, "pool", LabelHost, "h", LabelMetric, "cpu"+strconv.Itoa(i%50), LabelUUID, "u3"), now.UnixMilli(), float64(i), now)
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 30; i++ {
				req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
				if i%2 == 0 {
					req.Header.Set("Accept", "application/openmetrics-text;version=1.0.0")
				}
				gz := i%3 == 0
				if gz {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					t.Errorf("HTTP %d", rec.Code)
					return
				}
				body := rec.Body.Bytes()
				if gz {
					body = gunzipOneMember(t, body)
				}
				if got := readExposition(t, body, expfmt.Format(rec.Header().Get("Content-Type"))); len(got) < 10 {
					t.Errorf("a page with %d series", len(got))
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-done
}

// FuzzAcceptsGzip: any Accept-Encoding header is read without a panic, and coding
// names and the q parameter are case-insensitive (RFC 9110).
func FuzzAcceptsGzip(f *testing.F) {
	for _, h := range []string{"", "gzip", "gzip;q=0", "*;q=0.5, gzip;q=0", "deflate, br;q=1.0, GZIP; Q=0.001", ";;,,=q", "gzip;q=1e-3", "gzip;q=NaN"} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		got := acceptsGzip(h)
		if up := acceptsGzip(strings.ToUpper(h)); up != got {
			t.Fatalf("acceptsGzip(%q) = %v but %v in upper case", h, got, up)
		}
	})
}

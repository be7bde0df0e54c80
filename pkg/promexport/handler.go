package promexport

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"net/http"
	"strconv"
	"strings"

	"github.com/klauspost/compress/flate"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/expfmt"
)

// maxScrapesInFlight bounds concurrent /metrics requests, as promhttp's
// MaxRequestsInFlight did before.
const maxScrapesInFlight = 4

// Handler serves /metrics. The format is negotiated as promhttp does (OpenMetrics when
// the scraper asks for it, else the text format); the pool's families come from the
// page encoded once per refresh, the exporter's own (xenbench_exporter_*, go_*,
// process_*) are gathered through client_golang at each scrape and follow them. A
// scraper that prefers protobuf gets it from promhttp over the same collectors.
// Every call returns the same handler, so the in-flight bound holds across callers.
func (e *Exporter) Handler() http.Handler {
	e.handlerOnce.Do(func() { e.handler = e.newHandler() })
	return e.handler
}

func (e *Exporter) newHandler() http.Handler {
	errLog := slogPrinter{e.log}
	pool := prometheus.NewRegistry()
	pool.MustRegister(e.latest)
	protobuf := promhttp.HandlerFor(prometheus.Gatherers{e.reg, pool}, promhttp.HandlerOpts{EnableOpenMetrics: true, ErrorLog: errLog})
	inFlight := make(chan struct{}, maxScrapesInFlight)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case inFlight <- struct{}{}:
			defer func() { <-inFlight }()
		default:
			http.Error(w, fmt.Sprintf("Limit of concurrent requests reached (%d), try again later.", maxScrapesInFlight), http.StatusServiceUnavailable)
			return
		}
		format := expfmt.NegotiateAccept(r.Header, expfmt.DefaultOpenMetricsAcceptedFormats()...)
		var pf pageFormat
		switch format.FormatType() {
		case expfmt.TypeTextPlain:
			pf = formatText
		case expfmt.TypeOpenMetrics:
			pf = formatOpenMetrics
		default:
			protobuf.ServeHTTP(w, r)
			return
		}
		self, err := e.reg.Gather()
		if err != nil {
			errLog.Println("error gathering metrics:", err)
			http.Error(w, "An error has occurred while serving metrics:\n\n"+err.Error(), http.StatusInternalServerError)
			return
		}
		var tail bytes.Buffer
		enc := expfmt.NewEncoder(&tail, format)
		for _, mf := range self {
			if err := enc.Encode(mf); err != nil {
				errLog.Println("error encoding metric family:", err)
				http.Error(w, "An error has occurred while serving metrics:\n\n"+err.Error(), http.StatusInternalServerError)
				return
			}
		}
		if c, ok := enc.(expfmt.Closer); ok {
			_ = c.Close() // OpenMetrics' final # EOF line
		}
		p := e.latest.page(pf)
		h := w.Header()
		h.Set("Content-Type", string(format))
		h.Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.Set("Content-Length", strconv.Itoa(len(p.raw)+tail.Len()))
			_, _ = w.Write(p.raw)
			_, _ = w.Write(tail.Bytes())
			return
		}
		p.deflate()
		body := gzipAfter(p, tail.Bytes())
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(body)+len(p.deflated)))
		_, _ = w.Write(body[:gzipHeaderLen])
		_, _ = w.Write(p.deflated)
		_, _ = w.Write(body[gzipHeaderLen:])
	})
}

const gzipHeaderLen = 10

// gzipAfter returns a gzip member's header, then (after the page's deflated blocks,
// which the caller writes in between) tail's blocks ending in the final one, and the
// trailer: the CRC-32 and size of page and tail together (RFC 1952).
func gzipAfter(p *page, tail []byte) []byte {
	var b bytes.Buffer
	// ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=unknown
	b.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	fw, _ := flate.NewWriter(&b, flate.BestSpeed)
	_, _ = fw.Write(tail)
	_ = fw.Close()
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], crc32.Update(p.crc, crc32.IEEETable, tail))
	binary.LittleEndian.PutUint32(trailer[4:], uint32(len(p.raw)+len(tail)))
	b.Write(trailer[:])
	return b.Bytes()
}

// acceptsGzip reads Accept-Encoding (RFC 9110 12.5.3): gzip with a q above 0, or,
// when gzip is not named, * with a q above 0.
func acceptsGzip(header string) bool {
	gzipQ, anyQ := -1.0, -1.0
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		q := 1.0
		for _, param := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(param), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		if coding == "gzip" {
			gzipQ = q
		} else {
			anyQ = q
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return anyQ > 0
}

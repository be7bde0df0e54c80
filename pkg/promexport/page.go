package promexport

import (
	"bytes"
	"hash/crc32"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/flate"
)

// The pool's part of /metrics is encoded by hand, once per change of the latest-value
// table, instead of through client_golang's const metrics: those cost ~25 allocations
// per series on every scrape (751k for the 64-host pool), which made a scrape of 30k
// series take seconds on a loaded machine and Prometheus's 5 s scrapes time out. The
// data only changes once per refresh, so a scrape now copies bytes (and, for gzip,
// bytes compressed once per refresh). The output is byte for byte what client_golang's
// encoders write for the same families (TestPageIsWhatClientGolangWrites).

// pageFormat is one of the two text formats the page is kept in.
type pageFormat int

const (
	formatText        pageFormat = iota // text/plain; version=0.0.4
	formatOpenMetrics                   // application/openmetrics-text (without the # EOF line)
	numPageFormats
)

// page is the encoded pool families in one format, and the same bytes compressed as
// raw deflate blocks ending in a sync flush: a gzip response is its header, these
// blocks, the self metrics' blocks and a trailer whose CRC continues from crc.
type page struct {
	raw []byte

	gzipOnce sync.Once
	deflated []byte
	crc      uint32
}

// deflate compresses raw once (at the first gzip scrape of this page).
func (p *page) deflate() {
	p.gzipOnce.Do(func() {
		var b bytes.Buffer
		b.Grow(len(p.raw) / 6)
		// BestSpeed: the pool's text compresses ~10:1 at it, and the page is rebuilt every
		// refresh.
		fw, _ := flate.NewWriter(&b, flate.BestSpeed)
		_, _ = fw.Write(p.raw)
		// A sync flush ends on a byte boundary without a final block, so more blocks can
		// follow.
		_ = fw.Flush()
		p.deflated = b.Bytes()
		p.crc = crc32.ChecksumIEEE(p.raw)
	})
}

// sortSeries orders series as client_golang's Gather does: by family name, then (in
// a family) by the number of labels, then by label values in label-name order.
func sortSeries(ss []*Series) {
	slices.SortFunc(ss, func(a, b *Series) int {
		if c := strings.Compare(a.Name(), b.Name()); c != 0 {
			return c
		}
		if len(a.Labels) != len(b.Labels) {
			return len(a.Labels) - len(b.Labels)
		}
		for i := 1; i < len(a.Labels); i++ {
			if c := strings.Compare(a.Labels[i].Value, b.Labels[i].Value); c != 0 {
				return c
			}
		}
		return 0
	})
}

// skeleton is the constant part of a page in one format: the HELP and TYPE lines and
// every series' name{labels} followed by a space, in page order; ends[i] is where
// series i's part ends, so a page is the skeleton with each value and a newline put
// in at those points. It changes only when the series set does.
type skeleton struct {
	text []byte
	ends []int
}

func buildSkeleton(f pageFormat, sorted []*Series, help map[string]string) *skeleton {
	sk := &skeleton{ends: make([]int, len(sorted))}
	family := ""
	for i, s := range sorted {
		if name := s.Name(); name != family {
			family = name
			sk.text = append(sk.text, "# HELP "...)
			sk.text = append(sk.text, name...)
			sk.text = append(sk.text, ' ')
			sk.text = appendEscaped(sk.text, help[name], f == formatOpenMetrics)
			sk.text = append(sk.text, "\n# TYPE "...)
			sk.text = append(sk.text, name...)
			sk.text = append(sk.text, " gauge\n"...)
		}
		if s.exposition != nil {
			sk.text = append(sk.text, s.exposition...)
		} else {
			sk.text = appendExposition(sk.text, s)
		}
		sk.text = append(sk.text, ' ')
		sk.ends[i] = len(sk.text)
	}
	return sk
}

// encodePage writes the sorted series (those sk was built from) with their values:
// gauges without timestamps.
func encodePage(dst []byte, f pageFormat, sk *skeleton, values []float64) []byte {
	prev := 0
	for i, end := range sk.ends {
		dst = append(dst, sk.text[prev:end]...)
		dst = appendValue(dst, values[i], f)
		dst = append(dst, '\n')
		prev = end
	}
	return dst
}

// appendExposition writes a series' name and labels as both text formats have them:
// name{label="value",...}, values escaped (\\, \n, \"). The names are the catalog's
// and pkg/contract's, all valid legacy Prometheus names, so they need no quoting.
func appendExposition(dst []byte, s *Series) []byte {
	dst = append(dst, s.Name()...)
	for i, l := range s.Labels[1:] {
		if i == 0 {
			dst = append(dst, '{')
		} else {
			dst = append(dst, ',')
		}
		dst = append(dst, l.Name...)
		dst = append(dst, '=', '"')
		dst = appendEscaped(dst, l.Value, true)
		dst = append(dst, '"')
	}
	if len(s.Labels) > 1 {
		dst = append(dst, '}')
	}
	return dst
}

// appendEscaped escapes a label value (quote) or a text-format HELP (no quote);
// OpenMetrics escapes the quote in HELP too.
func appendEscaped(dst []byte, v string, quote bool) []byte {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\':
			dst = append(dst, '\\', '\\')
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '"' && quote:
			dst = append(dst, '\\', '"')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// appendValue formats a float as the two formats do: the shortest representation
// that reads back exactly; OpenMetrics adds ".0" to integers.
func appendValue(dst []byte, v float64, f pageFormat) []byte {
	switch {
	case math.IsNaN(v):
		return append(dst, "NaN"...)
	case math.IsInf(v, +1):
		return append(dst, "+Inf"...)
	case math.IsInf(v, -1):
		return append(dst, "-Inf"...)
	case v == 0:
		// Also -0, which both encoders write as 0.
		v = 0
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, v, 'g', -1, 64)
	if f == formatOpenMetrics && !bytes.ContainsAny(dst[start:], "e.") {
		dst = append(dst, '.', '0')
	}
	return dst
}

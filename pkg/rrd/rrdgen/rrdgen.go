// Package rrdgen writes synthetic RRD payloads byte-for-byte in the shapes
// xapi produces, for tests, fixtures and benchmarks of package rrd (and for
// anything else that needs to speak like a XenServer host).
//
// Shapes are taken from xapi-project/xen-api:
//   - rrd_updates XML: ocaml/libs/xapi-rrd/lib/rrd_updates.ml xml_of (Xmlm
//     output: no whitespace between elements; the leading XML declaration is
//     what Xmlm's `Dtd signal is expected to produce, not checked here);
//   - strict JSON: rrd_updates.ml json_of_t with rrd.ml module Json (Yojson,
//     every number a string);
//   - old JSON5-like text: xapi-project/xcp-rrd lib/rrd_updates.ml json_of_t;
//   - dump XML: rrd.ml xml_to_output.
//
// Values are formatted like rrd_utils.ml f_to_s ("%0.5g", NaN, Infinity,
// -Infinity, 0.0); xapi 25.3 and later print 15 significant digits (Updates.Digits).
// The xenbench simulator serves its rrd_updates through these writers too.
package rrdgen

import (
	"bufio"
	"io"
	"math"
	"strconv"
)

// Updates is an rrd_updates payload to write. Rows are in wire order,
// newest first, as xapi sends them.
type Updates struct {
	Start, Step, End int64
	Legends          []string
	Rows             []Row
	// Digits is the number of significant digits values are printed with: 0 means 5,
	// as xapi before 25.3 (rrd_utils.ml f_to_s); 25.3 and later use 15.
	Digits int
}

func (u Updates) digits() int { return significantDigits(u.Digits) }

// significantDigits applies the default of Updates.Digits and Dump.Digits: 5, as xapi
// before 25.3 prints values.
func significantDigits(n int) int {
	if n <= 0 {
		return 5
	}
	return n
}

// Row is one timestamp and one value per legend entry.
type Row struct {
	T      int64
	Values []float64
}

// AppendValue appends v the way xapi prints it (rrd_utils.ml f_to_s).
func AppendValue(b []byte, v float64) []byte { return AppendValueDigits(b, v, significantDigits(0)) }

// AppendValueDigits appends v with the given number of significant digits.
func AppendValueDigits(b []byte, v float64, digits int) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, 1):
		return append(b, "Infinity"...)
	case math.IsInf(v, -1):
		return append(b, "-Infinity"...)
	case v == 0:
		return append(b, "0.0"...)
	}
	// Go's 'g' with a precision matches C's "%0.<digits>g", including the
	// two-digit exponent ("8.5899e+09").
	return strconv.AppendFloat(b, v, 'g', digits, 64)
}

// WriteXML writes u as rrd_updates XML.
func WriteXML(w io.Writer, u Updates) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	b := make([]byte, 0, 256)
	d := u.digits()
	b = append(b, `<?xml version="1.0" encoding="UTF-8"?><xport><meta><start>`...)
	b = strconv.AppendInt(b, u.Start, 10)
	b = append(b, "</start><step>"...)
	b = strconv.AppendInt(b, u.Step, 10)
	b = append(b, "</step><end>"...)
	b = strconv.AppendInt(b, u.End, 10)
	b = append(b, "</end><rows>"...)
	b = strconv.AppendInt(b, int64(len(u.Rows)), 10)
	b = append(b, "</rows><columns>"...)
	b = strconv.AppendInt(b, int64(len(u.Legends)), 10)
	b = append(b, "</columns><legend>"...)
	for _, l := range u.Legends {
		b = append(b, "<entry>"...)
		b = append(b, l...)
		b = append(b, "</entry>"...)
	}
	b = append(b, "</legend></meta><data>"...)
	bw.Write(b)
	for _, r := range u.Rows {
		b = append(b[:0], "<row><t>"...)
		b = strconv.AppendInt(b, r.T, 10)
		b = append(b, "</t>"...)
		for _, v := range r.Values {
			b = append(b, "<v>"...)
			b = AppendValueDigits(b, v, d)
			b = append(b, "</v>"...)
		}
		b = append(b, "</row>"...)
		bw.Write(b)
	}
	bw.WriteString("</data></xport>")
	return bw.Flush()
}

// WriteJSON5 writes u as the old hand-built JSON5-like text (xapi < 23.31).
// Like the original, it needs at least one row: xapi indexed data.(len-1).
func WriteJSON5(w io.Writer, u Updates) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	b := make([]byte, 0, 256)
	d := u.digits()
	b = append(b, "{meta: {start:"...)
	b = strconv.AppendInt(b, u.Start, 10)
	b = append(b, ",step:"...)
	b = strconv.AppendInt(b, u.Step, 10)
	b = append(b, ",end:"...)
	b = strconv.AppendInt(b, u.End, 10)
	b = append(b, ",rows:"...)
	b = strconv.AppendInt(b, int64(len(u.Rows)), 10)
	b = append(b, ",columns:"...)
	b = strconv.AppendInt(b, int64(len(u.Legends)), 10)
	b = append(b, ",legend:["...)
	for i, l := range u.Legends {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, l...)
		b = append(b, '"')
	}
	b = append(b, "]},data:["...)
	bw.Write(b)
	for i, r := range u.Rows {
		b = b[:0]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "{t:"...)
		b = strconv.AppendInt(b, r.T, 10)
		b = append(b, ",values:["...)
		for j, v := range r.Values {
			if j > 0 {
				b = append(b, ',')
			}
			b = AppendValueDigits(b, v, d)
		}
		b = append(b, "]}"...)
		bw.Write(b)
	}
	bw.WriteString("]}")
	return bw.Flush()
}

// WriteJSONStrings writes u as the strict JSON of xapi 23.31+ (every number a
// string). dataInMeta reproduces the master-only bug fixed by xen-api PR
// #5456, where "data" was nested inside "meta".
func WriteJSONStrings(w io.Writer, u Updates, dataInMeta bool) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	b := make([]byte, 0, 256)
	d := u.digits()
	b = append(b, `{"meta":{"start":"`...)
	b = strconv.AppendInt(b, u.Start, 10)
	b = append(b, `","step":"`...)
	b = strconv.AppendInt(b, u.Step, 10)
	b = append(b, `","end":"`...)
	b = strconv.AppendInt(b, u.End, 10)
	b = append(b, `","rows":"`...)
	b = strconv.AppendInt(b, int64(len(u.Rows)), 10)
	b = append(b, `","columns":"`...)
	b = strconv.AppendInt(b, int64(len(u.Legends)), 10)
	b = append(b, `","legend":[`...)
	for i, l := range u.Legends {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, l)
	}
	if dataInMeta {
		b = append(b, `],"data":[`...)
	} else {
		b = append(b, `]},"data":[`...)
	}
	bw.Write(b)
	for i, r := range u.Rows {
		b = b[:0]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"t":"`...)
		b = strconv.AppendInt(b, r.T, 10)
		b = append(b, `","values":[`...)
		for j, v := range r.Values {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = AppendValueDigits(b, v, d)
			b = append(b, '"')
		}
		b = append(b, "]}"...)
		bw.Write(b)
	}
	if dataInMeta {
		bw.WriteString("]}}")
	} else {
		bw.WriteString("]}")
	}
	return bw.Flush()
}

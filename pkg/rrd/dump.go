package rrd

import (
	"io"
	"math"
)

// Dump is a full RRD as GET /host_rrd and /vm_rrd return it: the
// rrdtool-dump-like document of xen-api ocaml/libs/xapi-rrd/lib/rrd.ml
// xml_to_output (or, with json=true, rrd.ml module Json).
type Dump struct {
	Version    string // "0003"
	Step       int64  // seconds per primary data point
	LastUpdate int64  // unix seconds
	// LastUpdateRounded is true when lastupdate came as a float with fewer
	// significant digits than a unix time needs: the JSON dump prints it with
	// "%0.5g" (rrd.ml Json.rrd: ("lastupdate", float x.last_updated)), e.g.
	// "1.7641e+09", so LastUpdate and every RRA timestamp may be off by up to
	// half a day. Prefer the XML dump when timestamps matter.
	LastUpdateRounded bool
	DataSources       []DataSource
	RRAs              []RRA
}

// DataSource is one <ds> of a dump (rrd.ml type ds).
type DataSource struct {
	Name             string
	Type             string // GAUGE, ABSOLUTE or DERIVE
	MinimalHeartbeat float64
	Min, Max         float64 // -Infinity / Infinity when unbounded
	Last             float64 // last_ds: the last raw value (NaN if unknown)
	Value            float64 // current PDP accumulator
	UnknownSec       float64
}

// RRA is one round-robin archive of a dump.
type RRA struct {
	CF        string // AVERAGE, MIN, MAX or LAST
	PDPPerRow int
	XFF       float64
	// Step is the archive's row interval: the dump's step x PDPPerRow.
	Step    int64
	CDPPrep []CDPPrep
	// Timestamps are the row times, ascending. xapi writes the database
	// oldest row first and the newest row is the last complete CDP, at
	// lastupdate rounded down to Step (rrd.ml get_times; the same rule
	// rrd_updates.ml create uses for rrd_updates' end).
	Timestamps []int64
	Values     [][]float64 // Values[data source][row], oldest first
}

// CDPPrep is the consolidation scratch state of one data source in an RRA.
type CDPPrep struct {
	Value             float64
	UnknownDatapoints int
}

// ParseDump decodes a full RRD dump, XML or JSON (sniffed), validating that
// every database row has one value per data source.
func ParseDump(r io.Reader) (*Dump, error) {
	s := newScanner(r)
	defer s.release()
	f, err := s.sniff()
	if err != nil {
		return nil, err
	}
	b := &dumpBuilder{s: s}
	if f == FormatXML {
		err = b.parseXML()
	} else {
		err = b.parseJSON()
	}
	if err != nil {
		return nil, err
	}
	return b.finish()
}

// dumpBuilder accumulates a Dump; RRA rows are kept row-major until the end.
type dumpBuilder struct {
	s        *scanner
	d        Dump
	seenStep bool
	seenLast bool
	flat     [][]float64 // per RRA: row-major values
	rows     []int       // per RRA: row count
}

// setLastUpdate accepts xapi's integer (XML) or %0.5g float (JSON) form.
func (b *dumpBuilder) setLastUpdate(text []byte) error {
	text = trimSpace(text)
	if v, ok := parseInt(text); ok {
		b.d.LastUpdate, b.seenLast = v, true
		return nil
	}
	f, ok := parseFloat(text)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 1<<62 {
		return b.s.errf("lastupdate is %q; expected unix seconds", printablePrefix(text))
	}
	b.d.LastUpdate, b.seenLast = int64(f), true
	b.d.LastUpdateRounded = true
	return nil
}

func (b *dumpBuilder) setStep(text []byte) error {
	v, ok := parseInt(trimSpace(text))
	if !ok || v <= 0 || v > 1<<32 {
		return b.s.errf("step is %q; expected a positive number of seconds", printablePrefix(text))
	}
	b.d.Step, b.seenStep = v, true
	return nil
}

// startRRA opens a new archive.
func (b *dumpBuilder) startRRA() *RRA {
	b.d.RRAs = append(b.d.RRAs, RRA{})
	b.flat = append(b.flat, nil)
	b.rows = append(b.rows, 0)
	return &b.d.RRAs[len(b.d.RRAs)-1]
}

// addRow appends one database row of the current RRA after checking its width.
func (b *dumpBuilder) addRow(values []float64) error {
	i := len(b.d.RRAs) - 1
	if len(values) != len(b.d.DataSources) {
		return b.s.wrapf(ErrLegendMismatch, "rra %d row %d has %d values but the RRD has %d data sources", i, b.rows[i], len(values), len(b.d.DataSources))
	}
	b.flat[i] = append(b.flat[i], values...)
	b.rows[i]++
	return nil
}

func (b *dumpBuilder) checkCDPPrep(r *RRA) error {
	if len(r.CDPPrep) != len(b.d.DataSources) {
		return b.s.wrapf(ErrLegendMismatch, "rra %d cdp_prep has %d entries but the RRD has %d data sources", len(b.d.RRAs)-1, len(r.CDPPrep), len(b.d.DataSources))
	}
	return nil
}

// finish checks required fields, transposes rows and computes timestamps.
func (b *dumpBuilder) finish() (*Dump, error) {
	if !b.seenStep || !b.seenLast {
		return nil, b.s.errf("the RRD has no step or lastupdate")
	}
	for i := range b.d.RRAs {
		r := &b.d.RRAs[i]
		if r.PDPPerRow <= 0 || r.PDPPerRow > 1<<24 {
			return nil, b.s.errf("rra %d has pdp_per_row %d; expected a positive count", i, r.PDPPerRow)
		}
		r.Step = b.d.Step * int64(r.PDPPerRow)
		n, cols := b.rows[i], len(b.d.DataSources)
		newest := b.d.LastUpdate / r.Step * r.Step
		r.Timestamps = make([]int64, n)
		for k := range r.Timestamps {
			r.Timestamps[k] = newest - int64(n-1-k)*r.Step
		}
		backing := make([]float64, n*cols)
		r.Values = make([][]float64, cols)
		flat := b.flat[i]
		for c := range r.Values {
			col := backing[c*n : (c+1)*n : (c+1)*n]
			for k := range col {
				col[k] = flat[k*cols+c]
			}
			r.Values[c] = col
		}
		b.flat[i] = nil
	}
	return &b.d, nil
}

// dsTypes are the data-source types xapi prints (rrd.ml ds_type_to_string).
func knownDSType(t string) bool { return t == "GAUGE" || t == "ABSOLUTE" || t == "DERIVE" }

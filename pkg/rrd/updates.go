package rrd

import "io"

// Meta is the header of an rrd_updates payload (the <meta> element or the
// "meta" object): time span, step, row and column counts and the legend.
type Meta struct {
	Start, End int64 // unix seconds
	Step       int64 // seconds between rows
	Rows       int   // rows announced by the server
	Columns    int   // columns announced by the server; equals len(Legends)
	Legends    []Legend
}

// Handler receives a decoded rrd_updates payload as it streams. Meta is
// called exactly once, before any Row. Rows arrive in wire order, newest
// first; values is reused between calls, so copy what must be kept. A
// returned error stops parsing and is returned by StreamUpdates.
type Handler interface {
	Meta(m Meta) error
	Row(t int64, values []float64) error
}

// Updates is a decoded rrd_updates payload. Rows are returned OLDEST FIRST
// (the wire order is newest first).
type Updates struct {
	Start, End int64 // unix seconds, from meta
	Step       int64 // seconds
	Legends    []Legend
	Timestamps []int64     // unix seconds, ascending, len = rows
	Values     [][]float64 // Values[column][row]; NaN for a missing/unknown sample; ±Inf kept
}

// ParseUpdates decodes a whole rrd_updates payload in any of the three wire
// formats (sniffed from the first bytes). Memory is one backing array for all
// values plus the legend; the body itself is never held in full.
func ParseUpdates(r io.Reader) (*Updates, error) {
	var c collector
	if err := StreamUpdates(r, &c); err != nil {
		return nil, err
	}
	c.finish()
	return &c.u, nil
}

// StreamUpdates decodes an rrd_updates payload, calling h for the meta and
// each row. It validates what the server claims: meta.columns against the
// legend, each row's value count against the legend (ErrLegendMismatch),
// meta.rows against the rows sent (ErrMetaMismatch) and the newest-first
// order of timestamps (ErrRowOrder). A body that stops early yields an error
// wrapping ErrTruncated; a read error is returned wrapped as it is.
func StreamUpdates(r io.Reader, h Handler) error {
	s := newScanner(r)
	defer s.release()
	f, err := s.sniff()
	if err != nil {
		return err
	}
	switch f {
	case FormatXML:
		return (&updatesParser{s: s, h: h}).parseXML()
	default:
		return (&updatesParser{s: s, h: h}).parseJSON()
	}
}

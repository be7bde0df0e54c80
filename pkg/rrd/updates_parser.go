package rrd

import "fmt"

// updatesParser holds the state shared by the XML and JSON front ends.
type updatesParser struct {
	s        *scanner
	h        Handler
	meta     Meta
	seen     metaFields
	metaSent bool
	rows     int
	lastT    int64
	values   []float64

	legendArena []byte // legend entries, back to back, until sendMeta
	legendEnds  []int  // end offset of each entry in legendArena
}

// metaFields records which meta members were present.
type metaFields uint8

const (
	seenStart metaFields = 1 << iota
	seenStep
	seenEnd
	seenRows
	seenColumns
	seenLegend
	seenAllMeta = seenStart | seenStep | seenEnd | seenRows | seenColumns | seenLegend
)

var metaFieldNames = [...]string{"start", "step", "end", "rows", "columns", "legend"}

// setMetaInt stores a numeric meta member (see isMetaInt) by name.
func (p *updatesParser) setMetaInt(name []byte, v int64) error {
	switch string(name) {
	case "start":
		p.meta.Start, p.seen = v, p.seen|seenStart
	case "step":
		p.meta.Step, p.seen = v, p.seen|seenStep
	case "end":
		p.meta.End, p.seen = v, p.seen|seenEnd
	case "rows", "columns":
		if v < 0 || v > 1<<31 {
			return p.s.errf("meta.%s = %d is out of range", name, v)
		}
		if name[0] == 'r' {
			p.meta.Rows, p.seen = int(v), p.seen|seenRows
		} else {
			p.meta.Columns, p.seen = int(v), p.seen|seenColumns
		}
	}
	return nil
}

func isMetaInt(name []byte) bool {
	switch string(name) {
	case "start", "step", "end", "rows", "columns":
		return true
	}
	return false
}

// addLegend collects one legend entry. Entries are gathered in one byte
// arena and parsed in sendMeta from a single string, so a 2,000-column
// legend costs a few allocations instead of one per entry.
func (p *updatesParser) addLegend(entry []byte) error {
	if len(p.legendArena)+len(entry) > maxLegendBytes {
		return p.s.errf("the legend is longer than %d bytes", maxLegendBytes)
	}
	p.legendArena = append(p.legendArena, entry...)
	p.legendEnds = append(p.legendEnds, len(p.legendArena))
	return nil
}

// maxLegendBytes bounds the legend text (about 60 bytes an entry).
const maxLegendBytes = 64 << 20

// parseLegends turns the collected entries into Legends.
func (p *updatesParser) parseLegends() error {
	all := string(p.legendArena)
	p.meta.Legends = make([]Legend, len(p.legendEnds))
	start := 0
	for i, end := range p.legendEnds {
		l, err := ParseLegend(all[start:end])
		if err != nil {
			return p.s.errf("legend entry %d: %v", i, err)
		}
		p.meta.Legends[i] = l
		start = end
	}
	p.legendArena, p.legendEnds = nil, nil
	return nil
}

// sendMeta checks the meta is complete and consistent and hands it over.
func (p *updatesParser) sendMeta() error {
	if p.metaSent {
		return nil
	}
	for i, name := range metaFieldNames {
		if p.seen&(1<<i) == 0 {
			return p.s.errf("meta has no %q member before the data", name)
		}
	}
	if err := p.parseLegends(); err != nil {
		return err
	}
	if p.meta.Columns != len(p.meta.Legends) {
		return p.s.wrapf(ErrMetaMismatch, "meta.columns is %d but the legend has %d entries", p.meta.Columns, len(p.meta.Legends))
	}
	p.metaSent = true
	p.values = make([]float64, len(p.meta.Legends))
	return p.handlerErr(p.h.Meta(p.meta))
}

// sendRow validates the value count and order of one row and hands it over.
func (p *updatesParser) sendRow(t int64, n int) error {
	if n != len(p.values) {
		return p.s.wrapf(ErrLegendMismatch, "row %d (t=%d) has %d values but the legend has %d columns", p.rows, t, n, len(p.values))
	}
	if p.rows >= p.meta.Rows {
		return p.s.wrapf(ErrMetaMismatch, "more rows than meta.rows = %d", p.meta.Rows)
	}
	if p.rows > 0 && t >= p.lastT {
		return p.s.wrapf(ErrRowOrder, "row %d has t=%d, not older than the previous row's t=%d", p.rows, t, p.lastT)
	}
	p.rows++
	p.lastT = t
	return p.handlerErr(p.h.Row(t, p.values))
}

// finishRows checks the row count against meta.rows once the data ends.
func (p *updatesParser) finishRows() error {
	if p.rows != p.meta.Rows {
		return p.s.wrapf(ErrMetaMismatch, "meta.rows is %d but the data has %d rows", p.meta.Rows, p.rows)
	}
	return nil
}

// handlerErr returns a handler's error unchanged: it is the caller's own.
func (p *updatesParser) handlerErr(err error) error {
	if err != nil {
		return fmt.Errorf("rrd: handler stopped at byte %d: %w", p.s.offset(), err)
	}
	return nil
}

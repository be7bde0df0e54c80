package rrd

import (
	"bytes"
	"math"
)

// parseXML reads the rrd_updates XML of xen-api
// ocaml/libs/xapi-rrd/lib/rrd_updates.ml xml_of:
//
//	<?xml version="1.0" encoding="UTF-8"?><xport><meta><start>..</start><step>..</step>
//	<end>..</end><rows>..</rows><columns>..</columns><legend><entry>CF:kind:uuid:ds</entry>..
//	</legend></meta><data><row><t>..</t><v>..</v>..</row>..</data></xport>
//
// Meta children are accepted in any order and unknown ones skipped.
func (p *updatesParser) parseXML() error {
	s := p.s
	s.skipBOM()
	if err := s.expectStart("xport"); err != nil {
		return err
	}
	if err := s.expectStart("meta"); err != nil {
		return err
	}
	if err := p.xmlMeta(); err != nil {
		return err
	}
	kind, name, err := s.nextTag(lit("<data>"))
	if err != nil {
		return err
	}
	if string(name) != "data" || kind == tagEnd {
		return s.errf("expected <data> after </meta>, found %s", kind.describe(name))
	}
	if err := p.sendMeta(); err != nil {
		return err
	}
	if kind == tagStart {
		if err := p.xmlRows(); err != nil {
			return err
		}
	}
	if err := p.finishRows(); err != nil {
		return err
	}
	if err := s.expectEnd("xport"); err != nil {
		return err
	}
	return s.atEnd()
}

// xmlMeta reads the children of <meta> up to </meta>.
func (p *updatesParser) xmlMeta() error {
	s := p.s
	for {
		kind, name, err := s.nextTag(lit("a <meta> child or </meta>"))
		if err != nil {
			return err
		}
		switch {
		case kind == tagEnd && string(name) == "meta":
			return nil
		case kind == tagEnd:
			return s.errf("expected a <meta> child or </meta>, found %s", kind.describe(name))
		case string(name) == "legend":
			p.seen |= seenLegend
			if kind == tagStart {
				if err := p.xmlLegend(); err != nil {
					return err
				}
			}
		case isMetaInt(name):
			if kind == tagEmpty {
				return s.errf("<%s/> is empty; expected an integer", name)
			}
			field := string(name) // one of five short literals; cheap
			text, err := s.leafText(field)
			if err != nil {
				return err
			}
			v, ok := parseInt(trimSpace(text))
			if !ok {
				return s.errf("<%s> is %q; expected an integer", field, printablePrefix(text))
			}
			if err := p.setMetaInt([]byte(field), v); err != nil {
				return err
			}
		case kind == tagStart:
			if err := s.skipElement(string(name)); err != nil {
				return err
			}
		}
	}
}

// xmlLegend reads <entry> elements up to </legend>.
func (p *updatesParser) xmlLegend() error {
	s := p.s
	for {
		kind, name, err := s.nextTag(lit("<entry> or </legend>"))
		if err != nil {
			return err
		}
		switch {
		case kind == tagEnd && string(name) == "legend":
			return nil
		case kind == tagStart && string(name) == "entry":
			text, err := s.leafText("entry")
			if err != nil {
				return err
			}
			if bytes.IndexByte(text, '&') >= 0 {
				str, ok := xmlString(text)
				if !ok {
					return s.errf("legend entry %q has a malformed entity", printablePrefix(text))
				}
				text = []byte(str)
			}
			if err := p.addLegend(text); err != nil {
				return err
			}
		default:
			return s.errf("expected <entry> or </legend>, found %s", kind.describe(name))
		}
	}
}

// xmlRows reads <row> elements up to </data>. It is the hot loop: the
// common "<v>text</v>" shape is matched directly in the read buffer.
func (p *updatesParser) xmlRows() error {
	s := p.s
	for {
		kind, name, err := s.nextTag(lit("<row> or </data>"))
		if err != nil {
			return err
		}
		if kind == tagEnd && string(name) == "data" {
			return nil
		}
		if kind != tagStart || string(name) != "row" {
			return s.errf("expected <row> or </data>, found %s", kind.describe(name))
		}
		if err := s.expectStart("t"); err != nil {
			return err
		}
		text, err := s.leafText("t")
		if err != nil {
			return err
		}
		t, ok := parseInt(trimSpace(text))
		if !ok {
			return s.errf("row %d: <t> is %q; expected unix seconds", p.rows, printablePrefix(text))
		}
		n, err := p.xmlValues()
		if err != nil {
			return err
		}
		if err := p.sendRow(t, n); err != nil {
			return err
		}
	}
}

// xmlValues reads the <v> elements of one row up to </row> into p.values and
// returns how many there were.
func (p *updatesParser) xmlValues() (int, error) {
	s := p.s
	n := 0
	for {
		if s.end-s.pos >= 3 || s.ensure(3) {
			if b := s.buf[s.pos:s.end]; b[0] == '<' && b[1] == 'v' && b[2] == '>' {
				// Fastest path: "<v>number</v>" entirely in the buffer.
				if v, k, ok := parseFloatPrefix(b[3:]); ok && k+7 <= len(b) && string(b[3+k:7+k]) == "</v>" {
					p.store(n, v)
					s.pos += k + 7
					n++
					continue
				}
				s.pos += 3
				if err := p.xmlValue(n); err != nil {
					return n, err
				}
				n++
				continue
			}
		}
		kind, name, err := s.nextTag(lit("<v> or </row>"))
		if err != nil {
			return n, err
		}
		switch {
		case kind == tagEnd && string(name) == "row":
			return n, nil
		case kind == tagStart && string(name) == "v":
			if err := p.xmlValue(n); err != nil {
				return n, err
			}
		case kind == tagEmpty && string(name) == "v":
			p.store(n, math.NaN()) // an empty sample is a missing one
		default:
			return n, s.errf("row %d: expected <v> or </row>, found %s", p.rows, kind.describe(name))
		}
		n++
	}
}

// xmlValue reads the text of a <v> whose start tag was just read.
func (p *updatesParser) xmlValue(n int) error {
	text, err := p.s.leafText("v")
	if err != nil {
		return err
	}
	v, err := p.value(text, n)
	if err != nil {
		return err
	}
	p.store(n, v)
	return nil
}

// store keeps value n of the current row; extra values are only counted so
// sendRow can report the mismatch with the real count.
func (p *updatesParser) store(n int, v float64) {
	if n < len(p.values) {
		p.values[n] = v
	}
}

// value decodes one sample. Empty text is a missing sample (NaN).
func (p *updatesParser) value(text []byte, n int) (float64, error) {
	if v, ok := parseFloat(text); ok {
		return v, nil
	}
	text = trimSpace(text)
	if len(text) == 0 {
		return math.NaN(), nil
	}
	if v, ok := parseFloat(text); ok {
		return v, nil
	}
	return 0, p.s.errf("row %d value %d is %q; expected a number, NaN, Infinity or -Infinity", p.rows, n, printablePrefix(text))
}

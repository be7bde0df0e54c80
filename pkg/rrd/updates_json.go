package rrd

import (
	"math"
)

// parseJSON reads the rrd_updates JSON of both xapi generations:
//
//	old (xapi-project/xcp-rrd lib/rrd_updates.ml json_of_t, Printf-built):
//	  {meta: {start:1,step:5,end:2,rows:1,columns:1,legend:["AVERAGE:host:u:cpu0"]},data:[{t:2,values:[0.5]}]}
//	new (xen-api ocaml/libs/xapi-rrd/lib/rrd_updates.ml json_of_t, Yojson):
//	  {"meta":{"start":"1",...,"legend":[...]},"data":[{"t":"2","values":["0.5"]}]}
//
// "data" is also accepted inside "meta", as one master-only build sent it
// (xen-api PR #5456). Rows are streamed, so meta (with its legend) must come
// before data, which is the order every xapi version writes.
func (p *updatesParser) parseJSON() error {
	s := p.s
	s.skipBOM()
	if err := s.jsExpect('{', "'{' opening the payload"); err != nil {
		return err
	}
	dataSeen := false
	empty, err := s.jsOpen('}', "the payload object")
	for more := !empty; err == nil && more; more, err = s.jsNext('}', "the payload object") {
		key, err := s.jsKey("the payload object")
		if err != nil {
			return err
		}
		switch string(key) {
		case "meta":
			if err := p.jsMeta(&dataSeen); err != nil {
				return err
			}
		case "data":
			if err := p.jsData(&dataSeen); err != nil {
				return err
			}
		default:
			if err := s.jsSkipValue(0); err != nil {
				return err
			}
		}
	}
	if err != nil {
		return err
	}
	if !dataSeen {
		return s.errf("the payload has no \"data\" array")
	}
	return s.atEnd()
}

// jsMeta reads the meta object.
func (p *updatesParser) jsMeta(dataSeen *bool) error {
	s := p.s
	if err := s.jsExpect('{', "'{' opening meta"); err != nil {
		return err
	}
	empty, err := s.jsOpen('}', "meta")
	for more := !empty; err == nil && more; more, err = s.jsNext('}', "meta") {
		key, err := s.jsKey("meta")
		if err != nil {
			return err
		}
		switch {
		case isMetaInt(key):
			field := string(key)
			text, _, err := s.jsScalar("meta." + field)
			if err != nil {
				return err
			}
			v, ok := parseInt(text)
			if !ok {
				return s.errf("meta.%s is %q; expected an integer", field, printablePrefix(text))
			}
			if err := p.setMetaInt([]byte(field), v); err != nil {
				return err
			}
		case string(key) == "legend":
			if err := p.jsLegend(); err != nil {
				return err
			}
		case string(key) == "data": // xen-api PR #5456: data nested in meta
			if err := p.jsData(dataSeen); err != nil {
				return err
			}
		default:
			if err := s.jsSkipValue(0); err != nil {
				return err
			}
		}
	}
	return err
}

// jsLegend reads the legend array of strings.
func (p *updatesParser) jsLegend() error {
	s := p.s
	if p.seen&seenLegend != 0 {
		return s.errf("meta has two legend arrays")
	}
	p.seen |= seenLegend
	if err := s.jsExpect('[', "'[' opening meta.legend"); err != nil {
		return err
	}
	empty, err := s.jsOpen(']', "meta.legend")
	for more := !empty; err == nil && more; more, err = s.jsNext(']', "meta.legend") {
		if !s.jsSkipSpace() {
			return s.endErr("meta.legend")
		}
		if c := s.buf[s.pos]; c != '"' && c != '\'' {
			return s.errf("meta.legend entry %d: expected a string, found %q", len(p.meta.Legends), printablePrefix(s.buf[s.pos:s.end]))
		}
		text, _, err := s.jsScalar("a meta.legend entry")
		if err != nil {
			return err
		}
		if err := p.addLegend(text); err != nil {
			return err
		}
	}
	return err
}

// jsData reads the data array, streaming each row to the handler.
func (p *updatesParser) jsData(dataSeen *bool) error {
	s := p.s
	if *dataSeen {
		return s.errf("the payload has two \"data\" arrays")
	}
	*dataSeen = true
	if err := p.sendMeta(); err != nil {
		return err
	}
	if err := s.jsExpect('[', "'[' opening data"); err != nil {
		return err
	}
	empty, err := s.jsOpen(']', "data")
	for more := !empty; err == nil && more; more, err = s.jsNext(']', "data") {
		if err := p.jsRow(); err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	return p.finishRows()
}

// jsRow reads one {t:..., values:[...]} object and sends it.
func (p *updatesParser) jsRow() error {
	s := p.s
	if err := s.jsExpect('{', "'{' opening a data row"); err != nil {
		return err
	}
	var t int64
	haveT, n := false, -1
	empty, err := s.jsOpen('}', "a data row")
	for more := !empty; err == nil && more; more, err = s.jsNext('}', "a data row") {
		key, err := s.jsKey("a data row")
		if err != nil {
			return err
		}
		switch string(key) {
		case "t":
			text, _, err := s.jsScalar("a row's t")
			if err != nil {
				return err
			}
			var ok bool
			if t, ok = parseInt(text); !ok {
				return s.errf("row %d: t is %q; expected unix seconds", p.rows, printablePrefix(text))
			}
			haveT = true
		case "values":
			if n, err = p.jsValues(); err != nil {
				return err
			}
		default:
			if err := s.jsSkipValue(0); err != nil {
				return err
			}
		}
	}
	if err != nil {
		return err
	}
	if !haveT || n < 0 {
		return s.errf("row %d lacks \"t\" or \"values\"", p.rows)
	}
	return p.sendRow(t, n)
}

// jsValues reads one values array into p.values and returns its length. This
// is the hot loop; it handles "1.5", 1.5, NaN and "NaN" alike.
func (p *updatesParser) jsValues() (int, error) {
	s := p.s
	if err := s.jsExpect('[', "'[' opening a row's values"); err != nil {
		return 0, err
	}
	n := 0
	empty, err := s.jsOpen(']', "a row's values")
	for more := !empty; err == nil && more; more, err = s.jsNext(']', "a row's values") {
		// Fast path: consume as many "v," as sit in the buffer with no
		// whitespace, escapes or specials that need the general code.
		var done bool
		if n, done = p.jsValuesFast(n); done {
			return n, nil
		}
		if !s.jsSkipSpace() {
			return n, s.endErr("a row's values")
		}
		if s.buf[s.pos] == ']' { // a trailing comma (JSON5)
			s.pos++
			return n, nil
		}
		text, quoted, err := s.jsScalar("a value")
		if err != nil {
			return n, err
		}
		var v float64
		if !quoted && string(text) == "null" {
			v = math.NaN() // not written by xapi; a JSON tool's missing sample
		} else if v, err = p.value(text, n); err != nil {
			return n, err
		}
		p.store(n, v)
		n++
	}
	return n, err
}

// jsValuesFast decodes values n, n+1, ... with their separators for as long
// as they sit in the buffer in plain form ("0.5", or 0.5, directly followed by
// ',' or ']'). It stops before the first element that needs the general
// path (whitespace, NaN, escapes, a buffer boundary), consuming nothing of
// it, and reports done when it consumed the closing ']'.
func (p *updatesParser) jsValuesFast(n int) (int, bool) {
	s := p.s
	b := s.buf[:s.end]
	pos := s.pos
	for pos < len(b) {
		q := 0
		if b[pos] == '"' {
			q = 1
		}
		v, k, ok := parseFloatPrefix(b[pos+q:])
		end := pos + q + k
		if !ok || end+q >= len(b) || (q == 1 && b[end] != '"') {
			break
		}
		end += q
		c := b[end]
		if c != ',' && c != ']' {
			break
		}
		p.store(n, v)
		n++
		pos = end + 1
		if c == ']' {
			s.pos = pos
			return n, true
		}
	}
	s.pos = pos
	return n, false
}

package rrd

import "math"

// parseXML reads the dump XML of xen-api ocaml/libs/xapi-rrd/lib/rrd.ml
// xml_to_output:
//
//	<rrd><version>0003</version><step>5</step><lastupdate>..</lastupdate>
//	<ds><name>..</name><type>GAUGE</type><minimal_heartbeat>..</minimal_heartbeat><min>..</min>
//	<max>..</max><last_ds>..</last_ds><value>..</value><unknown_sec>..</unknown_sec></ds>..
//	<rra><cf>AVERAGE</cf><pdp_per_row>1</pdp_per_row><params><xff>..</xff></params>
//	<cdp_prep><ds><primary_value>..</primary_value><secondary_value>..</secondary_value>
//	<value>..</value><unknown_datapoints>..</unknown_datapoints></ds>..</cdp_prep>
//	<database><row><v>..</v>..</row>..</database></rra>..</rrd>
//
// Unknown elements (and rrdtool's comments) are skipped.
func (b *dumpBuilder) parseXML() error {
	s := b.s
	s.skipBOM()
	if err := s.expectStart("rrd"); err != nil {
		return err
	}
	for {
		kind, name, err := s.nextTag(lit("an <rrd> child or </rrd>"))
		if err != nil {
			return err
		}
		if kind == tagEnd {
			if string(name) != "rrd" {
				return s.errf("expected an <rrd> child or </rrd>, found %s", kind.describe(name))
			}
			return s.atEnd()
		}
		if kind == tagEmpty {
			if string(name) == "ds" || string(name) == "rra" || string(name) == "step" || string(name) == "lastupdate" {
				return s.errf("<%s/> is empty", name)
			}
			continue
		}
		switch string(name) {
		case "version":
			text, err := s.leafText("version")
			if err != nil {
				return err
			}
			b.d.Version = string(trimSpace(text))
		case "step":
			text, err := s.leafText("step")
			if err != nil {
				return err
			}
			if err := b.setStep(text); err != nil {
				return err
			}
		case "lastupdate":
			text, err := s.leafText("lastupdate")
			if err != nil {
				return err
			}
			if err := b.setLastUpdate(text); err != nil {
				return err
			}
		case "ds":
			if len(b.d.RRAs) > 0 {
				return s.errf("a <ds> after an <rra>: data sources must come first")
			}
			if err := b.xmlDS(); err != nil {
				return err
			}
		case "rra":
			if err := b.xmlRRA(); err != nil {
				return err
			}
		default:
			if err := s.skipElement(string(name)); err != nil {
				return err
			}
		}
	}
}

// xmlLeaf reads a leaf child whose start tag was just read; name is the
// scanner's tag name, copied because reading the text may overwrite it.
func (b *dumpBuilder) xmlLeaf(name []byte) (string, []byte, error) {
	field := string(name)
	text, err := b.s.leafText(field)
	return field, text, err
}

func (b *dumpBuilder) xmlFloat(field string, text []byte) (float64, error) {
	v, ok := parseFloat(trimSpace(text))
	if !ok {
		if len(trimSpace(text)) == 0 {
			return math.NaN(), nil
		}
		return 0, b.s.errf("<%s> is %q; expected a number", field, printablePrefix(text))
	}
	return v, nil
}

// xmlChildren calls leaf for each leaf child up to </parent>; unknown
// non-leaf children must be handled by leaf returning handled=false.
func (b *dumpBuilder) xmlChildren(parent string, leaf func(field string, text []byte) error) error {
	s := b.s
	for {
		kind, name, err := s.nextTag(desc{"a <", parent, "> child"})
		if err != nil {
			return err
		}
		switch kind {
		case tagEnd:
			if string(name) != parent {
				return s.errf("expected </%s>, found %s", parent, kind.describe(name))
			}
			return nil
		case tagEmpty:
			if err := leaf(string(name), nil); err != nil {
				return err
			}
		default:
			field, text, err := b.xmlLeaf(name)
			if err != nil {
				return err
			}
			if err := leaf(field, text); err != nil {
				return err
			}
		}
	}
}

func (b *dumpBuilder) xmlDS() error {
	var ds DataSource
	err := b.xmlChildren("ds", func(field string, text []byte) error {
		var err error
		switch field {
		case "name":
			var ok bool
			if ds.Name, ok = xmlString(trimSpace(text)); !ok {
				return b.s.errf("<name> %q has a malformed entity", printablePrefix(text))
			}
		case "type":
			ds.Type = string(trimSpace(text))
			if !knownDSType(ds.Type) {
				return b.s.errf("data source type %q: expected GAUGE, ABSOLUTE or DERIVE", ds.Type)
			}
		case "minimal_heartbeat":
			ds.MinimalHeartbeat, err = b.xmlFloat(field, text)
		case "min":
			ds.Min, err = b.xmlFloat(field, text)
		case "max":
			ds.Max, err = b.xmlFloat(field, text)
		case "last_ds":
			ds.Last, err = b.xmlFloat(field, text)
		case "value":
			ds.Value, err = b.xmlFloat(field, text)
		case "unknown_sec":
			ds.UnknownSec, err = b.xmlFloat(field, text)
		}
		return err
	})
	if err != nil {
		return err
	}
	if ds.Name == "" {
		return b.s.errf("data source %d has no <name>", len(b.d.DataSources))
	}
	b.d.DataSources = append(b.d.DataSources, ds)
	return nil
}

func (b *dumpBuilder) xmlRRA() error {
	s := b.s
	r := b.startRRA()
	for {
		kind, name, err := s.nextTag(lit("an <rra> child or </rra>"))
		if err != nil {
			return err
		}
		if kind == tagEnd {
			if string(name) != "rra" {
				return s.errf("expected </rra>, found %s", kind.describe(name))
			}
			if r.CF == "" {
				return s.errf("rra %d has no <cf>", len(b.d.RRAs)-1)
			}
			return b.checkCDPPrep(r)
		}
		if kind == tagEmpty {
			continue // e.g. <database/> or <cdp_prep/> of an RRD without data sources
		}
		switch string(name) {
		case "cf":
			text, err := s.leafText("cf")
			if err != nil {
				return err
			}
			r.CF = string(trimSpace(text))
			if !knownCF(r.CF) {
				return s.errf("rra consolidation function %q: expected AVERAGE, MIN, MAX or LAST", r.CF)
			}
		case "pdp_per_row":
			text, err := s.leafText("pdp_per_row")
			if err != nil {
				return err
			}
			v, ok := parseInt(trimSpace(text))
			if !ok || v <= 0 || v > 1<<24 {
				return s.errf("<pdp_per_row> is %q; expected a positive count", printablePrefix(text))
			}
			r.PDPPerRow = int(v)
		case "params":
			err = b.xmlChildren("params", func(field string, text []byte) (err error) {
				if field == "xff" {
					r.XFF, err = b.xmlFloat(field, text)
				}
				return err
			})
		case "cdp_prep":
			err = b.xmlCDPPrep(r)
		case "database":
			err = b.xmlDatabase()
		default:
			err = s.skipElement(string(name))
		}
		if err != nil {
			return err
		}
	}
}

func (b *dumpBuilder) xmlCDPPrep(r *RRA) error {
	s := b.s
	for {
		kind, name, err := s.nextTag(lit("<ds> or </cdp_prep>"))
		if err != nil {
			return err
		}
		switch {
		case kind == tagEnd && string(name) == "cdp_prep":
			return nil
		case kind == tagStart && string(name) == "ds":
			var c CDPPrep
			err := b.xmlChildren("ds", func(field string, text []byte) (err error) {
				switch field {
				case "value":
					c.Value, err = b.xmlFloat(field, text)
				case "unknown_datapoints":
					v, ok := parseInt(trimSpace(text))
					if !ok || v < 0 || v > 1<<31 {
						return s.errf("<unknown_datapoints> is %q; expected a count", printablePrefix(text))
					}
					c.UnknownDatapoints = int(v)
				}
				return err
			})
			if err != nil {
				return err
			}
			r.CDPPrep = append(r.CDPPrep, c)
		default:
			return s.errf("expected <ds> or </cdp_prep>, found %s", kind.describe(name))
		}
	}
}

// xmlDatabase reads <row><v>..</v>..</row> up to </database>.
func (b *dumpBuilder) xmlDatabase() error {
	s := b.s
	values := make([]float64, 0, len(b.d.DataSources))
	for {
		kind, name, err := s.nextTag(lit("<row> or </database>"))
		if err != nil {
			return err
		}
		switch {
		case kind == tagEnd && string(name) == "database":
			return nil
		case kind == tagEmpty && string(name) == "row":
			values = values[:0]
		case kind == tagStart && string(name) == "row":
			values = values[:0]
			for {
				if s.end-s.pos >= 3 || s.ensure(3) {
					if bb := s.buf[s.pos:]; bb[0] == '<' && bb[1] == 'v' && bb[2] == '>' {
						s.pos += 3
						v, err := b.xmlValue()
						if err != nil {
							return err
						}
						values = append(values, v)
						continue
					}
				}
				kind, name, err := s.nextTag(lit("<v> or </row>"))
				if err != nil {
					return err
				}
				if kind == tagEnd && string(name) == "row" {
					break
				}
				switch {
				case kind == tagStart && string(name) == "v":
					v, err := b.xmlValue()
					if err != nil {
						return err
					}
					values = append(values, v)
				case kind == tagEmpty && string(name) == "v":
					values = append(values, math.NaN())
				default:
					return s.errf("expected <v> or </row>, found %s", kind.describe(name))
				}
			}
		default:
			return s.errf("expected <row> or </database>, found %s", kind.describe(name))
		}
		if err := b.addRow(values); err != nil {
			return err
		}
	}
}

func (b *dumpBuilder) xmlValue() (float64, error) {
	text, err := b.s.leafText("v")
	if err != nil {
		return 0, err
	}
	if v, ok := parseFloat(text); ok {
		return v, nil
	}
	return b.xmlFloat("v", text)
}

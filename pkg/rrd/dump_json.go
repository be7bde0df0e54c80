package rrd

import "math"

// parseJSON reads the JSON dump of xen-api ocaml/libs/xapi-rrd/lib/rrd.ml
// module Json (json_to_string, served with json=true): every scalar is a
// string, database rows are arrays, lastupdate is a "%0.5g" float:
//
//	{"version":"0003","step":"5","lastupdate":"1.7641e+09",
//	 "ds":[{"name":"cpu0","type":"GAUGE","minimal_heartbeat":"300","min":"0.0","max":"1",
//	        "last_ds":"0.5","value":"0.0","unknown_sec":"0.0"}],
//	 "rra":[{"cf":"AVERAGE","pdp_per_row":"1","params":{"xff":"0.5"},
//	         "cdp_prep":{"ds":[{"primary_value":"0.0","secondary_value":"0.0","value":"0.0",
//	                            "unknown_datapoints":"0"}]},
//	         "database":[["0.5"],["0.25"]]}]}
//
// Bare numbers are accepted as well. Unknown members are skipped.
func (b *dumpBuilder) parseJSON() error {
	s := b.s
	s.skipBOM()
	if err := s.jsExpect('{', "'{' opening the RRD"); err != nil {
		return err
	}
	err := b.jsObject("the RRD", func(key string) error {
		switch key {
		case "version":
			text, _, err := s.jsScalar("version")
			b.d.Version = string(text)
			return err
		case "step":
			text, _, err := s.jsScalar("step")
			if err != nil {
				return err
			}
			return b.setStep(text)
		case "lastupdate":
			text, _, err := s.jsScalar("lastupdate")
			if err != nil {
				return err
			}
			return b.setLastUpdate(text)
		case "ds":
			if len(b.d.RRAs) > 0 {
				return s.errf("\"ds\" after \"rra\": data sources must come first")
			}
			return b.jsArray("ds", func() error { return b.jsDS() })
		case "rra":
			return b.jsArray("rra", func() error { return b.jsRRA() })
		}
		return s.jsSkipValue(0)
	})
	if err != nil {
		return err
	}
	return s.atEnd()
}

// jsObject reads an object whose '{' was consumed, calling member with each
// key (copied, so member may read freely).
func (b *dumpBuilder) jsObject(where string, member func(key string) error) error {
	s := b.s
	empty, err := s.jsOpen('}', where)
	for more := !empty; err == nil && more; more, err = s.jsNext('}', where) {
		key, err := s.jsKey(where)
		if err != nil {
			return err
		}
		if err := member(string(key)); err != nil {
			return err
		}
	}
	return err
}

// jsArray reads an array, calling elem for each element.
func (b *dumpBuilder) jsArray(where string, elem func() error) error {
	s := b.s
	if err := s.jsExpect('[', "'[' opening "+where); err != nil {
		return err
	}
	empty, err := s.jsOpen(']', where)
	for more := !empty; err == nil && more; more, err = s.jsNext(']', where) {
		if err := elem(); err != nil {
			return err
		}
	}
	return err
}

// jsFloat reads a number, bare or quoted; empty or null is NaN.
func (b *dumpBuilder) jsFloat(what string) (float64, error) {
	text, quoted, err := b.s.jsScalar(what)
	if err != nil {
		return 0, err
	}
	if v, ok := parseFloat(text); ok {
		return v, nil
	}
	if len(trimSpace(text)) == 0 || (!quoted && string(text) == "null") {
		return math.NaN(), nil
	}
	return 0, b.s.errf("%s is %q; expected a number", what, printablePrefix(text))
}

func (b *dumpBuilder) jsDS() error {
	s := b.s
	if err := s.jsExpect('{', "'{' opening a data source"); err != nil {
		return err
	}
	var ds DataSource
	err := b.jsObject("a data source", func(key string) (err error) {
		switch key {
		case "name":
			text, _, err := s.jsScalar("ds name")
			ds.Name = string(text)
			return err
		case "type":
			text, _, err := s.jsScalar("ds type")
			ds.Type = string(text)
			if err == nil && !knownDSType(ds.Type) {
				return s.errf("data source type %q: expected GAUGE, ABSOLUTE or DERIVE", ds.Type)
			}
			return err
		case "minimal_heartbeat":
			ds.MinimalHeartbeat, err = b.jsFloat(key)
		case "min":
			ds.Min, err = b.jsFloat(key)
		case "max":
			ds.Max, err = b.jsFloat(key)
		case "last_ds":
			ds.Last, err = b.jsFloat(key)
		case "value":
			ds.Value, err = b.jsFloat(key)
		case "unknown_sec":
			ds.UnknownSec, err = b.jsFloat(key)
		default:
			err = s.jsSkipValue(0)
		}
		return err
	})
	if err != nil {
		return err
	}
	if ds.Name == "" {
		return s.errf("data source %d has no name", len(b.d.DataSources))
	}
	b.d.DataSources = append(b.d.DataSources, ds)
	return nil
}

func (b *dumpBuilder) jsRRA() error {
	s := b.s
	if err := s.jsExpect('{', "'{' opening an rra"); err != nil {
		return err
	}
	r := b.startRRA()
	err := b.jsObject("an rra", func(key string) error {
		switch key {
		case "cf":
			text, _, err := s.jsScalar("rra cf")
			if err != nil {
				return err
			}
			r.CF = string(text)
			if !knownCF(r.CF) {
				return s.errf("rra consolidation function %q: expected AVERAGE, MIN, MAX or LAST", r.CF)
			}
		case "pdp_per_row":
			text, _, err := s.jsScalar("pdp_per_row")
			if err != nil {
				return err
			}
			v, ok := parseInt(text)
			if !ok || v <= 0 || v > 1<<24 {
				return s.errf("pdp_per_row is %q; expected a positive count", printablePrefix(text))
			}
			r.PDPPerRow = int(v)
		case "params":
			if err := s.jsExpect('{', "'{' opening params"); err != nil {
				return err
			}
			return b.jsObject("params", func(key string) (err error) {
				if key == "xff" {
					r.XFF, err = b.jsFloat("xff")
					return err
				}
				return s.jsSkipValue(0)
			})
		case "cdp_prep":
			if err := s.jsExpect('{', "'{' opening cdp_prep"); err != nil {
				return err
			}
			return b.jsObject("cdp_prep", func(key string) error {
				if key != "ds" {
					return s.jsSkipValue(0)
				}
				return b.jsArray("cdp_prep.ds", func() error { return b.jsCDP(r) })
			})
		case "database":
			values := make([]float64, 0, len(b.d.DataSources))
			return b.jsArray("database", func() error {
				values = values[:0]
				err := b.jsArray("a database row", func() error {
					v, err := b.jsFloat("a database value")
					values = append(values, v)
					return err
				})
				if err != nil {
					return err
				}
				return b.addRow(values)
			})
		default:
			return s.jsSkipValue(0)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if r.CF == "" {
		return s.errf("rra %d has no cf", len(b.d.RRAs)-1)
	}
	return b.checkCDPPrep(r)
}

func (b *dumpBuilder) jsCDP(r *RRA) error {
	s := b.s
	if err := s.jsExpect('{', "'{' opening a cdp_prep entry"); err != nil {
		return err
	}
	var c CDPPrep
	err := b.jsObject("a cdp_prep entry", func(key string) (err error) {
		switch key {
		case "value":
			c.Value, err = b.jsFloat("cdp value")
		case "unknown_datapoints":
			text, _, err := s.jsScalar("unknown_datapoints")
			if err != nil {
				return err
			}
			v, ok := parseInt(text)
			if !ok || v < 0 || v > 1<<31 {
				return s.errf("unknown_datapoints is %q; expected a count", printablePrefix(text))
			}
			c.UnknownDatapoints = int(v)
		default:
			err = s.jsSkipValue(0)
		}
		return err
	})
	if err != nil {
		return err
	}
	r.CDPPrep = append(r.CDPPrep, c)
	return nil
}

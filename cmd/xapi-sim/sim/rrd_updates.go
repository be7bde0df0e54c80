package sim

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xenbench/xenbench/pkg/rrd/rrdgen"
)

// rra is one round-robin archive. xcp-rrdd keeps AVERAGE archives of 5 s x
// 120 rows, 60 s x 120, 3600 s x 168 and 86400 s x 366 (the "Metrics" page
// of the xapi docs; Xen Orchestra's xapi-stats.mjs uses the same steps).
type rra struct {
	PDPs int // primary data points (5 s steps) per row
	Rows int
}

const rrdStep = 5 // seconds per primary data point

var rras = []rra{{1, 120}, {12, 120}, {720, 168}, {17280, 366}}

// rrdSet is one RRD exported by rrd_updates: its legend prefix and a filler.
type rrdSet struct {
	prefix  string // "host:<uuid>:" or "vm:<uuid>:"
	sources []dataSource
	fill    func(dst []float64, in *instant)
}

// updatesQuery is a parsed /rrd_updates request
// (ocaml/xcp-rrdd/bin/rrdd/rrdd_http_handler.ml get_rrd_updates_handler).
type updatesQuery struct {
	start    int64
	interval int64
	cf       string // "" = every CF stored
	host     bool
	vmAll    bool
	vmUUIDs  []string
}

func parseUpdatesQuery(r *http.Request) (updatesQuery, error) {
	q := r.URL.Query()
	var uq updatesQuery
	startStr := q.Get("start")
	if startStr == "" {
		return uq, errors.New("missing query parameter start: give a Unix time in seconds, or a negative number of seconds before the last update")
	}
	start, err := strconv.ParseInt(startStr, 10, 64)
	if err != nil {
		return uq, fmt.Errorf("query parameter start=%q is not an integer", truncate(startStr, 30))
	}
	uq.start = start
	if iv := q.Get("interval"); iv != "" {
		// xapi ignores an unparsable interval (default 0).
		if n, err := strconv.ParseInt(iv, 10, 64); err == nil {
			uq.interval = n
		}
	}
	// cf is case-sensitive; an unknown value means "all" in xapi
	// (cf_type_of_string fails and the handler falls back to None).
	switch c := q.Get("cf"); c {
	case "AVERAGE", "MIN", "MAX", "LAST":
		uq.cf = c
	}
	uq.host = q.Get("host") == "true"
	vms := q["vm_uuid"]
	switch {
	case len(vms) == 0:
		uq.vmAll = true
	case len(vms) == 1 && vms[0] == "all":
		uq.vmAll = true
	case len(vms) == 1 && vms[0] == "none":
	default:
		uq.vmUUIDs = vms
	}
	return uq, nil
}

// errNoRRA mirrors xapi's No_RRA_Available (only AVERAGE is stored unless
// the pool asks for MIN/MAX archives).
var errNoRRA = errors.New("No_RRA_Available: this host only keeps AVERAGE archives")

// xport is the exported table before formatting.
type xport struct {
	start, step, end int64
	legend           []string
	times            []int64
	values           [][]float64 // rows x columns, newest row first
}

// buildUpdates selects the archive and computes the rows like
// Rrd_updates.create_multi and Rrd.find_best_rras
// (ocaml/libs/xapi-rrd/lib/rrd_updates.ml, rrd.ml): negative start is
// relative to the last update; the first archive whose step is at least
// interval and that still holds start wins, else the coarsest; rows run
// from the newest step back to start, newest first.
func (s *Server) buildUpdates(sets []rrdSet, uq updatesQuery, now time.Time) (*xport, error) {
	if uq.cf != "" && uq.cf != "AVERAGE" {
		return nil, errNoRRA
	}
	lastUpdated := now.Unix() / rrdStep * rrdStep
	start := uq.start
	if start < 0 {
		start += lastUpdated
	}
	pdpInterval := uq.interval / rrdStep
	chosen := rras[len(rras)-1] // no archive holds start: the coarsest one
	for _, a := range rras {
		oldest := lastUpdated - int64(rrdStep*a.Rows*a.PDPs)
		if int64(a.PDPs) >= pdpInterval && start > oldest {
			chosen = a
			break
		}
	}
	step := int64(rrdStep * chosen.PDPs)
	last := lastUpdated / step * step
	first := start/step*step + step
	x := &xport{start: first, step: step, end: last}
	cols := 0
	for _, set := range sets {
		for _, ds := range set.sources {
			x.legend = append(x.legend, "AVERAGE:"+set.prefix+ds.Name)
		}
		cols += len(set.sources)
	}
	for i := 0; i < chosen.Rows; i++ {
		t := last - int64(i)*step
		if t < start {
			break
		}
		// A consolidated row is the model evaluated at the middle of its
		// step (a simplification of averaging its 5 s points).
		at := time.Unix(t, 0).UTC()
		if step > rrdStep {
			at = at.Add(-time.Duration(step/2) * time.Second)
		}
		in := s.instantAt(at)
		row := make([]float64, cols)
		k := 0
		for _, set := range sets {
			n := len(set.sources)
			set.fill(row[k:k+n], in)
			k += n
		}
		x.times = append(x.times, t)
		x.values = append(x.values, row)
	}
	return x, nil
}

// writeXport formats the table in the style the profile and request ask for, with
// the same writers package rrd's tests use (pkg/rrd/rrdgen), which follow
// Rrd_updates.xml_of_t and json_of_t byte for byte.
func writeXport(b []byte, x *xport, style rrdJSONStyle, digits int) ([]byte, error) {
	u := rrdgen.Updates{Start: x.start, Step: x.step, End: x.end, Legends: x.legend, Digits: digits, Rows: make([]rrdgen.Row, len(x.times))}
	for i, t := range x.times {
		u.Rows[i] = rrdgen.Row{T: t, Values: x.values[i]}
	}
	buf := bytes.NewBuffer(b)
	var err error
	switch style {
	case rrdJSONLegacy:
		err = rrdgen.WriteJSON5(buf, u)
	case rrdJSONStrings:
		err = rrdgen.WriteJSONStrings(buf, u, false)
	default:
		err = rrdgen.WriteXML(buf, u)
	}
	return buf.Bytes(), err
}

// clientPrefersJSON mirrors client_prefers_json in rrdd_http_handler.ml:
// with a usable Accept header (xapi >= 23.17), content negotiation between
// application/json and text/xml decides; otherwise the mere presence of a
// json query key (any value, even "false") selects JSON. Hosts without JSON
// support always answer XML.
func (s *Server) clientPrefersJSON(r *http.Request) bool {
	if s.prof.RRDJSON == rrdJSONNone {
		return false
	}
	if s.prof.AcceptNegotiation {
		if pref, ok := preferJSON(r.Header.Get("Accept")); ok {
			return pref
		}
	}
	_, has := r.URL.Query()["json"]
	return has
}

// preferJSON ranks application/json against text/xml in an Accept header.
// ok is false when the header is absent or names neither (nor a wildcard).
func preferJSON(accept string) (json bool, ok bool) {
	if strings.TrimSpace(accept) == "" {
		return false, false
	}
	qJSON, qXML := -1.0, -1.0
	specJSON, specXML := -1, -1 // specificity: 2 exact, 1 type/*, 0 */*
	for _, part := range strings.Split(accept, ",") {
		fields := strings.Split(part, ";")
		mt := strings.ToLower(strings.TrimSpace(fields[0]))
		q := 1.0
		for _, p := range fields[1:] {
			if k, v, found := strings.Cut(strings.TrimSpace(p), "="); found && strings.TrimSpace(k) == "q" {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
					q = f
				}
			}
		}
		consider := func(spec int, best *float64, bestSpec *int) {
			if spec > *bestSpec {
				*best, *bestSpec = q, spec
			}
		}
		switch mt {
		case "application/json":
			consider(2, &qJSON, &specJSON)
		case "text/xml":
			consider(2, &qXML, &specXML)
		case "application/*":
			consider(1, &qJSON, &specJSON)
		case "text/*":
			consider(1, &qXML, &specXML)
		case "*/*":
			consider(0, &qJSON, &specJSON)
			consider(0, &qXML, &specXML)
		}
	}
	if math.Max(qJSON, qXML) <= 0 {
		return false, false
	}
	// Ties go to the first offered type, application/json (Accept.preferred
	// ~from:[mime_json; mime_xml]).
	return qJSON >= qXML, true
}

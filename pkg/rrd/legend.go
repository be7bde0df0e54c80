package rrd

import (
	"fmt"
	"strings"
)

// Legend is one column of an rrd_updates payload, parsed from
// "CF:kind:uuid:metric" (kind is host, vm or sr). xapi builds it as the
// consolidation function, ":", then the RRD's prefix ("host:<uuid>:",
// "vm:<uuid>:", "sr:<uuid>:") and the data-source name (xen-api
// ocaml/libs/xapi-rrd/lib/rrd_updates.ml create_multi, the legends fold).
type Legend struct {
	CF, Kind, UUID, Metric string
}

// String returns the legend entry in wire form.
func (l Legend) String() string { return l.CF + ":" + l.Kind + ":" + l.UUID + ":" + l.Metric }

// consolidationFunctions are the CF names xapi prints (rrd.ml cf_type_to_string).
var consolidationFunctions = [...]string{"AVERAGE", "MIN", "MAX", "LAST"}

// ParseLegend splits a legend entry into its four parts. The metric is
// everything after the third colon, so a data-source name containing ':'
// stays whole. Kinds other than host, vm and sr are kept rather than rejected
// so a newer xapi with a new RRD owner does not break every query.
func ParseLegend(s string) (Legend, error) {
	cf, rest, ok := strings.Cut(s, ":")
	if !ok {
		return Legend{}, fmt.Errorf("rrd: legend entry %q: want CF:kind:uuid:metric (e.g. AVERAGE:vm:<uuid>:cpu0)", s)
	}
	kind, rest, ok1 := strings.Cut(rest, ":")
	uuid, metric, ok2 := strings.Cut(rest, ":")
	if !ok1 || !ok2 {
		return Legend{}, fmt.Errorf("rrd: legend entry %q: want CF:kind:uuid:metric (e.g. AVERAGE:vm:<uuid>:cpu0)", s)
	}
	if !knownCF(cf) {
		return Legend{}, fmt.Errorf("rrd: legend entry %q: unknown consolidation function %q (want AVERAGE, MIN, MAX or LAST)", s, cf)
	}
	if kind == "" || uuid == "" || metric == "" {
		return Legend{}, fmt.Errorf("rrd: legend entry %q: empty kind, uuid or metric", s)
	}
	return Legend{CF: cf, Kind: kind, UUID: uuid, Metric: metric}, nil
}

func knownCF(cf string) bool {
	for _, c := range consolidationFunctions {
		if cf == c {
			return true
		}
	}
	return false
}

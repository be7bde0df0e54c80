package sim

import (
	"time"
)

// Record is one XAPI object as its get_record call returns it.
// Values are string, bool, int64 (XAPI "int"), float64, DateTime, []any,
// map[string]any, or the typed helpers below.
type Record = map[string]any

// DateTime is an XAPI datetime. Both wire protocols carry it as text in the
// ISO 8601 basic form xapi prints, e.g. "20261125T12:00:00Z"
// (doc/content/xen-api/wire-protocol.md: datetime -> JSON string and
// XML-RPC <dateTime.iso8601>).
type DateTime time.Time

// xapiDateLayout is the layout xapi uses for datetimes on the wire
// (ocaml/libs/clock/date.ml prints UTC times as yyyymmddThh:mm:ssZ).
const xapiDateLayout = "20060102T15:04:05Z"

// String formats the datetime the way xapi sends it.
func (d DateTime) String() string { return time.Time(d).UTC().Format(xapiDateLayout) }

// parseDateTime accepts the datetime forms clients send to message.get_since:
// the xapi basic form, RFC 3339, and the basic form without a zone.
func parseDateTime(s string) (time.Time, bool) {
	for _, layout := range []string{xapiDateLayout, time.RFC3339, "20060102T15:04:05", "2006-01-02T15:04:05Z"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// nullRef is XAPI's null reference (ocaml/idl/ocaml_backend/ref.ml).
const nullRef = "OpaqueRef:NULL"

package xapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Int is an XAPI int: a JSON number over JSON-RPC, a string over XML-RPC (xapi encodes
// int64 as a string there; wire-protocol.md). It decodes from either.
type Int int64

func (n *Int) UnmarshalJSON(b []byte) error {
	b = bytes.Trim(b, `"`)
	if len(b) == 0 || string(b) == "null" {
		*n = 0
		return nil
	}
	v, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(b), 64)
		if ferr != nil {
			return fmt.Errorf("xapi int %q: %w", b, err)
		}
		v = int64(f)
	}
	*n = Int(v)
	return nil
}

// Float is an XAPI float; see Int.
type Float float64

func (f *Float) UnmarshalJSON(b []byte) error {
	b = bytes.Trim(b, `"`)
	if len(b) == 0 || string(b) == "null" {
		*f = 0
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("xapi float %q: %w", b, err)
	}
	*f = Float(v)
	return nil
}

// Bool is an XAPI bool; XML-RPC sends <boolean>, some records carry "true"/"false".
type Bool bool

func (v *Bool) UnmarshalJSON(b []byte) error {
	switch strings.Trim(string(b), `"`) {
	case "true", "1":
		*v = true
	case "false", "0", "null", "":
		*v = false
	default:
		return fmt.Errorf("xapi bool %s", b)
	}
	return nil
}

// Time is an XAPI datetime. xapi prints them as ISO 8601 basic format in UTC,
// "20261125T12:27:45Z" (xapi-project/xen-api ocaml/libs/clock/date.ml), older builds
// without the Z; JSON-RPC uses the same strings. The epoch (19700101T00:00:00Z) means
// "not set".
type Time struct{ time.Time }

var timeLayouts = []string{
	"20060102T15:04:05Z07:00",
	"20060102T15:04:05Z",
	"20060102T15:04:05",
	"20060102T15:04:05.999999999Z07:00",
	time.RFC3339Nano,
}

func (t *Time) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("xapi datetime %s: %w", b, err)
	}
	v, err := ParseTime(s)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

// ParseTime parses an XAPI datetime string; the zero time for "" and the epoch.
func ParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range timeLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			if v.Unix() == 0 {
				return time.Time{}, nil
			}
			return v.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("xapi datetime %q: want e.g. 20261125T12:27:45Z", s)
}

package rrd

import (
	"errors"
	"fmt"
)

// Format is one of the wire formats xapi uses for rrd_updates.
type Format int

const (
	// FormatUnknown is the zero value; DetectFormat never returns it without an error.
	FormatUnknown Format = iota
	// FormatXML is rrdtool-xport-like XML.
	FormatXML
	// FormatJSON5 is the hand-built JSON5-like text of xapi before 23.31
	// (bare keys, bare numbers, bare NaN/Infinity).
	FormatJSON5
	// FormatJSONStrings is the strict JSON of xapi 23.31+ where every number is a string.
	FormatJSONStrings
)

func (f Format) String() string {
	switch f {
	case FormatXML:
		return "XML"
	case FormatJSON5:
		return "JSON5-like (xapi < 23.31)"
	case FormatJSONStrings:
		return "JSON with string numbers (xapi >= 23.31)"
	default:
		return "unknown-format"
	}
}

// errNeedMore is returned by DetectFormat when the prefix ends before the
// format can be told apart; callers with more bytes should retry.
var errNeedMore = errors.New("rrd: prefix too short to detect the format")

// DetectFormat tells the payload format from its first bytes: '<' is XML, '{'
// followed by a quoted key is strict JSON (xapi >= 23.31), '{' followed by a
// bare key is the old JSON5-like text. A UTF-8 byte-order mark and leading
// whitespace are skipped.
func DetectFormat(prefix []byte) (Format, error) {
	const bom = "\xEF\xBB\xBF"
	i := 0
	if len(prefix) < len(bom) && string(prefix) == bom[:len(prefix)] && len(prefix) > 0 {
		return FormatUnknown, errNeedMore // maybe a byte-order mark, cut
	}
	if len(prefix) >= len(bom) && string(prefix[:len(bom)]) == bom {
		i = len(bom)
	}
	i = skipASCIISpace(prefix, i)
	if i >= len(prefix) {
		return FormatUnknown, errNeedMore
	}
	switch prefix[i] {
	case '<':
		return FormatXML, nil
	case '{':
		j := skipASCIISpace(prefix, i+1)
		if j >= len(prefix) {
			return FormatUnknown, errNeedMore
		}
		switch c := prefix[j]; {
		case c == '"':
			return FormatJSONStrings, nil
		case c == '\'' || isIdentStart(c) || c == '}':
			// An empty object is not a valid payload either way; call it JSON5
			// so the parser reports what is missing.
			return FormatJSON5, nil
		}
		return FormatUnknown, fmt.Errorf("rrd: unrecognised payload: '{' followed by %q; expected a key", prefix[j])
	}
	return FormatUnknown, fmt.Errorf("rrd: unrecognised payload starting with %q: expected XML ('<') or JSON ('{'); is this an HTML error page or another endpoint?", printablePrefix(prefix[i:]))
}

func skipASCIISpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

func isIdentByte(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// printablePrefix returns at most 32 bytes of b for an error message.
func printablePrefix(b []byte) string {
	if len(b) > 32 {
		b = b[:32]
	}
	return string(b)
}

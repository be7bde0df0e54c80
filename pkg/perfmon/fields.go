package perfmon

import (
	"bytes"
	"errors"

	"github.com/xenbench/xenbench/pkg/textenc"
)

// Field scanning. PDH text logs quote every field ("a","b"), double an
// embedded quote ("") as RFC 4180 does, and never break a field across
// lines. A hand-written scanner is used instead of encoding/csv: that package
// allocates a record per line and unquotes every field, while a 1 GB log has
// tens of millions of fields of which a query usually needs a handful. This
// scanner only finds field boundaries (bytes.IndexByte, which is vectorised)
// and hands back sub-slices of the line.

var errQuote = errors.New("text after a closing quote")

// nextField returns the field starting at line[pos:], the position just past
// it (at the separator or the end of the line) and whether the field held a
// doubled quote that still needs unescaping. Unquoted fields are accepted as
// well, for hand-edited files.
func nextField(line []byte, pos int, sep byte) (field []byte, next int, escaped bool, err error) {
	if pos < len(line) && line[pos] == '"' {
		start := pos + 1
		i := start
		for {
			j := bytes.IndexByte(line[i:], '"')
			if j < 0 {
				return nil, len(line), escaped, errors.New("unterminated quoted field")
			}
			i += j
			if i+1 < len(line) && line[i+1] == '"' {
				escaped = true
				i += 2
				continue
			}
			field = line[start:i]
			next = i + 1
			if next < len(line) && line[next] != sep {
				return nil, next, escaped, errQuote
			}
			return field, next, escaped, nil
		}
	}
	j := bytes.IndexByte(line[pos:], sep)
	if j < 0 {
		return line[pos:], len(line), false, nil
	}
	return line[pos : pos+j], pos + j, false, nil
}

// splitFields splits a whole line into unescaped strings; used for the
// header line, where every field is needed. Text that is not valid UTF-8 is
// read as Latin-1: PDH writes the ANSI code page, and Latin-1 keeps every
// byte distinct and printable instead of collapsing them into U+FFFD.
func splitFields(line []byte, sep byte) ([]string, error) {
	var out []string
	pos := 0
	for {
		f, next, esc, err := nextField(line, pos, sep)
		if err != nil {
			return nil, err
		}
		if esc {
			f = bytes.ReplaceAll(f, []byte(`""`), []byte(`"`))
		}
		out = append(out, decodeText(f))
		if next >= len(line) {
			return out, nil
		}
		pos = next + 1
		if pos == len(line) {
			return append(out, ""), nil
		}
	}
}

func decodeText(b []byte) string { return textenc.Text(b) }

package rrd

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// This file tokenizes both JSON dialects xapi has used, with one tolerant
// grammar: keys bare (old hand-built text, xapi-project/xcp-rrd
// lib/rrd_updates.ml json_of_t) or quoted (Yojson, xen-api
// ocaml/libs/xapi-rrd/lib/rrd_updates.ml json_of_t); scalars bare (numbers,
// NaN, Infinity, -Infinity) or quoted (every number is a string since xapi
// 23.31). JSON5 extras cheap to allow (single quotes, comments, trailing
// commas) are accepted too, since Xen Orchestra reads the old text with a
// real JSON5 parser.

// bareDelim marks the bytes that end a bare scalar.
var bareDelim = [256]bool{',': true, ']': true, '}': true, ':': true, ' ': true, '\t': true,
	'\n': true, '\r': true, '/': true, '"': true, '\'': true, '[': true, '{': true}

// jsSkipSpace skips whitespace and // or /* */ comments; false at end of input.
func (s *scanner) jsSkipSpace() bool {
	for {
		if !s.skipSpace() {
			return false
		}
		if s.buf[s.pos] != '/' {
			return true
		}
		if !s.ensure(2) {
			return false // a lone '/' at the end: a cut comment
		}
		switch s.buf[s.pos+1] {
		case '/':
			i := s.indexByte('\n')
			if i < 0 {
				s.pos = s.end
				return false
			}
			s.pos += i + 1
		case '*':
			s.pos += 2
			i := s.indexString("*/")
			if i < 0 {
				s.pos = s.end
				return false
			}
			s.pos += i + 2
		default:
			return true
		}
	}
}

// jsExpect skips space and consumes c.
func (s *scanner) jsExpect(c byte, what string) error {
	if !s.jsSkipSpace() {
		return s.endErr(what)
	}
	if s.buf[s.pos] != c {
		return s.errf("expected %s, found %q", what, printablePrefix(s.buf[s.pos:s.end]))
	}
	s.pos++
	return nil
}

// jsOpen is called after '{' or '[': it reports whether the container is
// empty (and consumes the closing byte if so).
func (s *scanner) jsOpen(closer byte, what string) (empty bool, err error) {
	if !s.jsSkipSpace() {
		return false, s.endErr(what)
	}
	if s.buf[s.pos] == closer {
		s.pos++
		return true, nil
	}
	return false, nil
}

// jsNext is called after a member or element: it consumes ',' (reporting
// more) or the closer. A trailing comma before the closer is allowed (JSON5).
func (s *scanner) jsNext(closer byte, what string) (more bool, err error) {
	if !s.jsSkipSpace() {
		return false, s.endErr(what)
	}
	switch s.buf[s.pos] {
	case ',':
		s.pos++
		if !s.jsSkipSpace() {
			return false, s.endErr(what)
		}
		if s.buf[s.pos] == closer {
			s.pos++
			return false, nil
		}
		return true, nil
	case closer:
		s.pos++
		return false, nil
	}
	return false, s.errf("expected ',' or %q in %s, found %q", closer, what, printablePrefix(s.buf[s.pos:s.end]))
}

// jsKey reads an object key (quoted or bare) and its ':'. The key is copied
// to s.tagName and stays valid until the next jsKey.
func (s *scanner) jsKey(where string) ([]byte, error) {
	if !s.jsSkipSpace() {
		return nil, s.endErr("a key in " + where)
	}
	c := s.buf[s.pos]
	switch {
	case c == '"' || c == '\'':
		str, err := s.jsString(desc{"a key in ", where, ""})
		if err != nil {
			return nil, err
		}
		s.tagName = append(s.tagName[:0], str...)
	case isIdentStart(c):
		n := 0
		for {
			for s.pos+n < s.end && isIdentByte(s.buf[s.pos+n]) {
				n++
			}
			if s.pos+n < s.end || !s.fill() {
				break
			}
		}
		s.tagName = append(s.tagName[:0], s.buf[s.pos:s.pos+n]...)
		s.pos += n
	default:
		return nil, s.errf("expected a key in %s, found %q", where, printablePrefix(s.buf[s.pos:s.end]))
	}
	if !s.jsSkipSpace() {
		return nil, s.endErr("':' after key \"" + string(s.tagName) + "\"")
	}
	if s.buf[s.pos] != ':' {
		return nil, s.errf("expected ':' after key %q, found %q", s.tagName, printablePrefix(s.buf[s.pos:s.end]))
	}
	s.pos++
	return s.tagName, nil
}

// jsScalar reads a string or bare scalar after skipping space. For strings it
// returns the decoded content; the slice is valid until the next read.
func (s *scanner) jsScalar(what string) (b []byte, quoted bool, err error) {
	if !s.jsSkipSpace() {
		return nil, false, s.endErr(what)
	}
	c := s.buf[s.pos]
	if c == '"' || c == '\'' {
		// Fast path: the whole string is buffered and needs no decoding
		// (no escapes, no control characters, which jsString rejects).
		if i := bytes.IndexByte(s.buf[s.pos+1:s.end], c); i >= 0 {
			str := s.buf[s.pos+1 : s.pos+1+i]
			if plainString(str) {
				s.pos += i + 2
				return str, true, nil
			}
		}
		b, err = s.jsString(lit(what))
		return b, true, err
	}
	if c == '{' || c == '[' {
		return nil, false, s.errf("expected %s, found %q", what, c)
	}
	n := 0
	for {
		for s.pos+n < s.end && !bareDelim[s.buf[s.pos+n]] {
			n++
		}
		if s.pos+n < s.end {
			break
		}
		if !s.fill() {
			// A bare scalar is always followed by a delimiter in a whole
			// payload, so input ending here means it was cut.
			return nil, false, s.endErr(what)
		}
	}
	if n == 0 {
		return nil, false, s.errf("expected %s, found %q", what, printablePrefix(s.buf[s.pos:s.end]))
	}
	b = s.buf[s.pos : s.pos+n]
	s.pos += n
	return b, false, nil
}

// jsString reads a quoted string starting at its quote and decodes escapes.
// The result is in s.scratch or the read buffer; valid until the next read.
func (s *scanner) jsString(what desc) ([]byte, error) {
	q := s.buf[s.pos]
	s.pos++
	s.scratch = s.scratch[:0]
	for {
		if s.pos >= s.end && !s.fill() {
			return nil, s.endErr(what.String())
		}
		c := s.buf[s.pos]
		switch {
		case c == q:
			s.pos++
			return s.scratch, nil
		case c == '\\':
			if err := s.jsEscape(what); err != nil {
				return nil, err
			}
		case c < 0x20:
			return nil, s.errf("control character %#x inside %s", c, what)
		default:
			s.scratch = append(s.scratch, c)
			s.pos++
		}
		if len(s.scratch) > maxTokenSize {
			return nil, s.errf("%s is longer than %d bytes", what, maxTokenSize)
		}
	}
}

// jsEscape decodes one backslash escape into s.scratch.
func (s *scanner) jsEscape(what desc) error {
	if !s.ensure(2) {
		return s.endErr(what.String())
	}
	e := s.buf[s.pos+1]
	s.pos += 2
	switch e {
	case '"', '\\', '/', '\'':
		s.scratch = append(s.scratch, e)
	case 'b':
		s.scratch = append(s.scratch, '\b')
	case 'f':
		s.scratch = append(s.scratch, '\f')
	case 'n':
		s.scratch = append(s.scratch, '\n')
	case 'r':
		s.scratch = append(s.scratch, '\r')
	case 't':
		s.scratch = append(s.scratch, '\t')
	case 'u':
		r, err := s.jsHex4(what)
		if err != nil {
			return err
		}
		if utf16.IsSurrogate(r) {
			if s.ensure(6) && s.buf[s.pos] == '\\' && s.buf[s.pos+1] == 'u' {
				s.pos += 2
				r2, err := s.jsHex4(what)
				if err != nil {
					return err
				}
				r = utf16.DecodeRune(r, r2)
			} else {
				r = utf8.RuneError
			}
		}
		s.scratch = utf8.AppendRune(s.scratch, r)
	default:
		return s.errf("invalid escape \\%c inside %s", e, what)
	}
	return nil
}

func (s *scanner) jsHex4(what desc) (rune, error) {
	if !s.ensure(4) {
		return 0, s.endErr(what.String())
	}
	var r rune
	for _, c := range s.buf[s.pos : s.pos+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, s.errf("invalid \\u escape inside %s", what)
		}
		r = r<<4 | rune(c)
	}
	s.pos += 4
	return r, nil
}

// jsSkipValue skips any value (object, array, string or bare scalar).
func (s *scanner) jsSkipValue(depth int) error {
	if depth > 64 {
		return s.errf("values nested more than 64 deep")
	}
	if !s.jsSkipSpace() {
		return s.endErr("a value")
	}
	switch s.buf[s.pos] {
	case '{':
		s.pos++
		empty, err := s.jsOpen('}', "an object")
		for more := !empty; err == nil && more; more, err = s.jsNext('}', "an object") {
			if _, err = s.jsKey("an object"); err == nil {
				err = s.jsSkipValue(depth + 1)
			}
			if err != nil {
				return err
			}
		}
		return err
	case '[':
		s.pos++
		empty, err := s.jsOpen(']', "an array")
		for more := !empty; err == nil && more; more, err = s.jsNext(']', "an array") {
			if err = s.jsSkipValue(depth + 1); err != nil {
				return err
			}
		}
		return err
	}
	_, _, err := s.jsScalar("a value")
	return err
}

// plainString reports whether a string body needs no decoding.
func plainString(b []byte) bool {
	for _, c := range b {
		if c == '\\' || c < 0x20 {
			return false
		}
	}
	return true
}

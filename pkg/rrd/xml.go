package rrd

import (
	"strconv"
	"unicode/utf8"
)

// This file is a minimal XML tokenizer, enough for what xapi writes through
// Xmlm (xen-api ocaml/libs/xapi-rrd/lib/rrd_updates.ml xml_of and rrd.ml
// xml_to_output): an optional XML declaration, nested elements without
// attributes, text content with the predefined entities, and empty elements
// written either as <x/> or as <x></x>.
// It also tolerates what rrdtool's own dump adds (comments, a DOCTYPE,
// attributes, whitespace) so fixtures from other tools read too.

type tagKind uint8

const (
	tagStart tagKind = iota + 1 // <name>
	tagEnd                      // </name>
	tagEmpty                    // <name/>
)

func (k tagKind) describe(name []byte) string {
	switch k {
	case tagEnd:
		return "</" + string(name) + ">"
	case tagEmpty:
		return "<" + string(name) + "/>"
	}
	return "<" + string(name) + ">"
}

// nextTag skips whitespace, comments, processing instructions and DOCTYPE
// declarations and reads the next tag. Other text where a tag belongs is an
// error. The returned name stays valid until the next nextTag call.
func (s *scanner) nextTag(want desc) (tagKind, []byte, error) {
	for {
		if !s.skipSpace() {
			return 0, nil, s.endErr(want.String())
		}
		if s.buf[s.pos] != '<' {
			return 0, nil, s.errf("expected %s, found text %q", want, printablePrefix(s.buf[s.pos:s.end]))
		}
		if !s.ensure(2) {
			return 0, nil, s.endErr(want.String())
		}
		switch s.buf[s.pos+1] {
		case '?':
			if err := s.skipPast("?>", "an XML declaration"); err != nil {
				return 0, nil, err
			}
			continue
		case '!':
			if s.hasPrefix("<!--") {
				if err := s.skipPast("-->", "a comment"); err != nil {
					return 0, nil, err
				}
				continue
			}
			if s.hasPrefix("<![CDATA[") {
				return 0, nil, s.errf("expected %s, found a CDATA section", want)
			}
			if err := s.skipPast(">", "a declaration"); err != nil {
				return 0, nil, err
			}
			continue
		case '/':
			s.pos += 2
			i := s.indexByte('>')
			if i < 0 {
				return 0, nil, s.endErr("an end tag")
			}
			s.scratchName(trimSpace(s.buf[s.pos : s.pos+i]))
			s.pos += i + 1
			if len(s.tagName) == 0 {
				return 0, nil, s.errf("empty end tag where %s was expected", want)
			}
			return tagEnd, s.tagName, nil
		}
		s.pos++
		return s.startTag(want)
	}
}

// startTag reads a start or empty-element tag after its '<'.
func (s *scanner) startTag(want desc) (tagKind, []byte, error) {
	n := 0
	for {
		for s.pos+n < s.end {
			c := s.buf[s.pos+n]
			if isSpace(c) || c == '/' || c == '>' {
				goto named
			}
			n++
		}
		if !s.fill() {
			return 0, nil, s.endErr("a tag name")
		}
	}
named:
	if n == 0 {
		return 0, nil, s.errf("expected %s, found a tag without a name", want)
	}
	s.scratchName(s.buf[s.pos : s.pos+n])
	s.pos += n
	var quote byte
	for {
		for s.pos < s.end {
			c := s.buf[s.pos]
			s.pos++
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				return tagStart, s.tagName, nil
			case c == '/':
				if !s.ensure(1) {
					return 0, nil, s.endErr("a tag")
				}
				if s.buf[s.pos] != '>' {
					return 0, nil, s.errf("expected '>' after '/' in <%s/>", s.tagName)
				}
				s.pos++
				return tagEmpty, s.tagName, nil
			}
		}
		if !s.fill() {
			return 0, nil, s.endErr("a tag")
		}
	}
}

// desc describes what the parser expected; it becomes a string only when an
// error is reported, so the hot path builds no messages.
type desc struct{ pre, name, post string }

func (d desc) String() string { return d.pre + d.name + d.post }

// lit is a desc made of one constant string.
func lit(s string) desc { return desc{pre: s} }

func (s *scanner) scratchName(b []byte) { s.tagName = append(s.tagName[:0], b...) }

// skipPast skips up to and including term.
func (s *scanner) skipPast(term, what string) error {
	i := s.indexString(term)
	if i < 0 {
		return s.endErr(what)
	}
	s.pos += i + len(term)
	return nil
}

// expectStart reads the next tag and requires <name>.
func (s *scanner) expectStart(name string) error {
	kind, got, err := s.nextTag(desc{"<", name, ">"})
	if err != nil {
		return err
	}
	if kind != tagStart || string(got) != name {
		return s.errf("expected <%s>, found %s", name, kind.describe(got))
	}
	return nil
}

// expectEnd reads the next tag and requires </name>.
func (s *scanner) expectEnd(name string) error {
	kind, got, err := s.nextTag(desc{"</", name, ">"})
	if err != nil {
		return err
	}
	if kind != tagEnd || string(got) != name {
		return s.errf("expected </%s>, found %s", name, kind.describe(got))
	}
	return nil
}

// leafText reads the text of a leaf element whose start tag <name> was just
// read, and its end tag. The common "text</name>" case returns a slice of the
// read buffer without copying; it is valid until the next read.
func (s *scanner) leafText(name string) ([]byte, error) {
	i := s.indexByte('<')
	if i < 0 {
		return nil, s.endErr("the text of <" + name + ">")
	}
	need := i + 3 + len(name)
	if s.ensure(need) {
		b := s.buf[s.pos:]
		if b[i+1] == '/' && b[need-1] == '>' && string(b[i+2:need-1]) == name {
			s.pos += need
			return b[:i], nil
		}
	}
	// Slow path: whitespace in the end tag, a nested element, truncation.
	s.scratch = append(s.scratch[:0], s.buf[s.pos:s.pos+i]...)
	s.pos += i
	kind, got, err := s.nextTag(desc{"</", name, ">"})
	if err != nil {
		return nil, err
	}
	if kind != tagEnd || string(got) != name {
		return nil, s.errf("expected </%s> after its text, found %s", name, kind.describe(got))
	}
	return s.scratch, nil
}

// skipElement skips the content of an element whose start tag was just read.
func (s *scanner) skipElement(name string) error {
	for depth := 1; depth > 0; {
		i := s.indexByte('<')
		if i < 0 {
			return s.endErr("the content of <" + name + ">")
		}
		s.pos += i
		kind, _, err := s.nextTag(desc{"</", name, ">"})
		if err != nil {
			return err
		}
		switch kind {
		case tagStart:
			depth++
			if depth > 64 {
				return s.errf("elements nested more than 64 deep inside <%s>", name)
			}
		case tagEnd:
			depth--
		}
	}
	return nil
}

// xmlString decodes the predefined entities and character references of an
// XML text into a new string.
func xmlString(b []byte) (string, bool) {
	amp := -1
	for i, c := range b {
		if c == '&' {
			amp = i
			break
		}
	}
	if amp < 0 {
		return string(b), true
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:amp]...)
	for i := amp; i < len(b); {
		c := b[i]
		if c != '&' {
			out = append(out, c)
			i++
			continue
		}
		semi := -1
		for j := i + 1; j < len(b) && j < i+12; j++ {
			if b[j] == ';' {
				semi = j
				break
			}
		}
		if semi < 0 {
			return "", false
		}
		ent := string(b[i+1 : semi])
		switch ent {
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "amp":
			out = append(out, '&')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return "", false
			}
			var r uint64
			var err error
			if ent[1] == 'x' {
				r, err = strconv.ParseUint(ent[2:], 16, 32)
			} else {
				r, err = strconv.ParseUint(ent[1:], 10, 32)
			}
			if err != nil || !utf8.ValidRune(rune(r)) {
				return "", false
			}
			out = utf8.AppendRune(out, rune(r))
		}
		i = semi + 1
	}
	return string(out), true
}

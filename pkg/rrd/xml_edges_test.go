package rrd

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestXMLStringEntities pins the entity decoding of legend text: the five predefined
// entities, decimal and hex character references, and what is malformed (no ';' within
// 11 characters, an unknown name, a reference that is not a Unicode scalar value).
func TestXMLStringEntities(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"plain", "plain", true},
		{"&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos;", `<a> & "b" 'c'`, true},
		{"a;&amp;b", "a;&b", true}, // a ';' before the '&' is text
		{"&#65;&#x42;&#9;", "AB\t", true},
		{"&#x10FFFF;", "\U0010FFFF", true}, // the longest reference, 10 characters
		{"a&b", "", false},                 // no ';'
		{"&abc", "", false},                // no ';' before the end
		{"&#0000000065;", "", false},       // ';' too far: 11 characters after '&'
		{"&foo;", "", false},
		{"&#;", "", false},
		{"&#xD800;", "", false},   // a surrogate
		{"&#x110000;", "", false}, // beyond Unicode
		{"&#6x;", "", false},
	}
	for _, tt := range tests {
		got, ok := xmlString([]byte(tt.in))
		if ok != tt.ok || got != tt.want {
			t.Errorf("xmlString(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func xmlMeta(extra string) string {
	return `<xport><meta><start>1</start><step>5</step><end>2</end><rows>1</rows><columns>1</columns>` + extra +
		`<legend><entry>AVERAGE:host:h:cpu0</entry></legend></meta><data><row><t>2</t><v>0.5</v></row></data></xport>`
}

// TestXMLUnknownElementsNestingLimitIsExact: an unknown element may hold 63 nested levels
// (64 with itself); one more is refused, and a payload cut inside one is truncated.
func TestXMLUnknownElementsNestingLimitIsExact(t *testing.T) {
	nest := func(n int) string {
		return "<extra>" + strings.Repeat("<a>", n) + strings.Repeat("</a>", n) + "</extra>"
	}
	if _, err := ParseUpdates(strings.NewReader(xmlMeta(nest(63)))); err != nil {
		t.Errorf("64 levels: %v", err)
	}
	if _, err := ParseUpdates(strings.NewReader(xmlMeta(nest(64)))); err == nil || !strings.Contains(err.Error(), "nested more than 64 deep inside <extra>") {
		t.Errorf("65 levels: err = %v, want the nesting error", err)
	}
	cut := xmlMeta(nest(3))
	cut = cut[:strings.Index(cut, "</a>")]
	if _, err := ParseUpdates(strings.NewReader(cut)); !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "the content of <extra>") {
		t.Errorf("cut inside <extra>: err = %v, want ErrTruncated naming <extra>", err)
	}
}

// TestXMLWhatRRDToolAdds: comments (also empty ones) and attributes, as rrdtool's own
// dump writes them, are read the same whatever the reader's chunk sizes.
func TestXMLWhatRRDToolAdds(t *testing.T) {
	in := `<?xml version="1.0"?><!----><xport version="1.0" note='a>b'><!-- meta --><meta>` +
		`<start>1</start><step>5</step><end>2</end><rows>1</rows><columns>1</columns><legend><entry>AVERAGE:host:h:cpu0</entry></legend></meta>` +
		`<data><row kind="x"><t>2</t><v>0.5</v></row></data></xport>`
	for shape, r := range map[string]io.Reader{
		"whole":    strings.NewReader(in),
		"one byte": iotest.OneByteReader(strings.NewReader(in)),
	} {
		u, err := ParseUpdates(r)
		if err != nil || fmt.Sprint(u.Values) != "[[0.5]]" {
			t.Errorf("%s: %+v, %v", shape, u, err)
		}
	}
}

// TestXMLLeafEndTagMustMatch: a leaf's text ends at its own end tag; another tag of the
// same length, or one that only looks like it, is an error naming what was found.
func TestXMLLeafEndTagMustMatch(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`<xport><meta><start>1</stapt>`, "expected </start> after its text, found </stapt>"},
		{`<xport><meta><start>1</startX>>`, "expected </start> after its text, found </startX>"},
		{`<xport><meta><start>1<Xstart>`, "expected </start> after its text, found <Xstart>"},
	} {
		_, err := ParseUpdates(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.in, err, tt.want)
		}
	}
}

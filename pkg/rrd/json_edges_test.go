package rrd

import (
	"strings"
	"testing"
)

// The JSON dialects at their edges: what JSON5 allows that xapi's old hand-built text or
// a JSON5 writer may put in (bare keys of any identifier character, block comments), and
// the limits that keep a hostile payload bounded, each hit exactly.

// json5Payload is a one-row payload in xapi's old text with extra placed inside meta.
func json5Payload(extra string) string {
	return `{meta: {start:1,step:5,end:2,rows:1,columns:1,` + extra + `legend:["AVERAGE:host:h:cpu0"]},data:[{t:2,values:[0.5]}]}`
}

func TestDetectFormatBareKeyInitials(t *testing.T) {
	for _, in := range []string{`{zone:1`, `{Alpha:1`, `{Zed:1`, `{_x:1`, `{$x:1`, `{a:1`} {
		if got, err := DetectFormat([]byte(in)); got != FormatJSON5 || err != nil {
			t.Errorf("DetectFormat(%q) = %v, %v; want JSON5 (a bare key)", in, got, err)
		}
	}
	for _, in := range []string{"{`x`:1", `{-x:1`, `{0x:1`} {
		if _, err := DetectFormat([]byte(in)); err == nil || !strings.Contains(err.Error(), "expected a key") {
			t.Errorf("DetectFormat(%q) err = %v, want \"expected a key\"", in, err)
		}
	}
}

func TestJSON5ExtrasAreSkipped(t *testing.T) {
	tests := map[string]string{
		"bare keys with every identifier character": `zone09:1,Alpha:2,Zed:3,_x:4,$y:5,`,
		"block comments": `/* a comment */ x:1, /**/ y:/* inside */2,`,
		"line comments":  "// a comment\n x:1,\n",
	}
	for name, extra := range tests {
		t.Run(name, func(t *testing.T) {
			u, err := ParseUpdates(strings.NewReader(json5Payload(extra)))
			if err != nil {
				t.Fatal(err)
			}
			if len(u.Values) != 1 || len(u.Values[0]) != 1 || u.Values[0][0] != 0.5 || u.Legends[0].Metric != "cpu0" {
				t.Fatalf("got %+v", u)
			}
		})
	}
	// A block comment that never closes is a cut payload.
	if _, err := ParseUpdates(strings.NewReader(`{meta: {start:1, /* never closed`)); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("open block comment: err = %v, want a truncation error", err)
	}
}

// TestNestingLimitIsExact: unknown members may nest 65 containers deep (depth 0..64);
// one more is refused, for objects as for arrays.
func TestNestingLimitIsExact(t *testing.T) {
	shapes := map[string]func(n int) string{
		"arrays":  func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) },
		"objects": func(n int) string { return strings.Repeat("{a:", n-1) + "{}" + strings.Repeat("}", n-1) },
	}
	for name, nest := range shapes {
		if _, err := ParseUpdates(strings.NewReader(json5Payload("x:" + nest(65) + ","))); err != nil {
			t.Errorf("%s 65 deep: %v", name, err)
		}
		if _, err := ParseUpdates(strings.NewReader(json5Payload("x:" + nest(66) + ","))); err == nil || !strings.Contains(err.Error(), "nested more than 64 deep") {
			t.Errorf("%s 66 deep: err = %v, want the nesting error", name, err)
		}
	}
}

// TestStringLengthLimitIsExact: a string that needs decoding may be maxTokenSize bytes
// long after decoding, not one byte more.
func TestStringLengthLimitIsExact(t *testing.T) {
	str := func(n int) string { return `"\n` + strings.Repeat("a", n-1) + `"` } // decodes to n bytes
	if _, err := ParseUpdates(strings.NewReader(json5Payload("note:" + str(maxTokenSize) + ","))); err != nil {
		t.Errorf("a string of maxTokenSize bytes: %v", err)
	}
	if _, err := ParseUpdates(strings.NewReader(json5Payload("note:" + str(maxTokenSize+1) + ","))); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("a string one byte over: err = %v, want a too-long error", err)
	}
}

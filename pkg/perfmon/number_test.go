package perfmon

import (
	"math"
	"testing"
)

// TestParseDecimalFastPath pins which inputs take the exact fast path (ok) and which are
// left to strconv (not ok). Either way parseValue returns the same number, so only this
// test sees a fast path that silently stopped working (the reader's speed depends on it,
// bench_test.go) or one that accepts what it cannot parse exactly.
func TestParseDecimalFastPath(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1234.567890", 1234.56789, true},
		{"-0.5", -0.5, true},
		{"+2", 2, true},
		{"1.", 1, true},
		{".5", 0.5, true},
		{"0.000000000000000001", 1e-18, true},        // 19 digits: the most the path takes
		{"9007199254740992", 9007199254740992, true}, // 2^53: still exact
		{"9007199254740993", 0, false},               // above 2^53
		{"0.0000000000000000001", 0, false},          // 20 digits
		{"12345678901234567890", 0, false},           // 20 digits
		{"1e5", 0, false},
		{"12.5.3", 0, false},
		{".", 0, false},
		{"-", 0, false},
		{"NaN", 0, false},
		{"1,5", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseDecimal([]byte(tt.in))
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("parseDecimal(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{" ", math.NaN(), true},
		{"", math.NaN(), true},
		{" 12.5 ", 12.5, true},
		{"1e5", 1e5, true},
		{"9007199254740993", 9007199254740993, true},
		{"abc", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseValue([]byte(tt.in))
		if ok != tt.ok || ok && !(got == tt.want || math.IsNaN(got) && math.IsNaN(tt.want)) {
			t.Errorf("parseValue(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

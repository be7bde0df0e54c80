package rrd

import "testing"

// TestParseFloatPrefixFastPath pins which values the exact fast path decodes itself (ok,
// with the bytes used) and which it leaves to strconv. parseFloat returns the same number
// either way, so only this test sees a fast path that stopped working (the scanners'
// speed rests on it, bench_test.go) or one that accepts more than it can do exactly.
func TestParseFloatPrefixFastPath(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		n    int
		ok   bool
	}{
		{"0.12346", 0.12346, 7, true},
		{"-2.5", -2.5, 4, true},
		{"+7", 7, 2, true},
		{"8.5899e+09", 8.5899e9, 10, true},
		{"1.234e-05", 1.234e-5, 9, true},
		{"1E3", 1000, 3, true},
		{"12345<", 12345, 5, true}, // stops at the terminator
		{"0.0", 0, 3, true},
		{"1e22", 1e22, 4, true}, // the largest exact power of ten
		{"1e-22", 1e-22, 5, true},
		{"0.000000000000000001", 1e-18, 20, true},        // 19 digits: the most the path takes
		{"9007199254740992", 9007199254740992, 16, true}, // 2^53
		{"9007199254740993", 0, 0, false},                // above 2^53
		{"1e23", 0, 0, false},
		{"1e-23", 0, 0, false},
		{"1e", 0, 0, false},
		{"1e+", 0, 0, false},
		{"1e100000", 0, 0, false},
		{"12345678901234567890", 0, 0, false}, // 20 digits
		{"NaN", 0, 0, false},
		{"-Infinity", 0, 0, false},
		{".", 0, 0, false},
	}
	for _, tt := range tests {
		f, n, ok := parseFloatPrefix([]byte(tt.in))
		if ok != tt.ok || ok && (f != tt.want || n != tt.n) {
			t.Errorf("parseFloatPrefix(%q) = %v, %d, %v; want %v, %d, %v", tt.in, f, n, ok, tt.want, tt.n, tt.ok)
		}
	}
}

package rrd

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/xenbench/xenbench/pkg/rrd/rrdgen"
)

func TestParseFloat(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"0.0", 0, true},
		{"0", 0, true},
		{"-0.0", math.Copysign(0, -1), true},
		{"8.5899e+09", 8.5899e+09, true},
		{"0.012345", 0.012345, true},
		{"2.0972e+08", 209720000, true},
		{"1e-07", 1e-7, true},
		{"1E5", 1e5, true},
		{".5", 0.5, true},
		{"5.", 5, true},
		{"+3", 3, true},
		{"NaN", math.NaN(), true},
		{"nan", math.NaN(), true},
		{"Infinity", math.Inf(1), true},
		{"-Infinity", math.Inf(-1), true},
		{"+Infinity", math.Inf(1), true},
		{"inf", math.Inf(1), true},
		{"1e400", math.Inf(1), true},
		{"-1e400", math.Inf(-1), true},
		{"1e-400", 0, true},
		{"123456789012345678901234567890", 1.2345678901234568e29, true},
		{"0.1234567890123456789", 0.12345678901234568, true},
		{"1e23", 1e23, true},
		{"4.9e-324", 5e-324, true},
		{"", 0, false},
		{"-", 0, false},
		{".", 0, false},
		{"1e", 0, false},
		{"1e+", 0, false},
		{"1.2.3", 0, false},
		{"0x10", 0, false},
		{"1_000", 0, false},
		{"12abc", 0, false},
		{"Infinityx", 0, false},
		{" 1", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseFloat([]byte(tt.in))
		if ok != tt.ok || (ok && got != tt.want && !(math.IsNaN(got) && math.IsNaN(tt.want))) ||
			(ok && got == 0 && math.Signbit(got) != math.Signbit(tt.want)) {
			t.Errorf("parseFloat(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestParseFloatMatchesStrconv checks the fast path against strconv on the
// shapes xapi prints ("%0.5g") and on random decimal strings.
func TestParseFloatMatchesStrconv(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		var s string
		switch i % 4 {
		case 0:
			v := math.Float64frombits(rng.Uint64())
			s = string(rrdgen.AppendValue(nil, v))
		case 1:
			s = strconv.FormatFloat(rng.NormFloat64()*math.Pow(10, float64(rng.IntN(40)-20)), 'g', rng.IntN(17)+1, 64)
		case 2:
			s = strconv.FormatFloat(rng.Float64()*1e6, 'f', rng.IntN(12), 64)
		default:
			s = strconv.FormatInt(rng.Int64N(1<<53), 10) + "e" + strconv.Itoa(rng.IntN(60)-30)
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil && !math.IsInf(want, 0) && want != 0 {
			continue
		}
		if s == "Infinity" || s == "-Infinity" || s == "NaN" {
			continue
		}
		got, ok := parseFloat([]byte(s))
		if !ok || (got != want && !(math.IsNaN(got) && math.IsNaN(want))) {
			t.Fatalf("parseFloat(%q) = %v, %v; strconv says %v", s, got, ok, want)
		}
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"1764072000", 1764072000, true},
		{"-300", -300, true},
		{"+7", 7, true},
		{"9223372036854775807", math.MaxInt64, true},
		{"-9223372036854775808", math.MinInt64, true},
		{"9223372036854775808", 0, false},
		{"-9223372036854775809", 0, false},
		{"99999999999999999999", 0, false},
		{"18446744073709551616", 0, false},
		{"", 0, false},
		{"-", 0, false},
		{"1.0", 0, false},
		{"1e3", 0, false},
		{" 1", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseInt([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseInt(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAppendValueMatchesXapi(t *testing.T) {
	// Expected strings are what C's printf("%0.5g") prints, as xapi's
	// rrd_utils.ml f_to_s does, plus its special cases.
	for v, want := range map[float64]string{
		8589934592: "8.5899e+09", 0.0282: "0.0282", 209715200: "2.0972e+08", 1: "1", 0: "0.0",
		123456: "1.2346e+05", 0.0001: "0.0001", 0.00001: "1e-05", math.Inf(1): "Infinity", math.Inf(-1): "-Infinity",
	} {
		if got := string(rrdgen.AppendValue(nil, v)); got != want {
			t.Errorf("AppendValue(%v) = %q, want %q", v, got, want)
		}
	}
	if got := string(rrdgen.AppendValue(nil, math.NaN())); got != "NaN" {
		t.Errorf("AppendValue(NaN) = %q", got)
	}
}

package perfmon

import (
	"bytes"
	"math"
	"strconv"
)

// parseValue converts one sample; " " and "" are a missing sample (NaN).
func parseValue(f []byte) (float64, bool) {
	f = bytes.TrimSpace(f)
	if len(f) == 0 {
		return math.NaN(), true
	}
	if v, ok := parseDecimal(f); ok {
		return v, true
	}
	v, err := strconv.ParseFloat(string(f), 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseDecimal is a fast path for the plain decimals PDH writes
// ("1234.567890", "-0.5"). When the digits form an integer below 2^53 and
// at most 22 of them follow the point, mantissa and power of ten are both
// exact in float64 and one IEEE division rounds correctly, so the result
// equals strconv.ParseFloat's (Clinger's fast path; FuzzParseValue checks
// it). Anything else (exponents, long fractions, "1e5", "NaN") reports
// false and goes to strconv. This halves the cost of reading every column.
func parseDecimal(b []byte) (float64, bool) {
	i, neg := 0, false
	if b[0] == '-' || b[0] == '+' {
		neg, i = b[0] == '-', 1
	}
	var m uint64
	digits, frac := 0, -1
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 19 {
				return 0, false
			}
			m = m*10 + uint64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			return 0, false
		}
	}
	if digits == 0 || m > 1<<53 {
		return 0, false
	}
	e := 0
	if frac > 0 {
		e = frac
	}
	if e >= len(pow10) {
		return 0, false
	}
	v := float64(m) / pow10[e]
	if neg {
		v = -v
	}
	return v, true
}

package rrd

import (
	"math"
	"strconv"
)

// pow10 holds the powers of ten that float64 represents exactly (10^0..10^22).
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseFloat decodes one RRD value. xapi prints values with "%0.5g" plus
// "NaN", "Infinity", "-Infinity" and "0.0" (xen-api
// ocaml/libs/xapi-rrd/lib/rrd_utils.ml f_to_s), so nearly every value has
// five significant digits and a small exponent. Those take the exact
// fast path (Clinger: an integer mantissa below 2^53 times or divided by an
// exactly representable power of ten is correctly rounded); everything else,
// including the special values, goes to strconv, which does not allocate for
// a []byte-to-string argument that does not escape.
//
// Out-of-range magnitudes (1e400) become ±Inf and tiny ones 0, as strconv
// rounds them; both are representable answers, not syntax errors.
func parseFloat(b []byte) (float64, bool) {
	if f, n, ok := parseFloatPrefix(b); ok && n == len(b) {
		return f, true
	}
	return parseFloatSlow(b)
}

// parseFloatPrefix is the fast path of parseFloat: it decodes the longest
// plain decimal number at the start of b ([-+]digits[.digits][e[-+]digits])
// and reports how many bytes it used. ok is false when the mantissa digits
// exceed 2^53, the exponent is beyond ±22 after scaling, or there are no
// digits (NaN, Infinity...); the caller then uses the general path. Callers
// check that the byte after the number is a legal terminator, which makes
// the hot loops single-pass: no separate search for the closing '<' or '"'.
func parseFloatPrefix(b []byte) (f float64, n int, ok bool) {
	i := 0
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		i++
	}
	// Accumulate every digit (leading zeros included, so no extra branch per
	// digit); 19 digits cannot overflow a uint64, and the result is exact if
	// the mantissa stays within 2^53.
	var mant uint64
	start := i
	for ; i < len(b); i++ {
		c := b[i] - '0'
		if c > 9 {
			break
		}
		mant = mant*10 + uint64(c)
	}
	digits := i - start
	exp := 0
	if i < len(b) && b[i] == '.' {
		i++
		fracStart := i
		for ; i < len(b); i++ {
			c := b[i] - '0'
			if c > 9 {
				break
			}
			mant = mant*10 + uint64(c)
		}
		exp = fracStart - i
		digits -= exp
	}
	if digits == 0 || digits > 19 || mant > 1<<53 {
		return 0, 0, false
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		eneg := false
		if i < len(b) && (b[i] == '-' || b[i] == '+') {
			eneg = b[i] == '-'
			i++
		}
		e, estart := 0, i
		for ; i < len(b); i++ {
			c := b[i] - '0'
			if c > 9 {
				break
			}
			if e > 10000 {
				return 0, 0, false
			}
			e = e*10 + int(c)
		}
		if i == estart {
			return 0, 0, false
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	f = float64(int64(mant)) // mant <= 2^53: exact, and one instruction
	switch {
	case mant == 0 || exp == 0:
	case exp > 0 && exp <= 22:
		f *= pow10[exp]
	case exp < 0 && exp >= -22:
		f /= pow10[-exp]
	default:
		return 0, 0, false
	}
	if neg {
		f = -f
	}
	return f, i, true
}

func parseFloatSlow(b []byte) (float64, bool) {
	// strconv also takes Go literal syntax (hex floats, digit separators);
	// neither is an RRD value.
	for _, c := range b {
		if c == '_' || c == 'x' || c == 'X' {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		// ErrRange: strconv already returned ±Inf or ±0, the nearest value.
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, true
		}
		return 0, false
	}
	return f, true
}

// parseInt decodes a decimal int64 (timestamps, counts) without allocating.
func parseInt(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 20 {
		return 0, false
	}
	i := 0
	neg := b[0] == '-'
	if neg || b[0] == '+' {
		i++
		if len(b) == 1 {
			return 0, false
		}
	}
	var u uint64
	for ; i < len(b); i++ {
		c := b[i] - '0'
		if c > 9 {
			return 0, false
		}
		if u > (math.MaxInt64+1)/10 { // the next digit would overflow
			return 0, false
		}
		u = u*10 + uint64(c)
		if u > math.MaxInt64+1 {
			return 0, false
		}
	}
	if neg {
		return -int64(u), true // u == 1<<63 wraps to MinInt64, which is right
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// trimSpace trims ASCII whitespace without allocating.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

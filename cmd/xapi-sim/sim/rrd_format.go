package sim

import (
	"math"
	"strconv"
)

// appendRRDFloat prints a value like Utils.f_to_s in
// ocaml/libs/xapi-rrd/lib/rrd_utils.ml: "%0.<digits>g" for normal numbers,
// "NaN", "Infinity", "-Infinity", and "0.0" for zero. Go's 'g' verb with a
// precision matches C's %g here: trailing zeros dropped, exponent for
// exp < -4 or exp >= precision, at least two exponent digits.
func appendRRDFloat(b []byte, v float64, digits int) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, 1):
		return append(b, "Infinity"...)
	case math.IsInf(v, -1):
		return append(b, "-Infinity"...)
	case v == 0:
		return append(b, "0.0"...)
	}
	return strconv.AppendFloat(b, v, 'g', digits, 64)
}

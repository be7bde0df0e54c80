package promexport

import (
	"math"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// decodeProto reads a WriteRequest into series key → [time, value] pairs.
func decodeProto(t testing.TB, b []byte) map[string][][2]float64 {
	t.Helper()
	out := map[string][][2]float64{}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 || num != 1 || typ != protowire.BytesType {
			t.Fatalf("bad WriteRequest field %d/%d", num, typ)
		}
		b = b[n:]
		ts, n := protowire.ConsumeBytes(b)
		b = b[n:]
		var key strings.Builder
		var pts [][2]float64
		for len(ts) > 0 {
			num, _, n := protowire.ConsumeTag(ts)
			ts = ts[n:]
			msg, n := protowire.ConsumeBytes(ts)
			ts = ts[n:]
			switch num {
			case 1:
				var name, value string
				for len(msg) > 0 {
					f, _, n := protowire.ConsumeTag(msg)
					msg = msg[n:]
					s, n := protowire.ConsumeString(msg)
					msg = msg[n:]
					if f == 1 {
						name = s
					} else {
						value = s
					}
				}
				key.WriteString(name + "\x00" + value + "\x00")
			case 2:
				var p [2]float64
				for len(msg) > 0 {
					f, _, n := protowire.ConsumeTag(msg)
					msg = msg[n:]
					if f == 1 {
						v, n := protowire.ConsumeFixed64(msg)
						msg = msg[n:]
						p[1] = math.Float64frombits(v)
					} else {
						v, n := protowire.ConsumeVarint(msg)
						msg = msg[n:]
						p[0] = float64(int64(v))
					}
				}
				pts = append(pts, p)
			}
		}
		out[key.String()] = append(out[key.String()], pts...)
	}
	return out
}

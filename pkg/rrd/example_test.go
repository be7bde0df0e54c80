package rrd_test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xenbench/xenbench/pkg/rrd"
)

// A body of xapi 23.31+ (strict JSON, numbers as strings), rows newest first.
const body = `{"meta":{"start":"1764071995","step":"5","end":"1764072000","rows":"2","columns":"2",` +
	`"legend":["AVERAGE:host:h1:cpu_avg","AVERAGE:vm:v1:memory"]},` +
	`"data":[{"t":"1764072000","values":["0.25","8.5899e+09"]},{"t":"1764071995","values":["NaN","8.5899e+09"]}]}`

func ExampleParseUpdates() {
	u, err := rrd.ParseUpdates(strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	for c, l := range u.Legends {
		fmt.Println(l.Kind, l.UUID, l.Metric, u.Timestamps, u.Values[c])
	}
	// Output:
	// host h1 cpu_avg [1764071995 1764072000] [NaN 0.25]
	// vm v1 memory [1764071995 1764072000] [8.5899e+09 8.5899e+09]
}

// lastRow keeps only the newest row, which comes first on the wire.
type lastRow struct {
	legends []rrd.Legend
	t       int64
	values  []float64
}

func (h *lastRow) Meta(m rrd.Meta) error { h.legends = m.Legends; return nil }
func (h *lastRow) Row(t int64, v []float64) error {
	if h.values == nil {
		h.t, h.values = t, append([]float64(nil), v...) // v is reused: copy it
	}
	return nil
}

func ExampleStreamUpdates() {
	var h lastRow
	if err := rrd.StreamUpdates(strings.NewReader(body), &h); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h.t, h.legends[0].Metric, h.values[0])
	// Output: 1764072000 cpu_avg 0.25
}

func ExampleErrTruncated() {
	// A caller-side size limit that cuts the body shows up as ErrTruncated.
	_, err := rrd.ParseUpdates(io.LimitReader(strings.NewReader(body), 100))
	fmt.Println(errors.Is(err, rrd.ErrTruncated))
	fmt.Println(err)
	// Output:
	// true
	// rrd: JSON with string numbers (xapi >= 23.31) payload at byte 100: payload ended while reading a meta.legend entry (truncated response or size limit reached?)
}

package rrd

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/xenbench/xenbench/pkg/rrd/rrdgen"
)

// This file checks the hand-written scanners against the standard library's
// decoders, used here only as slow, independent oracles.

type oracleRow struct {
	T      string
	Values []string
}

func oracleUpdates(t *testing.T, start, step, end string, legend []string, rows []oracleRow) *Updates {
	t.Helper()
	atoi := func(s string) int64 {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	u := &Updates{Start: atoi(start), Step: atoi(step), End: atoi(end), Timestamps: make([]int64, len(rows))}
	for _, l := range legend {
		u.Legends = append(u.Legends, oracleLegend(t, l))
		u.Values = append(u.Values, make([]float64, len(rows)))
	}
	for k, r := range rows {
		i := len(rows) - 1 - k
		u.Timestamps[i] = atoi(r.T)
		for c, s := range r.Values {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("oracle cannot parse %q: %v", s, err)
			}
			u.Values[c][i] = v
		}
	}
	return u
}

// oracleLegend splits "CF:kind:uuid:metric" without ParseLegend (the code
// under test): the first three colons end CF, kind and uuid, and the metric is
// the rest (xen-api rrd_updates.ml joins them that way; a data-source name may
// hold ':'). The oracle only sees valid legends, so it just checks the shape.
func oracleLegend(t *testing.T, s string) Legend {
	t.Helper()
	p := strings.SplitN(s, ":", 4)
	if len(p) != 4 || p[0] == "" || p[1] == "" || p[2] == "" || p[3] == "" {
		t.Fatalf("oracle: legend %q is not CF:kind:uuid:metric", s)
	}
	return Legend{CF: p[0], Kind: p[1], UUID: p[2], Metric: p[3]}
}

func oracleXML(t *testing.T, in []byte) *Updates {
	var doc struct {
		Meta struct {
			Start  string   `xml:"start"`
			Step   string   `xml:"step"`
			End    string   `xml:"end"`
			Legend []string `xml:"legend>entry"`
		} `xml:"meta"`
		Rows []struct {
			T string   `xml:"t"`
			V []string `xml:"v"`
		} `xml:"data>row"`
	}
	if err := xml.Unmarshal(in, &doc); err != nil {
		t.Fatal(err)
	}
	var rows []oracleRow
	for _, r := range doc.Rows {
		rows = append(rows, oracleRow{r.T, r.V})
	}
	return oracleUpdates(t, doc.Meta.Start, doc.Meta.Step, doc.Meta.End, doc.Meta.Legend, rows)
}

func oracleJSON(t *testing.T, in []byte) *Updates {
	type row struct {
		T      string   `json:"t"`
		Values []string `json:"values"`
	}
	var doc struct {
		Meta struct {
			Start, Step, End string
			Legend           []string
			Data             []row // xen-api PR #5456 layout
		}
		Data []row
	}
	if err := json.Unmarshal(in, &doc); err != nil {
		t.Fatal(err)
	}
	var rows []oracleRow
	for _, r := range append(doc.Data, doc.Meta.Data...) {
		rows = append(rows, oracleRow{r.T, r.Values})
	}
	return oracleUpdates(t, doc.Meta.Start, doc.Meta.Step, doc.Meta.End, doc.Meta.Legend, rows)
}

func TestAgainstStdlibOracles(t *testing.T) {
	inputs := map[string][]byte{}
	for name, in := range fixtures(t) {
		if f, _ := DetectFormat(in); f != FormatJSON5 {
			inputs[name] = in
		}
	}
	for seed := range uint64(8) {
		u := rrdgen.PoolHost(int(seed), int(seed*7%30), int(seed*13%40), 60, 1764072000, seed)
		inputs[fmt.Sprintf("generated-%d.xml", seed)] = encode(t, FormatXML, u)
		inputs[fmt.Sprintf("generated-%d.json", seed)] = encode(t, FormatJSONStrings, u)
		var b bytes.Buffer
		if err := rrdgen.WriteJSONStrings(&b, u, true); err != nil {
			t.Fatal(err)
		}
		inputs[fmt.Sprintf("generated-%d-data-in-meta.json", seed)] = b.Bytes()
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			var want *Updates
			if f, _ := DetectFormat(in); f == FormatXML {
				want = oracleXML(t, in)
			} else {
				want = oracleJSON(t, in)
			}
			got, err := ParseUpdates(bytes.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			if g, w := fmt.Sprint(toGoldenUpdates(got)), fmt.Sprint(toGoldenUpdates(want)); g != w {
				t.Errorf("differs from the standard-library oracle:\n got %s\nwant %s", g, w)
			}
		})
	}
}

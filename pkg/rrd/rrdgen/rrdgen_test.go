package rrdgen

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"math"
	"strings"
	"testing"
)

// TestAppendValue pins the value formatting of rrd_utils.ml f_to_s ("%0.5g" with its
// special cases) and the 15-digit form of xapi 25.3 and later.
func TestAppendValue(t *testing.T) {
	tests := []struct {
		v      float64
		digits int
		want   string
	}{
		{math.NaN(), 5, "NaN"},
		{math.Inf(1), 5, "Infinity"},
		{math.Inf(-1), 5, "-Infinity"},
		{0, 5, "0.0"},
		{math.Copysign(0, -1), 5, "0.0"},
		{8589934592, 5, "8.5899e+09"},
		{0.123456789, 5, "0.12346"},
		{12345.6, 5, "12346"},
		{123456, 5, "1.2346e+05"},
		{0.00001234, 5, "1.234e-05"},
		{-2.5, 5, "-2.5"},
		{0.123456789012345678, 15, "0.123456789012346"},
		{8589934592, 15, "8589934592"},
	}
	for _, tt := range tests {
		if got := string(AppendValueDigits([]byte("x"), tt.v, tt.digits)); got != "x"+tt.want {
			t.Errorf("AppendValueDigits(%v, %d) = %q, want %q", tt.v, tt.digits, got, "x"+tt.want)
		}
	}
	if got := string(AppendValue(nil, 0.123456789)); got != "0.12346" {
		t.Errorf("AppendValue uses %q, want the 5-digit default 0.12346", got)
	}
}

func TestSignificantDigitsDefault(t *testing.T) {
	for n, want := range map[int]int{-1: 5, 0: 5, 1: 1, 15: 15} {
		if got := significantDigits(n); got != want {
			t.Errorf("significantDigits(%d) = %d, want %d", n, got, want)
		}
	}
}

func small() Updates {
	return Updates{Start: 100, Step: 5, End: 105, Legends: []string{"AVERAGE:host:h1:cpu0", "AVERAGE:vm:v1:memory"},
		Rows: []Row{{T: 105, Values: []float64{0.5, math.NaN()}}, {T: 100, Values: []float64{0, 8589934592}}}}
}

// The three rrd_updates shapes, byte for byte (shapes cited in rrdgen.go).
func TestWriters(t *testing.T) {
	tests := []struct {
		name  string
		write func(*bytes.Buffer, Updates) error
		want  string
	}{
		{"xml", func(b *bytes.Buffer, u Updates) error { return WriteXML(b, u) },
			`<?xml version="1.0" encoding="UTF-8"?><xport><meta><start>100</start><step>5</step><end>105</end><rows>2</rows><columns>2</columns>` +
				`<legend><entry>AVERAGE:host:h1:cpu0</entry><entry>AVERAGE:vm:v1:memory</entry></legend></meta>` +
				`<data><row><t>105</t><v>0.5</v><v>NaN</v></row><row><t>100</t><v>0.0</v><v>8.5899e+09</v></row></data></xport>`},
		{"json5", func(b *bytes.Buffer, u Updates) error { return WriteJSON5(b, u) },
			`{meta: {start:100,step:5,end:105,rows:2,columns:2,legend:["AVERAGE:host:h1:cpu0","AVERAGE:vm:v1:memory"]},` +
				`data:[{t:105,values:[0.5,NaN]},{t:100,values:[0.0,8.5899e+09]}]}`},
		{"json strings", func(b *bytes.Buffer, u Updates) error { return WriteJSONStrings(b, u, false) },
			`{"meta":{"start":"100","step":"5","end":"105","rows":"2","columns":"2","legend":["AVERAGE:host:h1:cpu0","AVERAGE:vm:v1:memory"]},` +
				`"data":[{"t":"105","values":["0.5","NaN"]},{"t":"100","values":["0.0","8.5899e+09"]}]}`},
		{"json strings, data in meta (xen-api PR #5456)", func(b *bytes.Buffer, u Updates) error { return WriteJSONStrings(b, u, true) },
			`{"meta":{"start":"100","step":"5","end":"105","rows":"2","columns":"2","legend":["AVERAGE:host:h1:cpu0","AVERAGE:vm:v1:memory"],` +
				`"data":[{"t":"105","values":["0.5","NaN"]},{"t":"100","values":["0.0","8.5899e+09"]}]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b, small()); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Fatalf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
	u := small()
	u.Digits = 15
	u.Rows[0].Values[0] = 0.123456789012345678
	var b bytes.Buffer
	if err := WriteXML(&b, u); err != nil || !strings.Contains(b.String(), "<v>0.123456789012346</v>") {
		t.Errorf("Digits 15 not applied: %s (%v)", b.String(), err)
	}
}

// TestPoolHost checks the generated payload's shape: legends for the host's and each
// VM's metrics, rows newest first one step apart ending at end, values in the ranges of
// their kinds, and the same output for the same seed.
func TestPoolHost(t *testing.T) {
	const vms, perVM, rows, step, end = 3, 30, 7, 5, 1764072000
	u := PoolHost(vms, perVM, rows, step, end, 42)
	if u.Start != end-(rows-1)*step || u.Step != step || u.End != end {
		t.Fatalf("start/step/end %d/%d/%d", u.Start, u.Step, u.End)
	}
	if want := len(hostMetrics) + vms*perVM; len(u.Legends) != want {
		t.Fatalf("%d legends, want %d", len(u.Legends), want)
	}
	seen := map[string]bool{}
	for i, l := range u.Legends {
		p := strings.SplitN(l, ":", 4)
		if len(p) != 4 || p[0] != "AVERAGE" || (i < len(hostMetrics)) != (p[1] == "host") || len(p[2]) != 36 {
			t.Fatalf("legend %d %q", i, l)
		}
		if seen[l] {
			t.Fatalf("legend %q twice", l)
		}
		seen[l] = true
	}
	// The 26th metric of a VM wraps around the metric list with a suffix.
	if l := u.Legends[len(hostMetrics)+len(vmMetrics)]; !strings.HasSuffix(l, ":cpu0_1") {
		t.Errorf("first wrapped VM metric %q, want suffix :cpu0_1", l)
	}
	if len(u.Rows) != rows {
		t.Fatalf("%d rows", len(u.Rows))
	}
	for r, row := range u.Rows {
		if row.T != end-int64(r)*step || len(row.Values) != len(u.Legends) {
			t.Fatalf("row %d: t %d, %d values", r, row.T, len(row.Values))
		}
		for c, v := range row.Values {
			if math.IsNaN(v) {
				continue
			}
			name := u.Legends[c][strings.LastIndex(u.Legends[c], ":")+1:]
			if strings.HasPrefix(name, "cpu") && (v < 0 || v > 1) {
				t.Errorf("%s = %v, not a CPU fraction", name, v)
			}
			if v < 0 {
				t.Errorf("%s = %v < 0", name, v)
			}
		}
	}
	var a, b bytes.Buffer
	_ = WriteXML(&a, u)
	_ = WriteXML(&b, PoolHost(vms, perVM, rows, step, end, 42))
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("same seed, different payload")
	}
	b.Reset()
	_ = WriteXML(&b, PoolHost(vms, perVM, rows, step, end, 43))
	if bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("different seeds, same payload")
	}
}

// TestHostDump checks the four standard archives and the written dump through the
// standard library's XML and JSON decoders.
func TestHostDump(t *testing.T) {
	d := HostDump(3, 5, 1764072000, 1)
	if len(d.DS) != 3 || d.DS[0].Name != "cpu0" || d.DS[2].Name != "cpu2" || d.DS[0].LastUpdated != 1764072000 {
		t.Fatalf("data sources %+v", d.DS)
	}
	want := []struct{ pdp, rows int }{{1, 120}, {12, 120}, {720, 168}, {17280, 366}}
	if len(d.RRAs) != len(want) {
		t.Fatalf("%d archives", len(d.RRAs))
	}
	for i, w := range want {
		r := d.RRAs[i]
		if r.CF != "AVERAGE" || r.PDPPerRow != w.pdp || len(r.Rows) != w.rows || len(r.CDP) != 3 || len(r.Rows[0]) != 3 {
			t.Fatalf("archive %d: %s %d x %d", i, r.CF, r.PDPPerRow, len(r.Rows))
		}
	}
	if d17 := HostDump(17, 5, 0, 1); d17.DS[16].Name != "cpu0_1" {
		t.Errorf("17th data source %q, want cpu0_1", d17.DS[16].Name)
	}

	var xb bytes.Buffer
	if err := WriteDumpXML(&xb, d); err != nil {
		t.Fatal(err)
	}
	var x struct {
		Version    string   `xml:"version"`
		Step       int64    `xml:"step"`
		LastUpdate int64    `xml:"lastupdate"`
		DS         []string `xml:"ds>name"`
		RRA        []struct {
			CF  string `xml:"cf"`
			PDP int    `xml:"pdp_per_row"`
			Row []struct {
				V []string `xml:"v"`
			} `xml:"database>row"`
		} `xml:"rra"`
	}
	if err := xml.Unmarshal(xb.Bytes(), &x); err != nil {
		t.Fatal(err)
	}
	if x.Version != "0003" || x.Step != 5 || x.LastUpdate != 1764072000 || len(x.DS) != 3 || len(x.RRA) != 4 || x.RRA[3].PDP != 17280 || len(x.RRA[3].Row) != 366 || len(x.RRA[0].Row[0].V) != 3 {
		t.Fatalf("dump XML decodes to %+v", x)
	}
	if got := x.RRA[0].Row[5].V[1]; got != string(AppendValue(nil, d.RRAs[0].Rows[5][1])) {
		t.Errorf("XML value %q, want %v", got, d.RRAs[0].Rows[5][1])
	}

	var jb bytes.Buffer
	if err := WriteDumpJSON(&jb, d); err != nil {
		t.Fatal(err)
	}
	var j struct {
		Version    string `json:"version"`
		Step       string `json:"step"`
		LastUpdate string `json:"lastupdate"`
		DS         []map[string]string
		RRA        []struct {
			CF       string     `json:"cf"`
			PDP      string     `json:"pdp_per_row"`
			Database [][]string `json:"database"`
		} `json:"rra"`
	}
	if err := json.Unmarshal(jb.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	if j.Version != "0003" || j.Step != "5" || j.LastUpdate != "1.7641e+09" || len(j.DS) != 3 || j.DS[1]["name"] != "cpu1" || j.DS[1]["last_updated"] != "1.7641e+09" || len(j.RRA) != 4 || j.RRA[1].PDP != "12" || len(j.RRA[2].Database) != 168 {
		t.Fatalf("dump JSON decodes to %+v", j)
	}
	if got := j.RRA[0].Database[5][1]; got != string(AppendValue(nil, d.RRAs[0].Rows[5][1])) {
		t.Errorf("JSON value %q, want %v", got, d.RRAs[0].Rows[5][1])
	}
}

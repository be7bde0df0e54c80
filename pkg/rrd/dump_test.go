package rrd

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xenbench/xenbench/pkg/rrd/rrdgen"
)

func TestParseDumpRoundTrip(t *testing.T) {
	const lastUpdate = 1764072003
	gen := rrdgen.HostDump(20, 5, lastUpdate, 7)
	for name, write := range map[string]func(*bytes.Buffer) error{
		"xml":  func(b *bytes.Buffer) error { return rrdgen.WriteDumpXML(b, gen) },
		"json": func(b *bytes.Buffer) error { return rrdgen.WriteDumpJSON(b, gen) },
	} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatal(err)
			}
			d, err := ParseDump(&b)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.DataSources) != 20 || len(d.RRAs) != 4 || d.Step != 5 || d.Version != "0003" {
				t.Fatalf("dump = %d ds, %d rras, step %d, version %q", len(d.DataSources), len(d.RRAs), d.Step, d.Version)
			}
			// The JSON dump carries lastupdate as "%0.5g" (1.7641e+09).
			if name == "json" {
				if !d.LastUpdateRounded || d.LastUpdate != 1764100000 {
					t.Errorf("json lastupdate = %d rounded=%v, want 1764100000 rounded", d.LastUpdate, d.LastUpdateRounded)
				}
			} else if d.LastUpdateRounded || d.LastUpdate != lastUpdate {
				t.Errorf("xml lastupdate = %d rounded=%v", d.LastUpdate, d.LastUpdateRounded)
			}
			for i, r := range d.RRAs {
				g := gen.RRAs[i]
				if r.CF != g.CF || r.PDPPerRow != g.PDPPerRow || r.Step != 5*int64(g.PDPPerRow) || len(r.CDPPrep) != 20 {
					t.Errorf("rra %d = %s/%d/%d/%d cdp", i, r.CF, r.PDPPerRow, r.Step, len(r.CDPPrep))
				}
				n := len(g.Rows)
				if len(r.Timestamps) != n {
					t.Fatalf("rra %d has %d timestamps, want %d", i, len(r.Timestamps), n)
				}
				newest := d.LastUpdate / r.Step * r.Step
				if r.Timestamps[n-1] != newest || r.Timestamps[0] != newest-int64(n-1)*r.Step {
					t.Errorf("rra %d timestamps %d..%d, want %d..%d", i, r.Timestamps[0], r.Timestamps[n-1], newest-int64(n-1)*r.Step, newest)
				}
				for c := range d.DataSources {
					for k := range n {
						want, _ := parseFloat(rrdgen.AppendValue(nil, g.Rows[k][c]))
						got := r.Values[c][k]
						if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
							t.Fatalf("rra %d ds %d row %d = %v, want %v", i, c, k, got, want)
						}
					}
				}
			}
		})
	}
}

func TestParseDumpBadInput(t *testing.T) {
	xmlDS := `<ds><name>cpu0</name><type>GAUGE</type><minimal_heartbeat>300</minimal_heartbeat><min>0.0</min><max>1</max><last_ds>0.5</last_ds><value>0.0</value><unknown_sec>0</unknown_sec></ds>`
	cdp := `<cdp_prep><ds><primary_value>0.0</primary_value><secondary_value>0.0</secondary_value><value>0.0</value><unknown_datapoints>0</unknown_datapoints></ds></cdp_prep>`
	head := `<rrd><version>0003</version><step>5</step><lastupdate>1000</lastupdate>` + xmlDS
	tests := []struct {
		name    string
		in      string
		wantErr error
		wantMsg string
	}{
		{"row too wide", head + `<rra><cf>AVERAGE</cf><pdp_per_row>1</pdp_per_row><params><xff>0.5</xff></params>` + cdp + `<database><row><v>1</v><v>2</v></row></database></rra></rrd>`, ErrLegendMismatch, "rra 0 row 0 has 2 values but the RRD has 1 data sources"},
		{"cdp_prep count", head + `<rra><cf>AVERAGE</cf><pdp_per_row>1</pdp_per_row><cdp_prep></cdp_prep><database></database></rra></rrd>`, ErrLegendMismatch, "cdp_prep has 0 entries"},
		{"missing lastupdate", `<rrd><step>5</step></rrd>`, nil, "no step or lastupdate"},
		{"zero step", `<rrd><step>0</step></rrd>`, nil, "expected a positive number of seconds"},
		{"bad cf", head + `<rra><cf>MEDIAN</cf></rra></rrd>`, nil, `consolidation function "MEDIAN"`},
		{"bad pdp", head + `<rra><cf>AVERAGE</cf><pdp_per_row>-1</pdp_per_row></rra></rrd>`, nil, "expected a positive count"},
		{"no pdp", head + `<rra><cf>AVERAGE</cf>` + cdp + `</rra></rrd>`, nil, "pdp_per_row 0"},
		{"bad type", `<rrd><ds><name>x</name><type>COUNTER</type></ds></rrd>`, nil, `data source type "COUNTER"`},
		{"ds without name", `<rrd><ds><type>GAUGE</type></ds></rrd>`, nil, "data source 0 has no <name>"},
		{"ds after rra", head + `<rra><cf>AVERAGE</cf><pdp_per_row>1</pdp_per_row>` + cdp + `</rra>` + xmlDS + `</rrd>`, nil, "a <ds> after an <rra>"},
		{"bad value", head + `<rra><cf>AVERAGE</cf><pdp_per_row>1</pdp_per_row>` + cdp + `<database><row><v>x</v></row></database></rra></rrd>`, nil, `<v> is "x"`},
		{"not an rrd", `<xport></xport>`, nil, "expected <rrd>, found <xport>"},
		{"json row too short", `{"version":"0003","step":"5","lastupdate":"1000","ds":[{"name":"a","type":"GAUGE"},{"name":"b","type":"GAUGE"}],"rra":[{"cf":"AVERAGE","pdp_per_row":"1","cdp_prep":{"ds":[{},{}]},"database":[["1"]]}]}`, ErrLegendMismatch, "has 1 values but the RRD has 2 data sources"},
		{"json bad lastupdate", `{"step":"5","lastupdate":"soon"}`, nil, `lastupdate is "soon"`},
		{"json rra without cf", `{"step":"5","lastupdate":"1","rra":[{}]}`, nil, "rra 0 has no cf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseDump(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("no error; got %+v", d)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("err = %q, want it to contain %q", err, tt.wantMsg)
			}
		})
	}
}

func TestParseDumpTruncatedEveryOffset(t *testing.T) {
	for _, file := range []string{"dump_host.xml", "dump_host.json"} {
		in, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		complete := len(bytes.TrimRight(in, " \t\r\n"))
		for n := 0; n < complete; n++ {
			if _, err := ParseDump(bytes.NewReader(in[:n])); !errors.Is(err, ErrTruncated) {
				t.Fatalf("%s cut at byte %d (%q): err = %v, want ErrTruncated", file, n, in[max(0, n-20):n], err)
			}
		}
	}
}

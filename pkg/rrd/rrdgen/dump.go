package rrdgen

import (
	"bufio"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
)

// Dump is a full RRD to write like /host_rrd or /vm_rrd.
type Dump struct {
	Step       int64
	LastUpdate int64
	DS         []DS
	RRAs       []RRA
	// Digits as in Updates: 0 means 5 (xapi before 25.3), 15 for later xapi.
	Digits int
}

func (d Dump) digits() int { return significantDigits(d.Digits) }

// DS is one data source.
type DS struct {
	Name, Type                            string
	Heartbeat, Min, Max, Last, Value, Unk float64
	// LastUpdated is ds_last_updated; rrd.ml's Json module always writes it (the XML
	// writer only for internal dumps, which HTTP handlers do not serve).
	LastUpdated float64
}

// RRA is one archive; Rows are oldest first, one value per DS each.
type RRA struct {
	CF        string
	PDPPerRow int
	XFF       float64
	CDP       []float64 // cdp_prep value per DS
	Rows      [][]float64
}

// HostDump builds a plausible host RRD with the four standard AVERAGE
// archives (5 s x 120, 60 s x 120, 3600 s x 168, 86400 s x 366, as
// documented on https://xapi-project.github.io/xen-api/metrics.html).
func HostDump(nds int, step, lastUpdate int64, seed uint64) Dump {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	d := Dump{Step: step, LastUpdate: lastUpdate}
	for i := range nds {
		m := hostMetrics[i%len(hostMetrics)]
		name := m.name
		if i >= len(hostMetrics) {
			name += "_" + strconv.Itoa(i/len(hostMetrics))
		}
		d.DS = append(d.DS, DS{Name: name, Type: "GAUGE", Heartbeat: 300, Min: 0, Max: math.Inf(1),
			Last: m.kind.sample(rng), Value: 0, Unk: 0, LastUpdated: float64(lastUpdate)})
	}
	for _, a := range []struct{ pdp, rows int }{{1, 120}, {12, 120}, {720, 168}, {17280, 366}} {
		r := RRA{CF: "AVERAGE", PDPPerRow: a.pdp, XFF: 0.5, CDP: make([]float64, nds)}
		for range a.rows {
			row := make([]float64, nds)
			for c := range row {
				row[c] = hostMetrics[c%len(hostMetrics)].kind.sample(rng)
			}
			r.Rows = append(r.Rows, row)
		}
		d.RRAs = append(d.RRAs, r)
	}
	return d
}

// WriteDumpXML writes d like rrd.ml xml_to_output.
func WriteDumpXML(w io.Writer, d Dump) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	n := d.digits()
	b := make([]byte, 0, 4096)
	b = append(b, `<?xml version="1.0" encoding="UTF-8"?><rrd><version>0003</version><step>`...)
	b = strconv.AppendInt(b, d.Step, 10)
	b = append(b, "</step><lastupdate>"...)
	b = strconv.AppendInt(b, d.LastUpdate, 10)
	b = append(b, "</lastupdate>"...)
	for _, ds := range d.DS {
		b = append(b, "<ds><name>"...)
		b = append(b, ds.Name...)
		b = append(b, "</name><type>"...)
		b = append(b, ds.Type...)
		b = append(b, "</type><minimal_heartbeat>"...)
		b = AppendValueDigits(b, ds.Heartbeat, n)
		b = append(b, "</minimal_heartbeat><min>"...)
		b = AppendValueDigits(b, ds.Min, n)
		b = append(b, "</min><max>"...)
		b = AppendValueDigits(b, ds.Max, n)
		b = append(b, "</max><last_ds>"...)
		b = AppendValueDigits(b, ds.Last, n)
		b = append(b, "</last_ds><value>"...)
		b = AppendValueDigits(b, ds.Value, n)
		b = append(b, "</value><unknown_sec>"...)
		b = strconv.AppendInt(b, int64(ds.Unk), 10)
		b = append(b, "</unknown_sec></ds>"...)
	}
	bw.Write(b)
	for _, r := range d.RRAs {
		b = append(b[:0], "<rra><cf>"...)
		b = append(b, r.CF...)
		b = append(b, "</cf><pdp_per_row>"...)
		b = strconv.AppendInt(b, int64(r.PDPPerRow), 10)
		b = append(b, "</pdp_per_row><params><xff>"...)
		b = AppendValueDigits(b, r.XFF, n)
		b = append(b, "</xff></params><cdp_prep>"...)
		for _, c := range r.CDP {
			b = append(b, "<ds><primary_value>0.0</primary_value><secondary_value>0.0</secondary_value><value>"...)
			b = AppendValueDigits(b, c, n)
			b = append(b, "</value><unknown_datapoints>0</unknown_datapoints></ds>"...)
		}
		b = append(b, "</cdp_prep><database>"...)
		bw.Write(b)
		for _, row := range r.Rows {
			b = append(b[:0], "<row>"...)
			for _, v := range row {
				b = append(b, "<v>"...)
				b = AppendValueDigits(b, v, n)
				b = append(b, "</v>"...)
			}
			b = append(b, "</row>"...)
			bw.Write(b)
		}
		bw.WriteString("</database></rra>")
	}
	bw.WriteString("</rrd>")
	return bw.Flush()
}

// WriteDumpJSON writes d like rrd.ml Json.rrd through Yojson: every scalar a
// string, and lastupdate printed with "%0.5g" as xapi does.
func WriteDumpJSON(w io.Writer, d Dump) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	n := d.digits()
	str := func(b []byte, v float64) []byte {
		b = append(b, '"')
		b = AppendValueDigits(b, v, n)
		return append(b, '"')
	}
	b := make([]byte, 0, 4096)
	b = append(b, `{"version":"0003","step":"`...)
	b = strconv.AppendInt(b, d.Step, 10)
	b = append(b, `","lastupdate":`...)
	b = str(b, float64(d.LastUpdate))
	b = append(b, `,"ds":[`...)
	for i, ds := range d.DS {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = strconv.AppendQuote(b, ds.Name)
		b = append(b, `,"type":`...)
		b = strconv.AppendQuote(b, ds.Type)
		for _, f := range []struct {
			k string
			v float64
		}{{"minimal_heartbeat", ds.Heartbeat}, {"min", ds.Min}, {"max", ds.Max}, {"last_ds", ds.Last}, {"value", ds.Value}, {"unknown_sec", ds.Unk}, {"last_updated", ds.LastUpdated}} {
			b = append(b, `,"`...)
			b = append(b, f.k...)
			b = append(b, `":`...)
			b = str(b, f.v)
		}
		b = append(b, '}')
	}
	b = append(b, `],"rra":[`...)
	bw.Write(b)
	for i, r := range d.RRAs {
		b = b[:0]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"cf":`...)
		b = strconv.AppendQuote(b, r.CF)
		b = append(b, `,"pdp_per_row":"`...)
		b = strconv.AppendInt(b, int64(r.PDPPerRow), 10)
		b = append(b, `","params":{"xff":`...)
		b = str(b, r.XFF)
		b = append(b, `},"cdp_prep":{"ds":[`...)
		for j, c := range r.CDP {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"primary_value":"0.0","secondary_value":"0.0","value":`...)
			b = str(b, c)
			b = append(b, `,"unknown_datapoints":"0"}`...)
		}
		b = append(b, `]},"database":[`...)
		for j, row := range r.Rows {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			for k, v := range row {
				if k > 0 {
					b = append(b, ',')
				}
				b = str(b, v)
			}
			b = append(b, ']')
		}
		b = append(b, "]}"...)
		bw.Write(b)
	}
	bw.WriteString("]}")
	return bw.Flush()
}

package sim

import (
	"strconv"
	"time"

	"github.com/xenbench/xenbench/pkg/rrd/rrdgen"
)

// writeRRDDump prints a whole RRD as /host_rrd and /vm_rrd send it:
// rrdtool-dump XML (rrd.ml xml_to_output: version 0003, step, integer
// lastupdate, one <ds> per source, one <rra> per archive with cdp_prep and
// database rows oldest first), or for JSON-capable hosts the rrd.ml
// module Json form where every scalar is a string and rows are arrays.
func (s *Server) writeRRDDump(b []byte, sources []dataSource, fill func([]float64, *instant), now time.Time, jsonOut bool) []byte {
	digits := s.prof.Digits
	last := now.Unix() / rrdStep * rrdStep
	// Evaluate each archive's rows once.
	type archive struct {
		a    rra
		rows [][]float64 // oldest first
	}
	archives := make([]archive, len(rras))
	var lastRow []float64
	for ai, a := range rras {
		step := int64(rrdStep * a.PDPs)
		end := last / step * step
		rows := make([][]float64, a.Rows)
		for i := 0; i < a.Rows; i++ {
			t := end - int64(a.Rows-1-i)*step
			at := time.Unix(t, 0).UTC()
			if step > rrdStep {
				at = at.Add(-time.Duration(step/2) * time.Second)
			}
			row := make([]float64, len(sources))
			fill(row, s.instantAt(at))
			rows[i] = row
		}
		archives[ai] = archive{a, rows}
		if ai == 0 {
			lastRow = rows[len(rows)-1]
		}
	}
	f := func(b []byte, v float64) []byte { return rrdgen.AppendValueDigits(b, v, digits) }
	if jsonOut {
		q := func(b []byte, v float64) []byte { b = append(b, '"'); b = f(b, v); return append(b, '"') }
		b = append(b, `{"version":"0003","step":"5","lastupdate":`...)
		b = q(b, float64(last))
		b = append(b, `,"ds":[`...)
		for i, ds := range sources {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":"`+ds.Name+`","type":"`+string(ds.Kind)+`","minimal_heartbeat":`...)
			b = q(b, 300)
			b = append(b, `,"min":`...)
			b = q(b, ds.Min)
			b = append(b, `,"max":`...)
			b = q(b, ds.Max)
			b = append(b, `,"last_ds":`...)
			b = q(b, lastRow[i])
			b = append(b, `,"value":`...)
			b = q(b, 0)
			b = append(b, `,"unknown_sec":`...)
			b = q(b, 0)
			b = append(b, `,"last_updated":`...)
			b = q(b, float64(last))
			b = append(b, '}')
		}
		b = append(b, `],"rra":[`...)
		for ai, ar := range archives {
			if ai > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"cf":"AVERAGE","pdp_per_row":"`...)
			b = strconv.AppendInt(b, int64(ar.a.PDPs), 10)
			b = append(b, `","params":{"xff":`...)
			b = q(b, 0.5)
			b = append(b, `},"cdp_prep":{"ds":[`...)
			for i := range sources {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"primary_value":"0.0","secondary_value":"0.0","value":"0.0","unknown_datapoints":"0"}`...)
			}
			b = append(b, `]},"database":[`...)
			for ri, row := range ar.rows {
				if ri > 0 {
					b = append(b, ',')
				}
				b = append(b, '[')
				for j, v := range row {
					if j > 0 {
						b = append(b, ',')
					}
					b = q(b, v)
				}
				b = append(b, ']')
			}
			b = append(b, "]}"...)
		}
		return append(b, "]}"...)
	}
	b = append(b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n<rrd><version>0003</version><step>5</step><lastupdate>"...)
	b = strconv.AppendInt(b, last, 10)
	b = append(b, "</lastupdate>"...)
	for i, ds := range sources {
		b = append(b, "<ds><name>"+ds.Name+"</name><type>"+string(ds.Kind)+"</type><minimal_heartbeat>"...)
		b = f(b, 300)
		b = append(b, "</minimal_heartbeat><min>"...)
		b = f(b, ds.Min)
		b = append(b, "</min><max>"...)
		b = f(b, ds.Max)
		b = append(b, "</max><last_ds>"...)
		b = f(b, lastRow[i])
		b = append(b, "</last_ds><value>0.0</value><unknown_sec>0</unknown_sec></ds>"...)
	}
	for _, ar := range archives {
		b = append(b, "<rra><cf>AVERAGE</cf><pdp_per_row>"...)
		b = strconv.AppendInt(b, int64(ar.a.PDPs), 10)
		b = append(b, "</pdp_per_row><params><xff>"...)
		b = f(b, 0.5)
		b = append(b, "</xff></params><cdp_prep>"...)
		for range sources {
			b = append(b, "<ds><primary_value>0.0</primary_value><secondary_value>0.0</secondary_value><value>0.0</value><unknown_datapoints>0</unknown_datapoints></ds>"...)
		}
		b = append(b, "</cdp_prep><database>"...)
		for _, row := range ar.rows {
			b = append(b, "<row>"...)
			for _, v := range row {
				b = append(b, "<v>"...)
				b = f(b, v)
				b = append(b, "</v>"...)
			}
			b = append(b, "</row>"...)
		}
		b = append(b, "</database></rra>"...)
	}
	return append(b, "</rrd>"...)
}

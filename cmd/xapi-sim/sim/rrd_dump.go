package sim

import (
	"bytes"
	"time"

	"github.com/xenbench/xenbench/pkg/rrd/rrdgen"
)

// writeRRDDump prints a whole RRD as /host_rrd and /vm_rrd send it:
// rrdtool-dump XML (rrd.ml xml_to_output: version 0003, step, integer
// lastupdate, one <ds> per source, one <rra> per archive with cdp_prep and
// database rows oldest first), or for JSON-capable hosts the rrd.ml
// module Json form where every scalar is a string and rows are arrays.
func (s *Server) writeRRDDump(b []byte, sources []dataSource, fill func([]float64, *instant), now time.Time, jsonOut bool) ([]byte, error) {
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
	d := rrdgen.Dump{Step: rrdStep, LastUpdate: last, Digits: digits}
	for i, ds := range sources {
		d.DS = append(d.DS, rrdgen.DS{Name: ds.Name, Type: string(ds.Kind), Heartbeat: 300, Min: ds.Min, Max: ds.Max,
			Last: lastRow[i], LastUpdated: float64(last)})
	}
	for _, ar := range archives {
		d.RRAs = append(d.RRAs, rrdgen.RRA{CF: "AVERAGE", PDPPerRow: ar.a.PDPs, XFF: 0.5, CDP: make([]float64, len(sources)), Rows: ar.rows})
	}
	// The same writers as package rrd's fixtures (pkg/rrd/rrdgen), after rrd.ml
	// xml_to_output and its Json module.
	buf := bytes.NewBuffer(b)
	var err error
	if jsonOut {
		err = rrdgen.WriteDumpJSON(buf, d)
	} else {
		err = rrdgen.WriteDumpXML(buf, d)
	}
	return buf.Bytes(), err
}

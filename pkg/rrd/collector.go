package rrd

// maxPreallocValues bounds what meta.rows x meta.columns may make the
// collector allocate before the rows have actually arrived (8 MiB of
// float64s). Real RRAs hold at most a few hundred rows; a bigger claim is
// collected row by row instead, so a tiny malicious header cannot make us
// allocate gigabytes.
var maxPreallocValues = 1 << 20 // a var so tests can force the transposing path

// collector is the Handler behind ParseUpdates. It lays rows out
// column-major, oldest first, in one backing array sized from meta.rows
// (which StreamUpdates validates against the data). For claims above
// maxPreallocValues it appends rows as they come and transposes at the end.
type collector struct {
	u       Updates
	rows    int
	seen    int
	direct  bool
	flat    []float64 // row-major, wire order; only when !direct
	wireTs  []int64   // wire order; only when !direct
	columns int
}

func (c *collector) Meta(m Meta) error {
	c.u = Updates{Start: m.Start, End: m.End, Step: m.Step, Legends: m.Legends}
	c.rows, c.columns = m.Rows, len(m.Legends)
	c.direct = uint64(m.Rows)*uint64(len(m.Legends)) <= uint64(maxPreallocValues)
	if !c.direct {
		return nil
	}
	c.u.Timestamps = make([]int64, m.Rows)
	backing := make([]float64, m.Rows*len(m.Legends))
	c.u.Values = make([][]float64, len(m.Legends))
	for i := range c.u.Values {
		c.u.Values[i] = backing[i*m.Rows : (i+1)*m.Rows : (i+1)*m.Rows]
	}
	return nil
}

func (c *collector) Row(t int64, values []float64) error {
	if !c.direct {
		c.wireTs = append(c.wireTs, t)
		c.flat = append(c.flat, values...)
		return nil
	}
	i := c.rows - 1 - c.seen // wire order is newest first
	c.seen++
	c.u.Timestamps[i] = t
	for col, v := range values {
		c.u.Values[col][i] = v
	}
	return nil
}

// finish transposes rows collected without preallocation.
func (c *collector) finish() {
	if c.direct {
		return
	}
	n := len(c.wireTs)
	c.u.Timestamps = make([]int64, n)
	for k, t := range c.wireTs {
		c.u.Timestamps[n-1-k] = t
	}
	backing := make([]float64, n*c.columns)
	c.u.Values = make([][]float64, c.columns)
	for col := range c.u.Values {
		v := backing[col*n : (col+1)*n : (col+1)*n]
		for k := 0; k < n; k++ {
			v[n-1-k] = c.flat[k*c.columns+col]
		}
		c.u.Values[col] = v
	}
	c.flat, c.wireTs = nil, nil
}

package rrdgen

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// PoolHost builds the rrd_updates payload one pool host would answer with
// host=true&vm_uuid=all: its own data sources plus metricsPerVM for each of
// vms resident VMs, over rows rows of step seconds ending at end. Values look
// like real ones after "%0.5g": CPU fractions, byte counts in the 1e9 range,
// latencies, exact zeros and a sprinkling of NaN. Deterministic for a seed.
func PoolHost(vms, metricsPerVM, rows int, step, end int64, seed uint64) Updates {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	uuid := func() string {
		return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", rng.Uint32(), rng.Uint32()&0xffff,
			rng.Uint32()&0xfff, rng.Uint32()&0xfff, rng.Uint64()&0xffffffffffff)
	}
	var legends []string
	var kinds []metricKind
	host := uuid()
	for _, m := range hostMetrics {
		legends = append(legends, "AVERAGE:host:"+host+":"+m.name)
		kinds = append(kinds, m.kind)
	}
	for range vms {
		vm := uuid()
		for i := range metricsPerVM {
			m := vmMetrics[i%len(vmMetrics)]
			name := m.name
			if i >= len(vmMetrics) {
				name = fmt.Sprintf("%s_%d", m.name, i/len(vmMetrics))
			}
			legends = append(legends, "AVERAGE:vm:"+vm+":"+name)
			kinds = append(kinds, m.kind)
		}
	}
	u := Updates{Start: end - int64(rows-1)*step, Step: step, End: end, Legends: legends}
	for r := range rows {
		vals := make([]float64, len(legends))
		for c, k := range kinds {
			vals[c] = k.sample(rng)
		}
		u.Rows = append(u.Rows, Row{T: end - int64(r)*step, Values: vals})
	}
	return u
}

type metricKind uint8

const (
	kindFraction metricKind = iota // cpuN: 0..1
	kindBytes                      // memory: ~1e9..1e10
	kindRate                       // vif/vbd bytes per second
	kindLatency                    // microseconds
	kindCount                      // small counts, often exactly zero
)

func (k metricKind) sample(rng *rand.Rand) float64 {
	if rng.IntN(200) == 0 {
		return math.NaN() // unknown PDP
	}
	switch k {
	case kindFraction:
		return rng.Float64() * 0.6
	case kindBytes:
		return float64(1+rng.IntN(16)) * (1 << 30) * (0.5 + rng.Float64())
	case kindRate:
		return rng.ExpFloat64() * 2e5
	case kindLatency:
		return rng.ExpFloat64() * 800
	default:
		if rng.IntN(3) == 0 {
			return 0
		}
		return float64(rng.IntN(40))
	}
}

type metric struct {
	name string
	kind metricKind
}

var hostMetrics = []metric{
	{"cpu0", kindFraction}, {"cpu1", kindFraction}, {"cpu2", kindFraction}, {"cpu3", kindFraction},
	{"cpu_avg", kindFraction}, {"loadavg", kindCount}, {"memory_total_kib", kindBytes},
	{"memory_free_kib", kindBytes}, {"pif_eth0_rx", kindRate}, {"pif_eth0_tx", kindRate},
	{"iops_read_3a1c2b4d", kindCount}, {"iops_write_3a1c2b4d", kindCount},
	{"io_throughput_read_3a1c2b4d", kindFraction}, {"read_latency_3a1c2b4d", kindLatency},
	{"write_latency_3a1c2b4d", kindLatency}, {"xapi_open_fds", kindCount},
}

var vmMetrics = []metric{
	{"cpu0", kindFraction}, {"cpu1", kindFraction}, {"cpu2", kindFraction}, {"cpu3", kindFraction},
	{"memory", kindBytes}, {"memory_target", kindBytes}, {"memory_internal_free", kindBytes},
	{"vif_0_rx", kindRate}, {"vif_0_tx", kindRate}, {"vif_0_rx_errors", kindCount},
	{"vbd_xvda_read", kindRate}, {"vbd_xvda_write", kindRate}, {"vbd_xvda_iops_read", kindCount},
	{"vbd_xvda_iops_write", kindCount}, {"vbd_xvda_iops_total", kindCount},
	{"vbd_xvda_read_latency", kindLatency}, {"vbd_xvda_write_latency", kindLatency},
	{"vbd_xvda_inflight", kindCount}, {"vbd_xvda_avgqu_sz", kindFraction},
	{"vbd_xvdb_read", kindRate}, {"vbd_xvdb_write", kindRate}, {"vbd_xvdb_iops_read", kindCount},
	{"vbd_xvdb_iops_write", kindCount}, {"vbd_xvdb_read_latency", kindLatency},
	{"vbd_xvdb_write_latency", kindLatency},
}

package sim

import (
	"fmt"
	"math"
)

// Data-source names and units follow what xcp-rrdd and its plugins publish
// (xapi-project/xen-api ocaml/xcp-rrdd/bin/rrdp-*, and Xen Orchestra's
// packages/xo-server/src/xapi-stats.mjs, which reads them):
//
//	host: cpu<N> and cpu_avg (fraction 0..1), loadavg, memory_total_kib and
//	      memory_free_kib (KiB), pif_<dev>_rx/tx (bytes/s), xapi_* (KiB);
//	      per SR, suffixed with the first 8 characters of its uuid:
//	      iops_{read,write,total}_, io_throughput_{read,write,total}_ (MiB/s),
//	      {read,write}_latency_ and latency_ (microseconds), avgqu_sz_,
//	      inflight_, iowait_;
//	VM:   cpu<N> (fraction), memory and memory_target (bytes),
//	      memory_internal_free (KiB), vbd_<dev>_{read,write} (bytes/s),
//	      vbd_<dev>_{read,write}_latency (microseconds),
//	      vbd_<dev>_iops_{read,write,total}, vif_<n>_{rx,tx} (bytes/s).

// dsKind is the rrdtool data-source type printed in full dumps.
type dsKind string

const (
	gauge    dsKind = "GAUGE"
	absolute dsKind = "ABSOLUTE"
	derive   dsKind = "DERIVE"
)

type dataSource struct {
	Name     string
	Kind     dsKind
	Min, Max float64
}

func (s *Server) hostSources(h *simHost) []dataSource {
	var ds []dataSource
	for c := 0; c < hostCores; c++ {
		ds = append(ds, dataSource{fmt.Sprintf("cpu%d", c), derive, 0, 1})
	}
	ds = append(ds,
		dataSource{"cpu_avg", gauge, 0, 1},
		dataSource{"loadavg", gauge, 0, math.Inf(1)},
		dataSource{"memory_total_kib", gauge, 0, math.Inf(1)},
		dataSource{"memory_free_kib", gauge, 0, math.Inf(1)},
		dataSource{"pif_eth0_rx", derive, 0, math.Inf(1)},
		dataSource{"pif_eth0_tx", derive, 0, math.Inf(1)},
		dataSource{"pif_aggr_rx", derive, 0, math.Inf(1)},
		dataSource{"pif_aggr_tx", derive, 0, math.Inf(1)},
		dataSource{"xapi_memory_usage_kib", gauge, 0, math.Inf(1)},
		dataSource{"xapi_free_memory_kib", gauge, 0, math.Inf(1)},
	)
	for _, sr := range []*simSR{s.srs[0], s.srs[h.LocalSR]} {
		short := sr.UUID[:8]
		for _, m := range []string{"iops_read", "iops_write", "iops_total", "io_throughput_read", "io_throughput_write", "io_throughput_total",
			"read_latency", "write_latency", "latency", "avgqu_sz", "inflight", "iowait"} {
			ds = append(ds, dataSource{m + "_" + short, gauge, 0, math.Inf(1)})
		}
	}
	return ds
}

func vmSources(vm *simVM) []dataSource {
	var ds []dataSource
	for c := 0; c < vm.VCPUs; c++ {
		ds = append(ds, dataSource{fmt.Sprintf("cpu%d", c), derive, 0, 1})
	}
	ds = append(ds,
		dataSource{"memory", gauge, 0, math.Inf(1)},
		dataSource{"memory_target", gauge, 0, math.Inf(1)},
		dataSource{"memory_internal_free", gauge, 0, math.Inf(1)},
	)
	for _, dev := range vm.VBDDevices {
		for _, m := range []string{"read", "write", "read_latency", "write_latency", "iops_read", "iops_write", "iops_total"} {
			ds = append(ds, dataSource{"vbd_" + dev + "_" + m, gauge, 0, math.Inf(1)})
		}
	}
	for _, dev := range vm.VIFDevices {
		ds = append(ds, dataSource{"vif_" + dev + "_rx", derive, 0, math.Inf(1)}, dataSource{"vif_" + dev + "_tx", derive, 0, math.Inf(1)})
	}
	return ds
}

// vbdStats is one virtual disk's traffic at an instant.
type vbdStats struct {
	readBps, writeBps     float64
	readLatUs, writeLatUs float64
	iopsRead, iopsWrite   float64
}

// vmDisks computes the VM's per-disk stats. Exchange VMs put the system on
// xvda, the database on xvdb and the logs on xvdc; the guest's perfmon disk
// counters and these VBD figures come from the same sample, so both views
// agree.
func (s *Server) vmDisks(in *instant, vm *simVM, ex exchangeSample) []vbdStats {
	out := make([]vbdStats, len(vm.VBDDevices))
	n := noise{seed: uint64(s.opts.Seed)}
	key := uint64(vm.Index)*0x51 + 7
	if vm.Exchange {
		out[0] = vbdStats{iopsRead: 4 * n.factor(key, in.tick, 20, 0.2), iopsWrite: 9 * n.factor(key, in.tick, 21, 0.2), readLatUs: 1800, writeLatUs: 2500}
		out[1] = vbdStats{iopsRead: ex.DBReadIOPS, iopsWrite: ex.DBWriteIOPS, readLatUs: ex.DBReadSec * 1e6, writeLatUs: ex.DBWriteSec * 1e6}
		out[2] = vbdStats{iopsRead: 0.5, iopsWrite: ex.LogWriteIOPS, readLatUs: ex.LogReadSec * 1e6, writeLatUs: ex.LogWriteSec * 1e6}
		out[0].readBps, out[0].writeBps = out[0].iopsRead*16384, out[0].iopsWrite*8192
		out[1].readBps, out[1].writeBps = out[1].iopsRead*8192, out[1].iopsWrite*8192 // 8 KiB ESE pages
		out[2].readBps, out[2].writeBps = out[2].iopsRead*4096, out[2].iopsWrite*4096
		return out
	}
	u := in.vmUtil[vm.Index]
	out[0] = vbdStats{iopsRead: 30 * u * n.factor(key, in.tick, 22, 0.2), iopsWrite: 20 * u * n.factor(key, in.tick, 23, 0.2),
		readLatUs: 900 * n.factor(key, in.tick, 24, 0.1), writeLatUs: 1200 * n.factor(key, in.tick, 25, 0.1)}
	out[0].readBps, out[0].writeBps = out[0].iopsRead*32768, out[0].iopsWrite*16384
	return out
}

// fillVM writes the VM's values at the instant into dst (NaN when the VM
// was not running: an RRD has no data for those steps).
func (s *Server) fillVM(dst []float64, in *instant, vm *simVM) {
	if in.vmHost[vm.Index] < 0 {
		for i := range dst {
			dst[i] = math.NaN()
		}
		return
	}
	n := noise{seed: uint64(s.opts.Seed)}
	key := uint64(vm.Index)*0x9e37 + 3
	var ex exchangeSample
	util := in.vmUtil[vm.Index]
	if vm.Exchange {
		ex = s.exchangeAt(in, vm.Index, true)
		util = ex.CPUPercent / 100
	}
	k := 0
	for c := 0; c < vm.VCPUs; c++ {
		dst[k] = math.Min(1, util*n.factor(key, in.tick, uint64(100+c), 0.08))
		k++
	}
	free := float64(vm.Memory) / 1024 * 0.4
	if vm.Exchange {
		free = ex.AvailableMB * 1024
	}
	dst[k], dst[k+1], dst[k+2] = float64(vm.Memory), float64(vm.Memory), free*n.factor(key, in.tick, 30, 0.01)
	k += 3
	for _, d := range s.vmDisks(in, vm, ex) {
		dst[k], dst[k+1], dst[k+2], dst[k+3] = d.readBps, d.writeBps, d.readLatUs, d.writeLatUs
		dst[k+4], dst[k+5], dst[k+6] = d.iopsRead, d.iopsWrite, d.iopsRead+d.iopsWrite
		k += 7
	}
	rx, tx := 200e3*util, 120e3*util
	if vm.Exchange {
		rx, tx = float64(ex.Mailboxes)*600, float64(ex.Mailboxes)*900
	}
	for range vm.VIFDevices {
		dst[k], dst[k+1] = rx*n.factor(key, in.tick, 31, 0.1), tx*n.factor(key, in.tick, 32, 0.1)
		k += 2
	}
}

// fillHost writes the host's values: CPU from the resident VMs' demand,
// memory from their sizes, and per-SR storage aggregated from their disks.
func (s *Server) fillHost(dst []float64, in *instant, h *simHost) {
	if !in.hostUp[h.Index] {
		for i := range dst {
			dst[i] = math.NaN()
		}
		return
	}
	n := noise{seed: uint64(s.opts.Seed)}
	key := uint64(h.Index)*0x7f4a + 11
	util := in.hostUtil[h.Index]
	k := 0
	sum := 0.0
	for c := 0; c < hostCores; c++ {
		v := math.Min(1, math.Max(0, util*n.factor(key, in.tick, uint64(200+c), 0.12)))
		dst[k] = v
		sum += v
		k++
	}
	dst[k] = sum / hostCores
	dst[k+1] = util * hostCores * 1.1 * n.factor(key, in.tick, 40, 0.05)
	used := float64(dom0MemoryBytes)
	var rx, tx float64
	type srAgg struct{ r, w, rb, wb, rlat, wlat float64 }
	var shared, local srAgg
	for _, i := range in.hostVMs[h.Index] {
		vm := s.vms[i]
		used += float64(vm.Memory)
		var ex exchangeSample
		if vm.Exchange {
			ex = s.exchangeAt(in, i, true)
			rx += float64(ex.Mailboxes) * 600
			tx += float64(ex.Mailboxes) * 900
		} else {
			rx += 200e3 * in.vmUtil[i]
			tx += 120e3 * in.vmUtil[i]
		}
		agg := &shared
		if !vm.Exchange && len(s.hosts) == 1 {
			agg = &local
		}
		for _, d := range s.vmDisks(in, vm, ex) {
			agg.r += d.iopsRead
			agg.w += d.iopsWrite
			agg.rb += d.readBps
			agg.wb += d.writeBps
			agg.rlat += d.readLatUs * d.iopsRead
			agg.wlat += d.writeLatUs * d.iopsWrite
		}
	}
	// dom0's own disk on local storage.
	local.r += 2
	local.w += 6
	local.rb += 2 * 4096
	local.wb += 6 * 4096
	local.rlat += 2 * 500
	local.wlat += 6 * 700
	const kib = 1024.0
	total := float64(hostMemoryBytes)
	dst[k+2] = total / kib
	dst[k+3] = math.Max(0, total-used) / kib
	dst[k+4], dst[k+5] = rx*n.factor(key, in.tick, 41, 0.05), tx*n.factor(key, in.tick, 42, 0.05)
	dst[k+6], dst[k+7] = dst[k+4], dst[k+5]
	dst[k+8] = 420e3 * n.factor(key, in.tick, 43, 0.02)
	dst[k+9] = 1.2e6 * n.factor(key, in.tick, 44, 0.02)
	k += 10
	for _, a := range []srAgg{shared, local} {
		rl, wl := 0.0, 0.0
		if a.r > 0 {
			rl = a.rlat / a.r
		}
		if a.w > 0 {
			wl = a.wlat / a.w
		}
		lat := 0.0
		if a.r+a.w > 0 {
			lat = (a.rlat + a.wlat) / (a.r + a.w)
		}
		const mib = 1 << 20
		queue := (a.r + a.w) * lat / 1e6 // Little's law
		dst[k], dst[k+1], dst[k+2] = a.r, a.w, a.r+a.w
		dst[k+3], dst[k+4], dst[k+5] = a.rb/mib, a.wb/mib, (a.rb+a.wb)/mib
		dst[k+6], dst[k+7], dst[k+8] = rl, wl, lat
		dst[k+9], dst[k+10], dst[k+11] = queue, math.Round(queue), math.Min(1, queue/32)
		k += 12
	}
}

package sim

import (
	"math"
	"time"
)

// instant is the whole pool evaluated at one simulated time. Building it is
// O(VMs); every metric of that time is then O(1).
type instant struct {
	t        time.Time
	tick     int64
	run      runInfo
	vmHost   []int     // host index per VM, -1 when down
	vmUtil   []float64 // utilisation of the VM's vCPUs (0..1)
	hostUtil []float64 // utilisation of each host's cores (may exceed 1)
	hostUp   []bool
	storage  float64 // mailboxes on the shared SR / 8,000
	hostVMs  [][]int // VM indexes running on each host
}

// instantCacheSize bounds the instants kept between requests: every host's
// rrd_updates for the same window then shares them (a pool-wide scrape of
// 64 hosts evaluates each instant once instead of 64 times).
const instantCacheSize = 512

// instantAt returns the pool at t, cached. Past instants never change
// (actions only happen at the simulated now); the cache is dropped whenever
// the placement of a VM or the power of a host changes.
func (s *Server) instantAt(t time.Time) *instant {
	key := t.UnixNano()
	if in, ok := s.instants[key]; ok {
		return in
	}
	in := s.computeInstant(t)
	if len(s.instants) >= instantCacheSize {
		clear(s.instants)
	}
	if s.instants == nil {
		s.instants = map[int64]*instant{}
	}
	s.instants[key] = in
	return in
}

func (s *Server) invalidateInstants() { clear(s.instants) }

// dom0Cores is the CPU the control domain uses for I/O and xapi.
const dom0Cores = 0.3

func (s *Server) computeInstant(t time.Time) *instant {
	in := &instant{
		t: t, tick: tickOf(t), run: s.scen.phaseAt(t),
		vmHost: make([]int, len(s.vms)), vmUtil: make([]float64, len(s.vms)),
		hostUtil: make([]float64, len(s.hosts)), hostUp: make([]bool, len(s.hosts)), hostVMs: make([][]int, len(s.hosts)),
	}
	for i, h := range s.hosts {
		in.hostUp[i] = !t.Before(s.created) && h.upAt(t)
		if in.hostUp[i] {
			in.hostUtil[i] = dom0Cores / hostCores
		}
	}
	if t.Before(s.created) {
		for i := range in.vmHost {
			in.vmHost[i] = -1
		}
		return in
	}
	n := noise{seed: uint64(s.opts.Seed)}
	mailboxesOnSR := 0
	for i, vm := range s.vms {
		h := vm.hostAt(t)
		in.vmHost[i] = h
		if h < 0 {
			continue
		}
		var u float64
		if vm.Exchange {
			m := mailboxesFor(in.run.Mailboxes, i)
			mailboxesOnSR += m
			u = serverUtilisation(m) + 0.03
		} else {
			// A light general-purpose VM: a per-VM base load with a slow
			// daily-ish wave and short-term noise.
			key := uint64(i) * 0x9e37
			base := 0.05 + 0.2*n.uniform(key, 0, 77)
			wave := 0.05 * math.Sin(2*math.Pi*float64(t.Unix())/5400+6*n.uniform(key, 0, 78))
			u = math.Max(0.01, (base+wave)*n.factor(key, in.tick, 79, 0.1))
		}
		in.vmUtil[i] = u
		in.hostVMs[h] = append(in.hostVMs[h], i)
		in.hostUtil[h] += u * float64(vm.VCPUs) / hostCores
	}
	in.storage = float64(mailboxesOnSR) / 8000
	return in
}

// upAt reports whether the host was powered on at t (failures are stored
// as liveness spans once detected; the down window starts at the failure).
func (h *simHost) upAt(t time.Time) bool {
	for i := len(h.power) - 1; i >= 0; i-- {
		if !h.power[i].From.After(t) {
			return h.power[i].Live
		}
	}
	return true
}

// blipAt is the latency multiplier of a VM at t: slightly slower while its
// memory is being copied, a short spike right after the switch-over, and a
// cache warm-up after an HA restart.
func (s *Server) blipAt(vm *simVM, t time.Time) float64 {
	b := 1.0
	for i := 1; i < len(vm.placements); i++ {
		prev, cur := vm.placements[i-1], vm.placements[i]
		if cur.Host < 0 {
			continue
		}
		end := cur.From
		if prev.Host >= 0 { // XenMotion
			start := end.Add(-migrationDuration(vm))
			switch {
			case !t.Before(start) && t.Before(end):
				b = math.Max(b, 1.15)
			case !t.Before(end) && t.Before(end.Add(2*time.Minute)):
				b = math.Max(b, 1+0.8*math.Exp(-t.Sub(end).Seconds()/20))
			}
		} else if !t.Before(end) && t.Before(end.Add(5*time.Minute)) { // restart
			b = math.Max(b, 1+1.0*math.Exp(-t.Sub(end).Seconds()/60))
		}
	}
	return b
}

// exchangeAt computes the counters of Exchange server number server (0..3)
// on the given platform at the instant.
func (s *Server) exchangeAt(in *instant, server int, virtual bool) exchangeSample {
	inputs := exchangeInputs{Mailboxes: mailboxesFor(in.run.Mailboxes, server), Virtual: virtual, Up: true, Blip: 1}
	name := nativeServerNames[server]
	if virtual {
		vm := s.vms[server]
		name = vm.Name
		h := in.vmHost[server]
		inputs.Up = h >= 0
		if h >= 0 {
			inputs.HostUtil = in.hostUtil[h]
		}
		inputs.StorageLoad = in.storage
		inputs.Blip = s.blipAt(vm, in.t)
	}
	if in.t.Before(s.created) {
		inputs.Up = false
	}
	return s.withNoise(exchangeModel(inputs), keyHash(name), in.tick)
}

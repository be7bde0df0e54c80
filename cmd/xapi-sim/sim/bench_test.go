package sim

import (
	"testing"
	"time"
)

var benchSink []byte

// BenchmarkRRDUpdates2000VMs bounds the cost of the /rrd_updates answer
// for a 2,000-VM pool of 64 hosts: the master's answer (host RRD plus its
// ~31 resident VMs) for the Xen Orchestra "seconds" query (120 rows of 5 s,
// string-number JSON). Bytes/op is the response size.
func BenchmarkRRDUpdates2000VMs(b *testing.B) {
	s := startSim(b, Options{Seed: 1, Hosts: 64, VMs: 2000})
	if err := s.Advance(10 * time.Minute); err != nil {
		b.Fatal(err)
	}
	uq := updatesQuery{start: -595, interval: 5, cf: "AVERAGE", host: true, vmAll: true}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		s.mu.Lock()
		x, err := s.buildUpdates(s.updatesSets(0, uq), uq, s.now)
		s.mu.Unlock()
		if err != nil {
			b.Fatal(err)
		}
		benchSink, _ = writeXport(benchSink[:0], x, rrdJSONStrings, 5)
		size = len(benchSink)
	}
	b.SetBytes(int64(size))
}

// BenchmarkRRDUpdatesAllHosts2000VMs bounds a full pool scrape: one
// /rrd_updates per host for all 64 hosts (2,000 VMs in total), 120 rows.
func BenchmarkRRDUpdatesAllHosts2000VMs(b *testing.B) {
	s := startSim(b, Options{Seed: 1, Hosts: 64, VMs: 2000})
	if err := s.Advance(10 * time.Minute); err != nil {
		b.Fatal(err)
	}
	uq := updatesQuery{start: -595, interval: 5, cf: "AVERAGE", host: true, vmAll: true}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		size = 0
		for h := 0; h < 64; h++ {
			s.mu.Lock()
			x, err := s.buildUpdates(s.updatesSets(h, uq), uq, s.now)
			s.mu.Unlock()
			if err != nil {
				b.Fatal(err)
			}
			benchSink, _ = writeXport(benchSink[:0], x, rrdJSONStrings, 5)
			size += len(benchSink)
		}
	}
	b.SetBytes(int64(size))
}

// BenchmarkStart2000VMs bounds the start-up of a 64-host, 2,000-VM pool
// (building every record, listening on 64 ports).
func BenchmarkStart2000VMs(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s, err := Start(Options{Seed: 1, Hosts: 64, VMs: 2000, Clock: NewManualClock(t0)})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

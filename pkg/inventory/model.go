// Package inventory reads what a pool contains (pool, hosts, VMs, SRs, tags) from XAPI
// and keeps it per datasource instance for a short time, so that variables, queries and
// the health check do not each list 2,000 VMs.
package inventory

import (
	"sort"
	"strings"
	"time"
)

// Pool is the pool record (XAPI class pool).
type Pool struct {
	Ref, UUID, Name string
	MasterRef       string
}

// Host is one member of the pool (XAPI classes host and host_metrics).
type Host struct {
	Ref, UUID, Name string
	// Address is host.address: the management IP other hosts and we use to reach it.
	Address string
	Enabled bool
	// Live is host_metrics.live: false when the master has not heard from the host.
	Live     bool
	IsMaster bool
	// ProductVersion and XapiVersion come from host.software_version
	// (product_version, xapi); APIVersion is API_version_major.minor.
	ProductVersion, ProductBrand, XapiVersion, APIVersion string
}

// VM is one guest; control domains, templates and snapshots are left out.
type VM struct {
	Ref, UUID, Name string
	// PowerState is Running, Halted, Paused or Suspended.
	PowerState string
	// HostRef/HostUUID/HostName name the host the VM is resident on ("" if halted).
	HostRef, HostUUID, HostName string
	Tags                        []string
	// GuestHostNames are the host names the guest agent reports (see GuestHostNames);
	// none without a guest agent.
	GuestHostNames []string
}

// SR is a storage repository; HostUUIDs are the hosts with an attached PBD, i.e. the
// hosts whose RRDs carry the SR's metrics.
type SR struct {
	Ref, UUID, Name, Type string
	Shared                bool
	Tags                  []string
	HostUUIDs             []string
}

// Snapshot is the pool's inventory at one moment. It is never modified after it is
// built, so callers may share it freely.
type Snapshot struct {
	Pool    Pool
	Hosts   []Host // sorted by name
	VMs     []VM   // sorted by name
	SRs     []SR   // sorted by name
	Fetched time.Time

	hostsByRef  map[string]int
	hostsByUUID map[string]int
	vmsByUUID   map[string]int
}

func (s *Snapshot) index() {
	sort.Slice(s.Hosts, func(i, j int) bool { return s.Hosts[i].Name < s.Hosts[j].Name })
	sort.Slice(s.VMs, func(i, j int) bool { return s.VMs[i].Name < s.VMs[j].Name })
	sort.Slice(s.SRs, func(i, j int) bool { return s.SRs[i].Name < s.SRs[j].Name })
	s.hostsByRef = make(map[string]int, len(s.Hosts))
	s.hostsByUUID = make(map[string]int, len(s.Hosts))
	for i, h := range s.Hosts {
		s.hostsByRef[h.Ref] = i
		s.hostsByUUID[h.UUID] = i
	}
	s.vmsByUUID = make(map[string]int, len(s.VMs))
	for i, v := range s.VMs {
		s.vmsByUUID[v.UUID] = i
	}
}

// HostByRef returns the host with that ref.
func (s *Snapshot) HostByRef(ref string) (Host, bool) {
	i, ok := s.hostsByRef[ref]
	if !ok {
		return Host{}, false
	}
	return s.Hosts[i], true
}

// HostByUUID returns the host with that uuid.
func (s *Snapshot) HostByUUID(uuid string) (Host, bool) {
	i, ok := s.hostsByUUID[uuid]
	if !ok {
		return Host{}, false
	}
	return s.Hosts[i], true
}

// VMByUUID returns the VM with that uuid.
func (s *Snapshot) VMByUUID(uuid string) (VM, bool) {
	i, ok := s.vmsByUUID[uuid]
	if !ok {
		return VM{}, false
	}
	return s.VMs[i], true
}

// Master returns the pool master's host record.
func (s *Snapshot) Master() (Host, bool) { return s.HostByRef(s.Pool.MasterRef) }

// Tags lists every tag used by a VM or SR, sorted and unique.
func (s *Snapshot) Tags() []string {
	seen := map[string]bool{}
	for _, v := range s.VMs {
		for _, t := range v.Tags {
			seen[t] = true
		}
	}
	for _, sr := range s.SRs {
		for _, t := range sr.Tags {
			seen[t] = true
		}
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// HostAddresses lists the hosts' addresses (for master failover).
func (s *Snapshot) HostAddresses() []string {
	out := make([]string, 0, len(s.Hosts))
	for _, h := range s.Hosts {
		if h.Address != "" {
			out = append(out, h.Address)
		}
	}
	return out
}

// isNullRef reports XAPI's null reference (OpaqueRef:NULL) or an empty one.
func isNullRef(ref string) bool { return ref == "" || strings.EqualFold(ref, "OpaqueRef:NULL") }

package inventory

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/xenbench/xenbench/pkg/xapi"
)

// Caller is the part of *xapi.Client the inventory needs.
type Caller interface {
	Call(ctx context.Context, method string, params []any, out any) error
}

// Record shapes: only the fields we read, named as in the XAPI data model
// (https://xapi-project.github.io/xen-api/classes/<class>.html; ocaml/idl/datamodel*.ml).
type (
	poolRecord struct {
		UUID      string `json:"uuid"`
		NameLabel string `json:"name_label"`
		Master    string `json:"master"`
	}
	hostRecord struct {
		UUID            string            `json:"uuid"`
		NameLabel       string            `json:"name_label"`
		Address         string            `json:"address"`
		Enabled         xapi.Bool         `json:"enabled"`
		Metrics         string            `json:"metrics"`
		SoftwareVersion map[string]string `json:"software_version"`
		APIMajor        xapi.Int          `json:"API_version_major"`
		APIMinor        xapi.Int          `json:"API_version_minor"`
	}
	hostMetricsRecord struct {
		Live xapi.Bool `json:"live"`
	}
	vmRecord struct {
		UUID            string    `json:"uuid"`
		NameLabel       string    `json:"name_label"`
		PowerState      string    `json:"power_state"`
		ResidentOn      string    `json:"resident_on"`
		IsControlDomain xapi.Bool `json:"is_control_domain"`
		IsATemplate     xapi.Bool `json:"is_a_template"`
		IsASnapshot     xapi.Bool `json:"is_a_snapshot"`
		Tags            []string  `json:"tags"`
		GuestMetrics    string    `json:"guest_metrics"`
	}
	guestMetricsRecord struct {
		NetbiosName map[string]string `json:"netbios_name"`
		OSVersion   map[string]string `json:"os_version"`
		Other       map[string]string `json:"other"`
	}
	srRecord struct {
		UUID      string    `json:"uuid"`
		NameLabel string    `json:"name_label"`
		Type      string    `json:"type"`
		Shared    xapi.Bool `json:"shared"`
		Tags      []string  `json:"tags"`
	}
	pbdRecord struct {
		Host              string    `json:"host"`
		SR                string    `json:"SR"`
		CurrentlyAttached xapi.Bool `json:"currently_attached"`
	}
)

// Fetch reads the whole inventory with one get_all_records call per class, issued in
// parallel. VM_guest_metrics is optional: a pool user without access to it, or a host
// that lacks it, still gets hosts and VMs.
func Fetch(ctx context.Context, c Caller, now time.Time) (*Snapshot, error) {
	var (
		pools   map[string]poolRecord
		hosts   map[string]hostRecord
		metrics map[string]hostMetricsRecord
		vms     map[string]vmRecord
		guests  map[string]guestMetricsRecord
		srs     map[string]srRecord
		pbds    map[string]pbdRecord
	)
	calls := []struct {
		method   string
		out      any
		optional bool
	}{
		{"pool.get_all_records", &pools, false},
		{"host.get_all_records", &hosts, false},
		{"host_metrics.get_all_records", &metrics, true},
		{"VM.get_all_records", &vms, false},
		{"VM_guest_metrics.get_all_records", &guests, true},
		{"SR.get_all_records", &srs, true},
		{"PBD.get_all_records", &pbds, true},
	}
	errs := make([]error, len(calls))
	var wg sync.WaitGroup
	for i, call := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = c.Call(ctx, call.method, nil, call.out)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil && (!calls[i].optional || ctx.Err() != nil) {
			return nil, fmt.Errorf("listing the pool (%s): %w", calls[i].method, err)
		}
	}
	return build(pools, hosts, metrics, vms, guests, srs, pbds, now)
}

func build(pools map[string]poolRecord, hosts map[string]hostRecord, metrics map[string]hostMetricsRecord,
	vms map[string]vmRecord, guests map[string]guestMetricsRecord, srs map[string]srRecord, pbds map[string]pbdRecord,
	now time.Time) (*Snapshot, error) {
	s := &Snapshot{Fetched: now}
	if len(pools) != 1 {
		return nil, fmt.Errorf("listing the pool: pool.get_all_records returned %d pools, want exactly 1", len(pools))
	}
	for ref, p := range pools {
		s.Pool = Pool{Ref: ref, UUID: p.UUID, Name: p.NameLabel, MasterRef: p.Master}
	}
	for ref, h := range hosts {
		host := Host{
			Ref: ref, UUID: h.UUID, Name: h.NameLabel, Address: h.Address, Enabled: bool(h.Enabled),
			IsMaster:       ref == s.Pool.MasterRef,
			ProductVersion: h.SoftwareVersion["product_version"],
			ProductBrand:   h.SoftwareVersion["product_brand"],
			XapiVersion:    h.SoftwareVersion["xapi"],
			APIVersion:     strconv.FormatInt(int64(h.APIMajor), 10) + "." + strconv.FormatInt(int64(h.APIMinor), 10),
		}
		// Without host_metrics (older hosts, restricted users) assume live: the RRD
		// fetch will tell if it is not.
		host.Live = true
		if m, ok := metrics[h.Metrics]; ok {
			host.Live = bool(m.Live)
		}
		s.Hosts = append(s.Hosts, host)
	}
	hostsByRef := make(map[string]Host, len(s.Hosts))
	for _, h := range s.Hosts {
		hostsByRef[h.Ref] = h
	}
	for ref, v := range vms {
		if v.IsControlDomain || v.IsATemplate || v.IsASnapshot {
			continue
		}
		vm := VM{Ref: ref, UUID: v.UUID, Name: v.NameLabel, PowerState: v.PowerState, Tags: v.Tags}
		if h, ok := hostsByRef[v.ResidentOn]; ok && !isNullRef(v.ResidentOn) {
			vm.HostRef, vm.HostUUID, vm.HostName = h.Ref, h.UUID, h.Name
		}
		if g, ok := guests[v.GuestMetrics]; ok && !isNullRef(v.GuestMetrics) {
			vm.GuestHostNames = GuestHostNames(g.OSVersion, g.NetbiosName, g.Other)
		}
		s.VMs = append(s.VMs, vm)
	}
	srHosts := map[string][]string{}
	for _, p := range pbds {
		if h, ok := hostsByRef[p.Host]; ok && bool(p.CurrentlyAttached) {
			srHosts[p.SR] = append(srHosts[p.SR], h.UUID)
		}
	}
	for ref, sr := range srs {
		s.SRs = append(s.SRs, SR{Ref: ref, UUID: sr.UUID, Name: sr.NameLabel, Type: sr.Type, Shared: bool(sr.Shared), Tags: sr.Tags, HostUUIDs: srHosts[ref]})
	}
	s.index()
	return s, nil
}

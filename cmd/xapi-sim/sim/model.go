package sim

import (
	"fmt"
	"sort"
	"time"
)

// exchangeVMNames are the virtual Exchange 2007 mailbox servers (the shared
// contract with the Exchange parsers: VM name_label = server name).
var exchangeVMNames = []string{"EXVM01", "EXVM02", "EXVM03", "EXVM04"}

// nativeServerNames are the physical Exchange servers outside the pool; they
// only appear in the Exchange files.
var nativeServerNames = []string{"EXPHY01", "EXPHY02", "EXPHY03", "EXPHY04"}

// Hardware of the simulated pool. A host is a two-socket quad-core server of
// the XenServer 5.0 era with 64 GiB; Exchange VMs get 4 vCPUs and 14 GiB
// (Exchange 2007 sizing of 4 GB + 5 MB per mailbox for 2,000 heavy users).
const (
	hostCores          = 8
	hostMemoryBytes    = 64 << 30
	dom0MemoryBytes    = 4 << 30
	exchangeVCPUs      = 4
	exchangeMemory     = 14 << 30
	fillerVCPUs        = 2
	fillerMemory       = 1 << 30
	exchangeHostIndex  = 1 // the host the Exchange VMs start on (0 when the pool has one host)
	migrationTargetIdx = 2
)

// placement is where a VM ran from a time on; host -1 means halted.
type placement struct {
	From time.Time
	Host int
}

// liveSpan records a host's liveness from a time on.
type liveSpan struct {
	From time.Time
	Live bool
}

type simHost struct {
	Index      int
	Ref, UUID  string
	Name       string
	Address    string // host.address: what HOST_IS_SLAVE carries
	URL        string // where this host's listener really is
	MetricsRef string
	PIFRef     string
	LocalSR    int        // index in Server.srs
	down       bool       // powered off: answers nothing
	live       []liveSpan // what the database says (host_metrics.live)
	power      []liveSpan // physical power: off from the failure on
}

type simVM struct {
	Index          int
	Ref, UUID      string
	Name           string
	Exchange       bool
	VCPUs          int
	Memory         int64
	MetricsRef     string
	GuestRef       string
	VBDDevices     []string
	VIFDevices     []string
	placements     []placement
	migratingTo    int // host index while a migration task runs, else -1
	pendingRestart int // HA restart target while one is planned, else -1
}

type simSR struct {
	Ref, UUID string
	Name      string
	Shared    bool
	Host      int // owning host for local SRs, -1 for shared
}

// hostAt reports where vm ran at t (-1: halted or not yet created).
func (vm *simVM) hostAt(t time.Time) int {
	i := sort.Search(len(vm.placements), func(i int) bool { return vm.placements[i].From.After(t) })
	if i == 0 {
		return -1
	}
	return vm.placements[i-1].Host
}

func (vm *simVM) current() int { return vm.placements[len(vm.placements)-1].Host }

func (h *simHost) liveAt(t time.Time) bool {
	i := sort.Search(len(h.live), func(i int) bool { return h.live[i].From.After(t) })
	if i == 0 {
		return false
	}
	return h.live[i-1].Live
}

func (h *simHost) isLive() bool { return h.live[len(h.live)-1].Live }

// buildPool creates the records of a pool the way a freshly installed
// XenServer pool shows them: pool, hosts with metrics, PIFs and a control
// domain each, local SRs plus one shared iSCSI SR, the VMs with metrics,
// guest metrics, VDIs, VBDs and VIFs. Field sets follow
// ocaml/idl/datamodel*.ml; only fields clients commonly read are filled.
func (s *Server) buildPool(created time.Time) {
	st := s.st
	p := s.prof
	network := st.add("network", Record{
		"name_label": "Pool-wide network associated with eth0", "name_description": "", "bridge": "xenbr0",
		"MTU": int64(1500), "PIFs": []any{}, "VIFs": []any{}, "other_config": map[string]any{}, "tags": []any{},
	}, created)
	s.networkRef = network

	shared := &simSR{Name: "Exchange iSCSI SR", Shared: true, Host: -1}
	shared.Ref = st.add("SR", srRecord(shared.Name, "lvmoiscsi", true), created)
	shared.UUID = st.tables["SR"][shared.Ref]["uuid"].(string)
	s.srs = append(s.srs, shared)

	for i := 0; i < s.opts.Hosts; i++ {
		h := &simHost{Index: i, Name: fmt.Sprintf("xenserver-%02d", i+1), LocalSR: -1}
		h.Address, h.URL = s.hostAddrs[i], s.hostURLs[i]
		h.live = []liveSpan{{From: created, Live: true}}
		h.MetricsRef = st.add("host_metrics", Record{
			"memory_total": int64(hostMemoryBytes), "memory_free": int64(hostMemoryBytes - dom0MemoryBytes),
			"live": true, "last_updated": DateTime(created), "other_config": map[string]any{},
		}, created)
		h.Ref = st.add("host", Record{
			"name_label": h.Name, "name_description": "Default install", "hostname": h.Name,
			"address": h.Address, "enabled": true, "metrics": h.MetricsRef,
			"API_version_major": p.APIMajor, "API_version_minor": p.APIMinor, "API_version_vendor": "XenSource",
			"software_version": map[string]any{"product_version": p.ProductVersion, "product_brand": "XCP-ng", "xapi": p.Raw, "platform_name": "XCP"},
			"cpu_info":         map[string]any{"cpu_count": fmt.Sprint(hostCores), "socket_count": "2", "vendor": "GenuineIntel", "modelname": "Intel(R) Xeon(R) CPU E5430 @ 2.66GHz"},
			"resident_VMs":     []any{}, "PIFs": []any{}, "PBDs": []any{}, "host_CPUs": []any{},
			"other_config": map[string]any{}, "tags": []any{}, "ha_statefiles": []any{}, "ha_network_peers": []any{},
			"allowed_operations": []any{}, "current_operations": map[string]any{}, "memory_overhead": int64(0),
		}, created)
		h.UUID = st.tables["host"][h.Ref]["uuid"].(string)
		h.PIFRef = st.add("PIF", Record{
			"device": "eth0", "host": h.Ref, "network": network, "IP": h.Address, "netmask": "255.0.0.0",
			"management": true, "currently_attached": true, "MAC": s.mac(), "MTU": int64(1500),
			"ip_configuration_mode": "Static", "physical": true, "other_config": map[string]any{},
		}, created)
		local := &simSR{Name: "Local storage", Host: i}
		local.Ref = st.add("SR", srRecord("Local storage", "lvm", false), created)
		local.UUID = st.tables["SR"][local.Ref]["uuid"].(string)
		h.LocalSR = len(s.srs)
		s.srs = append(s.srs, local)
		pbds := []any{}
		for _, sr := range []*simSR{shared, local} {
			pbd := st.add("PBD", Record{"host": h.Ref, "SR": sr.Ref, "currently_attached": true, "device_config": map[string]any{}, "other_config": map[string]any{}}, created)
			pbds = append(pbds, pbd)
			appendRef(st.tables["SR"][sr.Ref], "PBDs", pbd)
		}
		cpus := []any{}
		for c := 0; c < hostCores; c++ {
			cpus = append(cpus, st.add("host_cpu", Record{"host": h.Ref, "number": int64(c), "vendor": "GenuineIntel", "speed": int64(2660), "utilisation": 0.0}, created))
		}
		hr := st.tables["host"][h.Ref]
		hr["PIFs"], hr["PBDs"], hr["host_CPUs"] = []any{h.PIFRef}, pbds, cpus
		appendRef(st.tables["network"][network], "PIFs", h.PIFRef)
		s.hosts = append(s.hosts, h)

		// Every host runs a control domain (dom0), listed among the VMs with
		// is_control_domain = true; clients must skip it.
		dom0 := st.add("VM", Record{
			"name_label": "Control domain on host: " + h.Name, "name_description": "The domain which manages physical devices and manages other domains",
			"is_control_domain": true, "is_a_template": false, "is_a_snapshot": false, "power_state": "Running",
			"resident_on": h.Ref, "affinity": h.Ref, "VCPUs_max": int64(hostCores), "VCPUs_at_startup": int64(hostCores),
			"memory_static_max": int64(dom0MemoryBytes), "memory_dynamic_max": int64(dom0MemoryBytes), "memory_target": int64(dom0MemoryBytes),
			"domid": int64(0), "other_config": map[string]any{}, "tags": []any{}, "VBDs": []any{}, "VIFs": []any{},
			"metrics": nullRef, "guest_metrics": nullRef, "ha_restart_priority": "", "allowed_operations": []any{}, "current_operations": map[string]any{},
		}, created)
		appendRef(hr, "resident_VMs", dom0)
	}

	for i := 0; i < s.opts.VMs; i++ {
		vm := &simVM{Index: i, migratingTo: -1, pendingRestart: -1}
		home := 0
		if i < len(exchangeVMNames) {
			vm.Name, vm.Exchange, vm.VCPUs, vm.Memory = exchangeVMNames[i], true, exchangeVCPUs, exchangeMemory
			vm.VBDDevices = []string{"xvda", "xvdb", "xvdc"} // C: system, D: database, L: logs
			if len(s.hosts) > exchangeHostIndex {
				home = exchangeHostIndex
			}
		} else {
			vm.Name, vm.VCPUs, vm.Memory = fmt.Sprintf("vm-%04d", i+1), fillerVCPUs, fillerMemory
			vm.VBDDevices = []string{"xvda"}
			home = i % len(s.hosts)
		}
		vm.VIFDevices = []string{"0"}
		vm.placements = []placement{{From: created, Host: home}}
		s.addVMRecords(vm, created)
		s.vms = append(s.vms, vm)
	}

	s.masterIdx = s.opts.Master
	master := s.hosts[s.masterIdx]
	s.poolRef = st.add("pool", Record{
		"name_label": "xenbench-pool", "name_description": "Simulated XenServer pool (xenbench)",
		"master": master.Ref, "default_SR": shared.Ref, "suspend_image_SR": shared.Ref, "crash_dump_SR": shared.Ref,
		"ha_enabled": len(s.hosts) > 1, "ha_host_failures_to_tolerate": int64(min(1, len(s.hosts)-1)), "ha_plan_exists_for": int64(min(1, len(s.hosts)-1)),
		"ha_allow_overcommit": false, "ha_overcommitted": false, "ha_statefiles": []any{}, "ha_configuration": map[string]any{},
		"other_config": map[string]any{}, "gui_config": map[string]any{}, "tags": []any{}, "wlb_enabled": false,
		"allowed_operations": []any{}, "current_operations": map[string]any{},
	}, created)
}

func srRecord(name, typ string, shared bool) Record {
	return Record{
		"name_label": name, "name_description": "", "type": typ, "content_type": "", "shared": shared,
		"physical_size": int64(2 << 40), "physical_utilisation": int64(600 << 30), "virtual_allocation": int64(700 << 30),
		"PBDs": []any{}, "VDIs": []any{}, "other_config": map[string]any{}, "sm_config": map[string]any{}, "tags": []any{},
		"allowed_operations": []any{}, "current_operations": map[string]any{},
	}
}

// addVMRecords creates a VM with its metrics, guest metrics, disks and VIFs.
func (s *Server) addVMRecords(vm *simVM, created time.Time) {
	st := s.st
	host := s.hosts[vm.current()]
	vm.MetricsRef = st.add("VM_metrics", Record{
		"memory_actual": vm.Memory, "VCPUs_number": int64(vm.VCPUs), "start_time": DateTime(created),
		"install_time": DateTime(created.Add(-30 * 24 * time.Hour)), "last_updated": DateTime(created), "state": []any{}, "other_config": map[string]any{},
	}, created)
	osName := "Microsoft Windows Server 2008 Enterprise x64 Edition|C:\\Windows|\\Device\\Harddisk0\\Partition1"
	if !vm.Exchange {
		osName = "Debian GNU/Linux 12 (bookworm)"
	}
	vm.GuestRef = st.add("VM_guest_metrics", Record{
		"os_version":            map[string]any{"name": osName},
		"PV_drivers_version":    map[string]any{"major": "8", "minor": "2", "micro": "0"},
		"PV_drivers_up_to_date": true,
		"networks":              map[string]any{"0/ip": fmt.Sprintf("10.0.%d.%d", vm.Index/250, 10+vm.Index%250)},
		"memory":                map[string]any{},
		"disks":                 map[string]any{},
		"other":                 map[string]any{},
		"live":                  true,
		"last_updated":          DateTime(created),
		"other_config":          map[string]any{},
		"can_use_hotplug_vbd":   "yes",
		"can_use_hotplug_vif":   "yes",
		"PV_drivers_detected":   true,
	}, created)
	vm.Ref = st.add("VM", Record{
		"name_label": vm.Name, "name_description": "", "is_a_template": false, "is_a_snapshot": false, "is_control_domain": false,
		"power_state": "Running", "resident_on": host.Ref, "affinity": host.Ref,
		"VCPUs_max": int64(vm.VCPUs), "VCPUs_at_startup": int64(vm.VCPUs),
		"memory_static_max": vm.Memory, "memory_dynamic_max": vm.Memory, "memory_dynamic_min": vm.Memory, "memory_static_min": vm.Memory, "memory_target": vm.Memory,
		"metrics": vm.MetricsRef, "guest_metrics": vm.GuestRef, "domid": int64(vm.Index + 1),
		"ha_restart_priority": haPriority(vm), "order": int64(0), "start_delay": int64(0),
		"other_config": map[string]any{}, "tags": []any{}, "VBDs": []any{}, "VIFs": []any{}, "blocked_operations": map[string]any{},
		"allowed_operations": []any{"pool_migrate", "clean_shutdown", "clean_reboot", "hard_shutdown"}, "current_operations": map[string]any{},
	}, created)
	vm.UUID = st.tables["VM"][vm.Ref]["uuid"].(string)
	vmRec := st.tables["VM"][vm.Ref]
	vbds, vifs := []any{}, []any{}
	for i, dev := range vm.VBDDevices {
		sr := s.srs[0] // Exchange disks live on the shared SR so they can move
		if !vm.Exchange {
			sr = s.srs[host.LocalSR]
			if len(s.hosts) > 1 {
				sr = s.srs[0]
			}
		}
		vdi := st.add("VDI", Record{
			"name_label": fmt.Sprintf("%s %s", vm.Name, volumeLabel(vm, i)), "name_description": "", "SR": sr.Ref,
			"virtual_size": int64(200 << 30), "physical_utilisation": int64(120 << 30), "type": "user", "sharable": false,
			"read_only": false, "VBDs": []any{}, "other_config": map[string]any{}, "sm_config": map[string]any{}, "tags": []any{},
		}, created)
		appendRef(st.tables["SR"][sr.Ref], "VDIs", vdi)
		vbd := st.add("VBD", Record{
			"VM": vm.Ref, "VDI": vdi, "device": dev, "userdevice": fmt.Sprint(i), "bootable": i == 0, "mode": "RW", "type": "Disk",
			"currently_attached": true, "empty": false, "other_config": map[string]any{}, "qos_algorithm_type": "", "qos_algorithm_params": map[string]any{},
		}, created)
		appendRef(st.tables["VDI"][vdi], "VBDs", vbd)
		vbds = append(vbds, vbd)
	}
	for _, dev := range vm.VIFDevices {
		vif := st.add("VIF", Record{
			"VM": vm.Ref, "network": s.networkRef, "device": dev, "MAC": s.mac(), "MTU": int64(1500),
			"currently_attached": true, "other_config": map[string]any{}, "qos_algorithm_type": "", "qos_algorithm_params": map[string]any{},
		}, created)
		appendRef(st.tables["network"][s.networkRef], "VIFs", vif)
		vifs = append(vifs, vif)
	}
	vmRec["VBDs"], vmRec["VIFs"] = vbds, vifs
	appendRef(st.tables["host"][host.Ref], "resident_VMs", vm.Ref)
}

func volumeLabel(vm *simVM, i int) string {
	if !vm.Exchange {
		return "disk"
	}
	return []string{"C: system", "D: database", "L: logs"}[i]
}

// haPriority marks the Exchange VMs as protected ("restart"), the value HA
// uses for VMs it restarts (ocaml/idl/datamodel_vm.ml ha_restart_priority).
func haPriority(vm *simVM) string {
	if vm.Exchange {
		return "restart"
	}
	return "best-effort"
}

func (s *Server) mac() string {
	v := s.st.rng.Uint64()
	return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", 0x02, byte(v>>32), byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

// appendRef adds ref to a set-of-refs field in place (no event: used while
// building, or followed by an explicit set). Appending to the live slice is
// safe because every snapshot and every answer is a deep copy.
func appendRef(rec Record, field, ref string) {
	cur, _ := rec[field].([]any)
	rec[field] = append(cur, ref)
}

func removeRef(rec Record, field, ref string) {
	cur, _ := rec[field].([]any)
	out := make([]any, 0, len(cur))
	for _, r := range cur {
		if r != ref {
			out = append(out, r)
		}
	}
	rec[field] = out
}

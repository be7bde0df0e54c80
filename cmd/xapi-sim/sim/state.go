package sim

import "time"

// HostState and VMState are read-only views for tests and the control API.
type HostState struct {
	Index   int    `json:"index"`
	Name    string `json:"name"`
	UUID    string `json:"uuid"`
	Ref     string `json:"ref"`
	Address string `json:"address"`
	URL     string `json:"url"`
	Master  bool   `json:"master"`
	Live    bool   `json:"live"`    // host_metrics.live as the database says
	PowerOn bool   `json:"powerOn"` // false while the host is failed
}

type VMState struct {
	Name       string `json:"name"`
	UUID       string `json:"uuid"`
	Ref        string `json:"ref"`
	Exchange   bool   `json:"exchange"`
	PowerState string `json:"powerState"`
	// ResidentOn is the host index from the database (-1 when not resident).
	ResidentOn int  `json:"residentOn"`
	Migrating  bool `json:"migrating"`
}

type PoolState struct {
	Now   time.Time   `json:"now"`
	Hosts []HostState `json:"hosts"`
	VMs   []VMState   `json:"vms"`
	Run   string      `json:"run"`
}

// State snapshots the model.
func (s *Server) State() PoolState {
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := PoolState{Now: s.now, Run: s.scen.phaseAt(s.now).ID}
	for _, h := range s.hosts {
		ps.Hosts = append(ps.Hosts, HostState{Index: h.Index, Name: h.Name, UUID: h.UUID, Ref: h.Ref, Address: h.Address, URL: h.URL,
			Master: h.Index == s.masterIdx, Live: h.isLive(), PowerOn: !h.down})
	}
	for _, vm := range s.vms {
		rec := s.st.tables["VM"][vm.Ref]
		res := -1
		if h := s.hostByRef(rec["resident_on"].(string)); h != nil {
			res = h.Index
		}
		ps.VMs = append(ps.VMs, VMState{Name: vm.Name, UUID: vm.UUID, Ref: vm.Ref, Exchange: vm.Exchange,
			PowerState: rec["power_state"].(string), ResidentOn: res, Migrating: vm.migratingTo >= 0})
	}
	return ps
}

// Hosts and VMs are shortcuts over State.
func (s *Server) Hosts() []HostState { return s.State().Hosts }
func (s *Server) VMs() []VMState     { return s.State().VMs }

// VM returns the named VM's state.
func (s *Server) VM(name string) (VMState, bool) {
	for _, vm := range s.VMs() {
		if vm.Name == name {
			return vm, true
		}
	}
	return VMState{}, false
}

// FailHost powers host idx off now (HA then reacts as in the ha scenario).
func (s *Server) FailHost(idx int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if idx >= 0 && idx < len(s.hosts) {
		s.failHost(idx, s.now)
	}
}

// MigrateVM starts a XenMotion of the named VM to host idx, as
// Async.VM.pool_migrate would, and returns the task ref.
func (s *Server) MigrateVM(name string, idx int) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, vm := range s.vms {
		if vm.Name == name {
			if idx < 0 || idx >= len(s.hosts) {
				return "", xerr(errHandleInvalid, "host", itoa(idx))
			}
			task := s.newTask("Async.VM.pool_migrate", "", s.now)
			s.pendingAsyncTask = task
			_, xe := s.vmPoolMigrate(nil, []any{vm.Ref, s.hosts[idx].Ref, map[string]any{}})
			s.pendingAsyncTask = ""
			if xe != nil {
				s.finishTask(task, s.now, "", xe)
				return task, xe
			}
			return task, nil
		}
	}
	return "", xerr(errUUIDInvalid, "VM", name)
}

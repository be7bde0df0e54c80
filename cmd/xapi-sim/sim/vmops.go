package sim

import (
	"fmt"
	"time"
)

// Migration timing: XenMotion copies memory at about 500 MiB/s on the
// gigabit-era hardware modelled here, then pauses the VM for a short
// stop-and-copy. The resulting 30 s for a 14 GiB Exchange VM is a model
// choice, not a measured figure.
const (
	migrateBytesPerSec = 500 << 20
	stopAndCopy        = 2 * time.Second
	progressEvery      = 5 * time.Second
)

func migrationDuration(vm *simVM) time.Duration {
	return time.Duration(float64(vm.Memory)/migrateBytesPerSec*float64(time.Second)) + stopAndCopy
}

// vmPoolMigrate implements VM.pool_migrate(session, vm, host, options).
// Called as Async.VM.pool_migrate it returns the task at once; the task's
// progress moves while memory is copied and resident_on changes when it
// succeeds. The synchronous form waits (real time) until the simulated
// migration finishes.
func (s *Server) vmPoolMigrate(_ *session, args []any) (any, *XapiError) {
	if len(args) != 3 {
		return nil, xerr(errMessageParameterCountMismatch, "VM.pool_migrate", "4", itoa(len(args)+1))
	}
	vmRef, vmRec, xe := s.refArg(args, 0, "VM")
	if xe != nil {
		return nil, xe
	}
	hostRef, _, xe := s.refArg(args, 1, "host")
	if xe != nil {
		return nil, xe
	}
	vm := s.vmByRef(vmRef)
	target := s.hostByRef(hostRef)
	if vm == nil {
		return nil, xerr(errOperationNotAllowed, "control domains cannot migrate")
	}
	if state := vmRec["power_state"]; state != "Running" {
		return nil, xerr(errVMBadPowerState, vmRef, "running", fmt.Sprint(state))
	}
	if vm.migratingTo >= 0 {
		return nil, xerr("OTHER_OPERATION_IN_PROGRESS", "VM", vmRef)
	}
	if !target.isLive() {
		return nil, xerr(errHostOffline, hostRef)
	}
	if vm.current() == target.Index {
		return nil, xerr(errOperationNotAllowed, "the VM is already resident on the destination host")
	}
	task := s.pendingAsyncTask
	done := make(chan struct{})
	s.startMigration(vm, target.Index, task, s.now, func() { close(done) })
	if task != "" {
		return deferred{}, nil
	}
	s.mu.Unlock()
	select {
	case <-done:
	case <-s.closing:
	}
	s.mu.Lock()
	return "", nil
}

// startMigration schedules a XenMotion of vm to host index target.
func (s *Server) startMigration(vm *simVM, target int, task string, at time.Time, done func()) {
	if task == "" {
		task = s.newTask("Async.VM.pool_migrate", "", at)
	}
	vm.migratingTo = target
	s.st.set(vm.Ref, at, "current_operations", map[string]any{task: "pool_migrate"})
	d := migrationDuration(vm)
	for p := progressEvery; p < d; p += progressEvery {
		frac := float64(p) / float64(d)
		s.actions.at(at.Add(p), func(t time.Time) { s.st.set(task, t, "progress", frac) })
	}
	from := vm.current()
	s.actions.at(at.Add(d), func(t time.Time) {
		vm.migratingTo = -1
		if s.hosts[target].down || vm.current() != from {
			s.st.set(vm.Ref, t, "current_operations", map[string]any{})
			s.finishTask(task, t, "", xerr(errHostOffline, s.hosts[target].Ref))
		} else {
			s.moveVM(vm, target, t)
			s.st.set(vm.Ref, t, "current_operations", map[string]any{})
			s.finishTask(task, t, "", nil)
			if s.prof.VMMigratedMessage {
				// Body as ocaml/xapi/message_forwarding.ml pool_migrate writes it.
				src, dst := s.hosts[from], s.hosts[target]
				s.addMessage(msgVMMigrated, "VM", vm.UUID, fmt.Sprintf("VM '%s' (uuid: %s) migrated from host '%s' (uuid: %s) to host '%s' (uuid: %s)",
					vm.Name, vm.UUID, src.Name, src.UUID, dst.Name, dst.UUID), t)
			}
		}
		if done != nil {
			done()
		}
	})
	fmt.Fprintf(s.opts.Log, "%s: migrating %s from %s to %s\n", at.Format(time.RFC3339), vm.Name, s.hosts[from].Name, s.hosts[target].Name)
}

// moveVM makes vm resident on host index to (or halted for -1) and updates
// every record that mirrors residency.
func (s *Server) moveVM(vm *simVM, to int, at time.Time) {
	from := vm.current()
	vm.placements = append(vm.placements, placement{From: at, Host: to})
	s.invalidateInstants()
	if from >= 0 {
		hr := s.st.tables["host"][s.hosts[from].Ref]
		removeRef(hr, "resident_VMs", vm.Ref)
		s.st.set(s.hosts[from].Ref, at)
	}
	if to < 0 {
		s.st.set(vm.Ref, at, "power_state", "Halted", "resident_on", nullRef, "domid", int64(-1))
		s.st.set(vm.MetricsRef, at, "VCPUs_number", int64(0), "memory_actual", int64(0), "last_updated", DateTime(at))
		return
	}
	hr := s.st.tables["host"][s.hosts[to].Ref]
	appendRef(hr, "resident_VMs", vm.Ref)
	s.st.set(s.hosts[to].Ref, at)
	s.st.set(vm.Ref, at, "power_state", "Running", "resident_on", s.hosts[to].Ref, "domid", int64(vm.Index+1+len(vm.placements)))
	s.st.set(vm.MetricsRef, at, "VCPUs_number", int64(vm.VCPUs), "memory_actual", vm.Memory, "last_updated", DateTime(at))
}

// HA timings. xapi declares a host dead after the HA timeout (60 s by
// default: ha_default_timeout_base in ocaml/xapi/xapi_globs.ml) and
// restarts protected VMs with Async.VM.start_on
// (ocaml/xapi/xapi_ha_vm_failover.ml restart_vm). Boot plus Exchange
// service start take 70 s here (a model choice), so the last of four VMs is
// back about 150 s after the failure, inside the 3 minutes the study reports.
const (
	haDetect       = 60 * time.Second
	haRestartGap   = 5 * time.Second
	haBootDuration = 70 * time.Second
)

// failHost powers a host off at `at`: it stops answering and its VMs stop.
// After haDetect the master marks it dead (host_metrics.live = false,
// HA_HOST_FAILED with body "Server '<name>' has failed", as in
// xapi_ha_vm_failover.ml), resets its VMs to Halted and restarts the
// protected ones on the surviving hosts.
func (s *Server) failHost(idx int, at time.Time) {
	h := s.hosts[idx]
	if h.down {
		return
	}
	h.down = true
	h.power = append(h.power, liveSpan{From: at, Live: false})
	s.invalidateInstants()
	var victims []*simVM
	for _, vm := range s.vms {
		if vm.current() == idx {
			victims = append(victims, vm)
			// The VM stops with its host; the database only learns later.
			vm.placements = append(vm.placements, placement{From: at, Host: -1})
		}
	}
	fmt.Fprintf(s.opts.Log, "%s: host %s failed (%d VMs)\n", at.Format(time.RFC3339), h.Name, len(victims))
	s.actions.at(at.Add(haDetect), func(t time.Time) {
		if idx == s.masterIdx {
			// HA promotes a surviving host; clients re-login through
			// HOST_IS_SLAVE from any other host.
			for _, other := range s.hosts {
				if !other.down {
					s.setMaster(other.Index, t)
					break
				}
			}
		}
		h.live = append(h.live, liveSpan{From: t, Live: false})
		s.st.set(h.MetricsRef, t, "live", false, "last_updated", DateTime(t))
		s.addMessage(msgHAHostFailed, "Host", h.UUID, fmt.Sprintf("Server '%s' has failed", h.Name), t)
		for _, vm := range victims {
			hr := s.st.tables["host"][h.Ref]
			removeRef(hr, "resident_VMs", vm.Ref)
			s.st.set(vm.Ref, t, "power_state", "Halted", "resident_on", nullRef, "domid", int64(-1))
		}
		s.st.set(h.Ref, t)
		k := 0
		for _, vm := range victims {
			target := s.restartTarget(idx, vm)
			if target < 0 {
				continue
			}
			startAt := t.Add(haRestartGap * time.Duration(k+1))
			k++
			s.scheduleRestart(vm, target, startAt)
		}
	})
}

// restartTarget picks the live host with the fewest protected VMs, lowest
// index first, so plans are deterministic.
func (s *Server) restartTarget(failed int, vm *simVM) int {
	best, bestLoad := -1, 0
	for _, h := range s.hosts {
		if h.Index == failed || h.down {
			continue
		}
		load := 0
		for _, other := range s.vms {
			if other.Exchange && (other.current() == h.Index || other.pendingRestart == h.Index) {
				load++
			}
		}
		if best < 0 || load < bestLoad {
			best, bestLoad = h.Index, load
		}
	}
	return best
}

func (s *Server) scheduleRestart(vm *simVM, target int, at time.Time) {
	vm.pendingRestart = target
	s.actions.at(at, func(t time.Time) {
		task := s.newTask("Async.VM.start_on", "", t)
		s.actions.at(t.Add(haBootDuration), func(t time.Time) {
			vm.pendingRestart = -1
			if s.hosts[target].down {
				s.finishTask(task, t, "", xerr(errHostOffline, s.hosts[target].Ref))
				s.addMessage("HA_PROTECTED_VM_RESTART_FAILED", "VM", vm.UUID, "", t)
				return
			}
			s.moveVM(vm, target, t)
			s.st.set(vm.MetricsRef, t, "start_time", DateTime(t))
			s.finishTask(task, t, "", nil)
			// Body as ocaml/xapi/message_forwarding.ml start_on writes it.
			s.addMessage(msgVMStarted, "VM", vm.UUID, fmt.Sprintf("VM '%s' (uuid: %s) started on host: %s (uuid: %s)",
				vm.Name, vm.UUID, s.hosts[target].Name, s.hosts[target].UUID), t)
			fmt.Fprintf(s.opts.Log, "%s: HA restarted %s on %s\n", t.Format(time.RFC3339), vm.Name, s.hosts[target].Name)
		})
	})
}

// recoverHost brings a failed host back: it answers again and is live, with
// no VMs (HA does not move them back).
func (s *Server) recoverHost(idx int, at time.Time) {
	h := s.hosts[idx]
	if !h.down {
		return
	}
	h.down = false
	h.power = append(h.power, liveSpan{From: at, Live: true})
	s.invalidateInstants()
	h.live = append(h.live, liveSpan{From: at, Live: true})
	s.st.set(h.MetricsRef, at, "live", true, "last_updated", DateTime(at))
	fmt.Fprintf(s.opts.Log, "%s: host %s is back\n", at.Format(time.RFC3339), h.Name)
}

// poolDesignateNewMaster implements pool.designate_new_master(session,
// host): the named host becomes master, the old master now answers logins
// with HOST_IS_SLAVE, and POOL_MASTER_TRANSITION is raised.
func (s *Server) poolDesignateNewMaster(_ *session, args []any) (any, *XapiError) {
	ref, _, xe := s.refArg(args, 0, "host")
	if xe != nil {
		return nil, xe
	}
	h := s.hostByRef(ref)
	if h.down {
		return nil, xerr(errHostOffline, ref)
	}
	s.setMaster(h.Index, s.now)
	return "", nil
}

func (s *Server) setMaster(idx int, at time.Time) {
	if idx == s.masterIdx {
		return
	}
	s.masterIdx = idx
	s.st.set(s.poolRef, at, "master", s.hosts[idx].Ref)
	s.addMessage(msgPoolMasterTransition, "Host", s.hosts[idx].UUID, "", at)
}

func (s *Server) vmByRef(ref string) *simVM {
	for _, vm := range s.vms {
		if vm.Ref == ref {
			return vm
		}
	}
	return nil
}

func (s *Server) hostByRef(ref string) *simHost {
	for _, h := range s.hosts {
		if h.Ref == ref {
			return h
		}
	}
	return nil
}

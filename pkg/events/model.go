// Package events turns what a pool reports (XAPI messages, tasks and VM records seen
// through event.from) into the two kinds of event xenbench annotates: XenMotion
// migrations and HA incidents (a host failure and the restarts of its VMs).
//
// XAPI keeps messages (alerts) until they are dismissed, so HA incidents are rebuilt
// from message.get_since for any time range. Migrations leave a VM_MIGRATED message on
// pools with xapi from 2021 on (see MsgVMMigrated), which gives their end and hosts but
// not their start; their tasks are destroyed soon after they finish. So migrations are
// also watched live, through event.from: the Watcher keeps them, with start, end and
// task status, in a bounded in-memory History per datasource instance (empty when the
// instance starts, newest MaxMigrations entries), and MergeMigrations joins both.
package events

import "time"

// Migration is one XenMotion of a running VM between two hosts of the pool.
type Migration struct {
	VMUUID, VMName         string
	SourceHost, TargetHost string // host names ("" when unknown)
	Start, End             time.Time
	// Status is success, failure or cancelled (task.status); "" when seen only through
	// the resident_on change.
	Status string
}

// Duration of the migration (End - Start), zero when the start is unknown.
func (m Migration) Duration() time.Duration {
	if m.Start.IsZero() || m.End.Before(m.Start) {
		return 0
	}
	return m.End.Sub(m.Start)
}

// Restart is one VM restarted by HA after its host failed.
type Restart struct {
	VMUUID, VMName string
	At             time.Time
	TargetHost     string // host it runs on now ("" when unknown)
	Failed         bool   // HA_PROTECTED_VM_RESTART_FAILED
}

// HAIncident is a host failure and the recovery that followed.
type HAIncident struct {
	HostUUID, HostName string
	FailedAt           time.Time // HA_HOST_FAILED timestamp
	FencedAt           time.Time // HA_HOST_WAS_FENCED timestamp, zero if none
	Restarts           []Restart
	// MasterTransition is set when the failed host was the master and another host
	// took over (POOL_MASTER_TRANSITION).
	MasterTransition time.Time
}

// RecoveredAt is the time of the last successful restart (zero if none).
func (h HAIncident) RecoveredAt() time.Time {
	var last time.Time
	for _, r := range h.Restarts {
		if !r.Failed && r.At.After(last) {
			last = r.At
		}
	}
	return last
}

// TimeToRecovery is RecoveredAt - FailedAt, zero when nothing restarted.
func (h HAIncident) TimeToRecovery() time.Duration {
	rec := h.RecoveredAt()
	if rec.IsZero() {
		return 0
	}
	return rec.Sub(h.FailedAt)
}

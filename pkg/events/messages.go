package events

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/xenbench/xenbench/pkg/xapi"
)

// Caller is the part of *xapi.Client this package needs.
type Caller interface {
	Call(ctx context.Context, method string, params []any, out any) error
}

// Message names used here, with their priorities, from xapi-project/xen-api
// ocaml/xapi-consts/api_messages.ml (1 critical ... 5 informational).
const (
	MsgHAHostFailed          = "HA_HOST_FAILED"                 // 3, cls Host
	MsgHAHostWasFenced       = "HA_HOST_WAS_FENCED"             // 4, cls Host
	MsgHAVMRestartFailed     = "HA_PROTECTED_VM_RESTART_FAILED" // 2, cls VM
	MsgVMStarted             = "VM_STARTED"                     // 5, cls VM
	MsgPoolMasterTransition  = "POOL_MASTER_TRANSITION"         // 4, cls Host (the new master)
	MsgHostClockSkewDetected = "HOST_CLOCK_SKEW_DETECTED"       // 3
)

// Message is an XAPI message (alert) record (https://xapi-project.github.io/xen-api/classes/message.html).
type Message struct {
	Name      string    `json:"name"`
	Priority  xapi.Int  `json:"priority"`
	Class     string    `json:"cls"`
	ObjUUID   string    `json:"obj_uuid"`
	Timestamp xapi.Time `json:"timestamp"`
	Body      string    `json:"body"`
}

// MessagesSince calls message.get_since(session, since) and returns the messages
// sorted by time.
func MessagesSince(ctx context.Context, c Caller, since time.Time) ([]Message, error) {
	var recs map[string]Message
	// xapi datetimes go over JSON-RPC as ISO 8601 basic strings (wire-protocol.md).
	if err := c.Call(ctx, "message.get_since", []any{since.UTC().Format("20060102T15:04:05Z")}, &recs); err != nil {
		return nil, fmt.Errorf("reading pool messages (message.get_since): %w", err)
	}
	out := make([]Message, 0, len(recs))
	for _, m := range recs {
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Timestamp.Before(out[j].Timestamp.Time) })
	return out, nil
}

// Names resolves uuids to display names and current hosts; inventory snapshots
// implement it through a small adapter in the plugin.
type Names interface {
	HostName(uuid string) string
	VMName(uuid string) string
	// VMHost is the name of the host the VM runs on now ("" if halted/unknown).
	VMHost(uuid string) string
}

// DefaultRecoveryWindow bounds how long after a host failure a VM_STARTED counts as an
// HA restart. xapi's HA restarts protected VMs within a few minutes of the failure
// (doc/content/toolstack/features/HA/index.md); ten minutes leaves room for a slow pool.
const DefaultRecoveryWindow = 10 * time.Minute

// HAIncidents rebuilds HA incidents from messages sorted by time: each HA_HOST_FAILED
// opens an incident; HA_HOST_WAS_FENCED for that host, POOL_MASTER_TRANSITION, and each
// VM_STARTED / HA_PROTECTED_VM_RESTART_FAILED within window after it are attached to it.
// A VM started after a host failure is counted as an HA restart: xapi writes no
// dedicated "restarted by HA" message, and its HA restart goes through the same
// VM start path that raises VM_STARTED (ocaml/xapi/xapi_ha_vm_failover.ml).
func HAIncidents(msgs []Message, names Names, window time.Duration) []HAIncident {
	if window <= 0 {
		window = DefaultRecoveryWindow
	}
	var out []HAIncident
	open := func(t time.Time) *HAIncident {
		for i := len(out) - 1; i >= 0; i-- {
			if !t.Before(out[i].FailedAt) && t.Sub(out[i].FailedAt) <= window {
				return &out[i]
			}
		}
		return nil
	}
	for _, m := range msgs {
		t := m.Timestamp.Time
		switch m.Name {
		case MsgHAHostFailed:
			out = append(out, HAIncident{HostUUID: m.ObjUUID, HostName: nameOr(names.HostName(m.ObjUUID), m.ObjUUID), FailedAt: t})
		case MsgHAHostWasFenced:
			for i := len(out) - 1; i >= 0; i-- {
				if out[i].HostUUID == m.ObjUUID && out[i].FencedAt.IsZero() && !t.Before(out[i].FailedAt) {
					out[i].FencedAt = t
					break
				}
			}
		case MsgPoolMasterTransition:
			if inc := open(t); inc != nil && inc.MasterTransition.IsZero() {
				inc.MasterTransition = t
			}
		case MsgVMStarted, MsgHAVMRestartFailed:
			if !strings.EqualFold(m.Class, "VM") {
				continue
			}
			if inc := open(t); inc != nil {
				inc.Restarts = append(inc.Restarts, Restart{
					VMUUID: m.ObjUUID, VMName: nameOr(names.VMName(m.ObjUUID), m.ObjUUID), At: t,
					TargetHost: names.VMHost(m.ObjUUID), Failed: m.Name == MsgHAVMRestartFailed,
				})
			}
		}
	}
	return out
}

func nameOr(name, fallback string) string {
	if name != "" {
		return name
	}
	return fallback
}

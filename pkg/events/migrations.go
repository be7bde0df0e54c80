package events

import (
	"regexp"
	"sort"
	"time"
)

// MsgVMMigrated is raised by the pool master after a live migration within the pool
// (VM.pool_migrate, VM.migrate_send intra-pool) completes; priority 5, cls VM. It was
// added to xapi in 2021 (xapi-project/xen-api ocaml/xapi-consts/api_messages.ml
// `vm_migrated`, raised from ocaml/xapi/message_forwarding.ml), so older pools send none
// and their migrations are known only from the live Watcher.
const MsgVMMigrated = "VM_MIGRATED"

// vmMigratedBody matches the message body xapi writes (message_forwarding.ml):
// VM '<name>' (uuid: <uuid>) migrated from host '<name>' (uuid: <uuid>) to host '<name>' (uuid: <uuid>).
// Names may contain anything, so the uuids anchor the match.
var vmMigratedBody = regexp.MustCompile(`^VM '(.*)' \(uuid: ([0-9a-fA-F-]+)\) migrated from host '(.*)' \(uuid: ([0-9a-fA-F-]+)\) to host '(.*)' \(uuid: ([0-9a-fA-F-]+)\)$`)

// MigrationsFromMessages rebuilds migrations from VM_MIGRATED messages. The message is
// written when the migration ends, so End is its timestamp and Start is unknown (zero).
// Messages whose body does not parse keep the VM (from obj_uuid) and leave the hosts
// empty rather than guess.
func MigrationsFromMessages(msgs []Message, names Names) []Migration {
	var out []Migration
	for _, m := range msgs {
		if m.Name != MsgVMMigrated {
			continue
		}
		mig := Migration{VMUUID: m.ObjUUID, VMName: nameOr(names.VMName(m.ObjUUID), m.ObjUUID), End: m.Timestamp.Time, Status: "success"}
		if g := vmMigratedBody.FindStringSubmatch(m.Body); g != nil {
			mig.VMName, mig.VMUUID = g[1], g[2]
			mig.SourceHost, mig.TargetHost = g[3], g[5]
		}
		out = append(out, mig)
	}
	return out
}

// sameMigrationWindow is how close the end of a migration seen live and the timestamp
// of its VM_MIGRATED message must be to count as one migration.
const sameMigrationWindow = 2 * time.Minute

// MergeMigrations joins migrations seen live (with a start and a task status) and
// those rebuilt from messages (which survive a Grafana restart): a message matching a
// live migration of the same VM is dropped, the others are added. The result is sorted
// by end time.
func MergeMigrations(live, fromMessages []Migration) []Migration {
	out := append([]Migration(nil), live...)
	for _, m := range fromMessages {
		dup := false
		for _, l := range live {
			if l.VMUUID == m.VMUUID && absDuration(l.End.Sub(m.End)) <= sameMigrationWindow {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].End.Before(out[j].End) })
	return out
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

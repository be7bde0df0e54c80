package pool

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/events"
	"github.com/xenbench/xenbench/pkg/inventory"
)

// Event kinds: an events query asks for migrations, HA incidents or both; a table also
// lists each VM HA restarted (KindHARestart).
const (
	KindMigration = "migration"
	KindHA        = "ha"
	KindHARestart = "ha_restart"
)

// messagesTTL: XAPI messages are re-read at most this often per instance; HA
// annotations do not need to be fresher, and a dashboard refreshing every 5 s must not
// list the messages every 5 s.
const messagesTTL = 15 * time.Second

// Event is one row of an events result, whatever its kind.
type Event struct {
	Kind       string // KindMigration, KindHA or KindHARestart
	Start, End time.Time
	// StartUnknown is set for a migration known only from its VM_MIGRATED message
	// (it happened before this instance watched the pool): Start is then End, and the
	// migration's duration is unknown, not zero.
	StartUnknown bool
	VM           string // migrated or restarted VM's name
	VMUUID       string // migrated VM's uuid ("" when unknown)
	Source       string // migration source host, or the failed host of a restart
	Target       string // migration target host, or the host a VM restarted on
	Host         string // failed host (HA)
	Status       string // success, failure, cancelled
	Restarts     int    // VMs restarted after an HA host failure
	Failed       int    // restarts that failed
	Title        string // annotation title
	Text         string // annotation text
	Tags         []string
}

// Duration is the event's length: a migration's time, an HA incident's time to
// recovery. An incident with no restart seen yet counts up to now, so a recovery that
// never comes still fires an alert rule on it. ok is false when the length is unknown
// (StartUnknown).
func (e Event) Duration(now time.Time) (d time.Duration, ok bool) {
	switch {
	case e.StartUnknown:
		return 0, false
	case e.Kind == KindHA && e.Restarts+e.Failed == 0:
		return now.Sub(e.Start), true
	}
	return e.End.Sub(e.Start), true
}

// EventsQuery selects events.
type EventsQuery struct {
	Kinds    []string // KindMigration, KindHA; none selects both
	From, To time.Time
	// Restarts adds one KindHARestart row per VM restarted by HA (for tables).
	Restarts bool
}

// Events answers an events query: migrations (seen live by the watcher since the
// instance started, plus VM_MIGRATED messages) and HA incidents (rebuilt from XAPI
// messages), sorted by start.
func (s *Service) Events(ctx context.Context, q EventsQuery) ([]Event, error) {
	s.startWatcher()
	want := map[string]bool{}
	for _, k := range q.Kinds {
		switch k {
		case KindMigration, KindHA:
			want[k] = true
		default:
			return nil, backend.DownstreamErrorf("unknown event kind %q: use migration or ha", k)
		}
	}
	all := len(want) == 0
	from, to := q.From, q.To
	var rows []Event
	snap, err := s.inv.Get(ctx)
	if err != nil {
		return nil, err
	}
	msgs, err := s.messages(ctx, from.Add(-events.DefaultRecoveryWindow))
	if err != nil {
		return nil, err
	}
	if all || want[KindMigration] {
		// Live records carry the start and task status; VM_MIGRATED messages add the
		// migrations from before this instance started.
		var logged []events.Migration
		for _, mig := range events.MigrationsFromMessages(msgs, snapshotNames{snap}) {
			if !mig.End.Before(from) && !mig.End.After(to) {
				logged = append(logged, mig)
			}
		}
		for _, mig := range events.MergeMigrations(s.hist.Between(from, to), logged) {
			rows = append(rows, migrationEvent(mig))
		}
	}
	if all || want[KindHA] {
		for _, inc := range events.HAIncidents(msgs, snapshotNames{snap}, events.DefaultRecoveryWindow) {
			if inc.FailedAt.After(to) || inc.FailedAt.Before(from.Add(-events.DefaultRecoveryWindow)) {
				continue
			}
			rows = append(rows, haEvent(inc))
			if q.Restarts {
				rows = append(rows, restartEvents(inc)...)
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Start.Before(rows[j].Start) })
	return rows, nil
}

// messages reads XAPI messages since `since`, cached for messagesTTL.
func (s *Service) messages(ctx context.Context, since time.Time) ([]events.Message, error) {
	s.msgMu.Lock()
	defer s.msgMu.Unlock()
	now := s.now()
	if s.msgCache != nil && !since.Before(s.msgSince) && now.Sub(s.msgAt) < messagesTTL {
		return s.msgCache, nil
	}
	if s.client == nil {
		return nil, backend.DownstreamErrorf("the pool connection is not configured")
	}
	msgs, err := events.MessagesSince(ctx, s.client, since)
	if err != nil {
		return nil, err
	}
	s.msgCache, s.msgSince, s.msgAt = msgs, since, now
	return msgs, nil
}

func migrationEvent(m events.Migration) Event {
	start, unknown := m.Start, m.Start.IsZero()
	if unknown {
		start = m.End
	}
	title := fmt.Sprintf("XenMotion %s: %s → %s", m.VMName, orUnknown(m.SourceHost), orUnknown(m.TargetHost))
	text := fmt.Sprintf("VM %s moved from %s to %s in %s", m.VMName, orUnknown(m.SourceHost), orUnknown(m.TargetHost), m.Duration().Round(100*time.Millisecond))
	if m.Status != "" && m.Status != "success" {
		title += " (" + m.Status + ")"
		text = fmt.Sprintf("migration of VM %s from %s ended with status %s", m.VMName, orUnknown(m.SourceHost), m.Status)
	}
	return Event{Kind: KindMigration, Start: start, End: m.End, StartUnknown: unknown, VM: m.VMName, VMUUID: m.VMUUID, Source: m.SourceHost, Target: m.TargetHost, Status: m.Status,
		Title: title, Text: text, Tags: []string{"xenmotion", "vm:" + m.VMName}}
}

func haEvent(inc events.HAIncident) Event {
	end := inc.RecoveredAt()
	if end.IsZero() {
		end = inc.FailedAt
	}
	failed := 0
	var lines []string
	for _, r := range inc.Restarts {
		if r.Failed {
			failed++
			lines = append(lines, fmt.Sprintf("%s: restart FAILED", r.VMName))
			continue
		}
		lines = append(lines, fmt.Sprintf("%s restarted on %s after %s", r.VMName, orUnknown(r.TargetHost), r.At.Sub(inc.FailedAt).Round(time.Second)))
	}
	text := fmt.Sprintf("host %s failed; %d VM(s) restarted, time to recovery %s", inc.HostName, len(inc.Restarts)-failed, inc.TimeToRecovery().Round(time.Second))
	if len(lines) > 0 {
		text += "\n" + strings.Join(lines, "\n")
	}
	return Event{Kind: KindHA, Start: inc.FailedAt, End: end, Host: inc.HostName, Restarts: len(inc.Restarts) - failed, Failed: failed,
		Title: "HA: host " + inc.HostName + " failed", Text: text, Tags: []string{"ha", "host:" + inc.HostName}}
}

// restartEvents gives one table row per VM HA restarted after inc: from the host
// failure to the VM's start, on its target host.
func restartEvents(inc events.HAIncident) []Event {
	out := make([]Event, 0, len(inc.Restarts))
	for _, r := range inc.Restarts {
		status := "success"
		if r.Failed {
			status = "failure"
		}
		out = append(out, Event{Kind: KindHARestart, Start: inc.FailedAt, End: r.At, VM: r.VMName, VMUUID: r.VMUUID, Source: inc.HostName, Target: r.TargetHost,
			Host: inc.HostName, Status: status})
	}
	return out
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown host"
	}
	return s
}

// snapshotNames resolves uuids for events through an inventory snapshot.
type snapshotNames struct{ s *inventory.Snapshot }

func (n snapshotNames) HostName(uuid string) string {
	h, _ := n.s.HostByUUID(uuid)
	return h.Name
}

func (n snapshotNames) VMName(uuid string) string {
	v, _ := n.s.VMByUUID(uuid)
	return v.Name
}

func (n snapshotNames) VMHost(uuid string) string {
	v, _ := n.s.VMByUUID(uuid)
	return v.HostName
}

package plugin

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/events"
	"github.com/xenbench/xenbench/pkg/inventory"
)

// Event kinds an events query may ask for.
const (
	eventKindMigration = "migration"
	eventKindHA        = "ha"
)

// messagesTTL: XAPI messages are re-read at most this often per instance; HA
// annotations do not need to be fresher, and a dashboard refreshing every 5 s must not
// list the messages every 5 s.
const messagesTTL = 15 * time.Second

// poolEvent is one row of an events result, whatever its kind.
type poolEvent struct {
	kind       string
	start, end time.Time
	vm, source string
	target     string
	host       string
	status     string
	restarts   int
	failed     int
	title      string
	text       string
	tags       []string
}

// events answers an events query: migrations (seen live by the watcher since the
// instance started) and HA incidents (rebuilt from XAPI messages), as annotations or
// as a table.
func (b *poolBackend) events(ctx context.Context, m *QueryModel) (data.Frames, error) {
	b.startWatcher()
	want := map[string]bool{}
	for _, k := range m.EventKinds {
		switch k {
		case eventKindMigration, eventKindHA:
			want[k] = true
		default:
			return nil, backend.DownstreamErrorf("unknown event kind %q: use migration or ha", k)
		}
	}
	all := len(want) == 0
	from, to := m.TimeRange.From, m.TimeRange.To
	var rows []poolEvent
	snap, err := b.inv.Get(ctx)
	if err != nil {
		return nil, err
	}
	msgs, err := b.messages(ctx, from.Add(-events.DefaultRecoveryWindow))
	if err != nil {
		return nil, err
	}
	if all || want[eventKindMigration] {
		// Live records carry the start and task status; VM_MIGRATED messages add the
		// migrations from before this instance started.
		var logged []events.Migration
		for _, mig := range events.MigrationsFromMessages(msgs, snapshotNames{snap}) {
			if !mig.End.Before(from) && !mig.End.After(to) {
				logged = append(logged, mig)
			}
		}
		for _, mig := range events.MergeMigrations(b.hist.Between(from, to), logged) {
			rows = append(rows, migrationEvent(mig))
		}
	}
	if all || want[eventKindHA] {
		for _, inc := range events.HAIncidents(msgs, snapshotNames{snap}, events.DefaultRecoveryWindow) {
			if inc.FailedAt.After(to) || inc.FailedAt.Before(from.Add(-events.DefaultRecoveryWindow)) {
				continue
			}
			rows = append(rows, haEvent(inc))
			if m.Format != "annotations" && m.Reducer == "" {
				rows = append(rows, restartEvents(inc)...)
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].start.Before(rows[j].start) })
	if m.Reducer != "" {
		return eventNumericFrames(m, rows, b.now()), nil
	}
	switch m.Format {
	case "annotations":
		return annotationFrames(m.RefID, rows), nil
	case "", "table":
		return eventTableFrames(m.RefID, rows), nil
	}
	return nil, backend.DownstreamErrorf("unknown format %q for events: use table or annotations", m.Format)
}

// eventNumericFrames gives one number per event (numeric-multi), in seconds: a
// migration's duration, or an HA incident's time to recovery, for alert rules such as
// "HA recovery longer than 3 minutes". An incident with no restart seen yet counts up
// to now, so a recovery that never comes still fires the rule.
func eventNumericFrames(m *QueryModel, rows []poolEvent, now time.Time) data.Frames {
	ss := make([]series, 0, len(rows))
	for _, r := range rows {
		d := r.end.Sub(r.start)
		labels := data.Labels{"kind": r.kind}
		switch r.kind {
		case eventKindMigration:
			labels["vm"], labels["source_host"], labels["target_host"] = r.vm, r.source, r.target
		case eventKindHA:
			labels["host"] = r.host
			if r.restarts+r.failed == 0 {
				d = now.Sub(r.start)
			}
		}
		labels["start"] = r.start.UTC().Format(time.RFC3339)
		ss = append(ss, series{Name: r.kind, Labels: labels, Unit: "s", Times: []time.Time{r.start}, Values: []float64{d.Seconds()}})
	}
	return numericFrames(m.RefID, ss, "last", m.Alias)
}

// messages reads XAPI messages since `since`, cached for messagesTTL.
func (b *poolBackend) messages(ctx context.Context, since time.Time) ([]events.Message, error) {
	b.msgMu.Lock()
	defer b.msgMu.Unlock()
	now := b.now()
	if b.msgCache != nil && !since.Before(b.msgSince) && now.Sub(b.msgAt) < messagesTTL {
		return b.msgCache, nil
	}
	if b.client == nil {
		return nil, backend.DownstreamErrorf("the pool connection is not configured")
	}
	msgs, err := events.MessagesSince(ctx, b.client, since)
	if err != nil {
		return nil, err
	}
	b.msgCache, b.msgSince, b.msgAt = msgs, since, now
	return msgs, nil
}

func migrationEvent(m events.Migration) poolEvent {
	start := m.Start
	if start.IsZero() {
		start = m.End
	}
	title := fmt.Sprintf("XenMotion %s: %s → %s", m.VMName, orUnknown(m.SourceHost), orUnknown(m.TargetHost))
	text := fmt.Sprintf("VM %s moved from %s to %s in %s", m.VMName, orUnknown(m.SourceHost), orUnknown(m.TargetHost), m.Duration().Round(100*time.Millisecond))
	if m.Status != "" && m.Status != "success" {
		title += " (" + m.Status + ")"
		text = fmt.Sprintf("migration of VM %s from %s ended with status %s", m.VMName, orUnknown(m.SourceHost), m.Status)
	}
	return poolEvent{kind: eventKindMigration, start: start, end: m.End, vm: m.VMName, source: m.SourceHost, target: m.TargetHost, status: m.Status,
		title: title, text: text, tags: []string{"xenmotion", "vm:" + m.VMName}}
}

func haEvent(inc events.HAIncident) poolEvent {
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
	return poolEvent{kind: eventKindHA, start: inc.FailedAt, end: end, host: inc.HostName, restarts: len(inc.Restarts) - failed, failed: failed,
		title: "HA: host " + inc.HostName + " failed", text: text, tags: []string{"ha", "host:" + inc.HostName}}
}

// restartEvents gives one table row per VM HA restarted after inc: from the host
// failure to the VM's start, on its target host.
func restartEvents(inc events.HAIncident) []poolEvent {
	out := make([]poolEvent, 0, len(inc.Restarts))
	for _, r := range inc.Restarts {
		status := "success"
		if r.Failed {
			status = "failure"
		}
		out = append(out, poolEvent{kind: "ha_restart", start: inc.FailedAt, end: r.At, vm: r.VMName, source: inc.HostName, target: r.TargetHost,
			host: inc.HostName, status: status})
	}
	return out
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown host"
	}
	return s
}

// annotationFrames builds the frame Grafana reads annotations from: fields time,
// timeEnd (a region when it differs from time), title, text and tags (comma-separated,
// which Grafana splits), as its annotation query processing expects
// (grafana/grafana public/app/features/annotations/standardAnnotationSupport.ts).
func annotationFrames(refID string, rows []poolEvent) data.Frames {
	n := len(rows)
	times, ends := make([]time.Time, n), make([]time.Time, n)
	titles, texts, tags := make([]string, n), make([]string, n), make([]string, n)
	for i, r := range rows {
		times[i], ends[i], titles[i], texts[i], tags[i] = r.start, r.end, r.title, r.text, strings.Join(r.tags, ",")
	}
	f := data.NewFrame("events",
		data.NewField("time", nil, times), data.NewField("timeEnd", nil, ends),
		data.NewField("title", nil, titles), data.NewField("text", nil, texts), data.NewField("tags", nil, tags))
	f.RefID = refID
	return data.Frames{f}
}

// eventTableFrames builds a table of events: one row per migration, per HA incident
// (kind ha: failure to last restart) and per VM restarted by HA (kind ha_restart:
// failure to that VM's start, with its target host).
func eventTableFrames(refID string, rows []poolEvent) data.Frames {
	n := len(rows)
	kind, vm, source, target, host, status := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	start, end := make([]time.Time, n), make([]time.Time, n)
	dur := make([]float64, n)
	restarts, failed := make([]int64, n), make([]int64, n)
	for i, r := range rows {
		kind[i], vm[i], source[i], target[i], host[i], status[i] = r.kind, r.vm, r.source, r.target, r.host, r.status
		start[i], end[i] = r.start, r.end
		dur[i] = r.end.Sub(r.start).Seconds()
		restarts[i], failed[i] = int64(r.restarts), int64(r.failed)
	}
	durField := data.NewField("duration", nil, dur)
	durField.Config = &data.FieldConfig{Unit: "s", Description: "migration time, or HA time to recovery (failure to last restart)"}
	f := data.NewFrame("events",
		data.NewField("kind", nil, kind), data.NewField("start", nil, start), data.NewField("end", nil, end), durField,
		data.NewField("vm", nil, vm), data.NewField("source_host", nil, source), data.NewField("target_host", nil, target),
		data.NewField("failed_host", nil, host), data.NewField("restarted_vms", nil, restarts), data.NewField("failed_restarts", nil, failed),
		data.NewField("status", nil, status))
	f.RefID = refID
	f.SetMeta(&data.FrameMeta{Type: data.FrameTypeTable})
	return data.Frames{f}
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

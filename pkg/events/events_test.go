package events

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/xapi"
)

var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

type fakeNames struct{}

func (fakeNames) HostName(uuid string) string {
	return map[string]string{"h-1": "xen1", "h-2": "xen2"}[uuid]
}
func (fakeNames) VMName(uuid string) string {
	return map[string]string{"v-1": "EXVM01", "v-2": "EXVM02"}[uuid]
}
func (fakeNames) VMHost(uuid string) string {
	return map[string]string{"v-1": "xen2", "v-2": "xen2"}[uuid]
}

func msg(name, cls, obj string, at time.Duration) Message {
	return Message{Name: name, Class: cls, ObjUUID: obj, Timestamp: xapi.Time{Time: t0.Add(at)}}
}

func TestHAIncidents(t *testing.T) {
	msgs := []Message{
		msg(MsgVMStarted, "VM", "v-1", -time.Hour), // before any failure: not a restart
		msg(MsgHAHostFailed, "Host", "h-1", 0),
		msg(MsgHAHostWasFenced, "Host", "h-1", 20*time.Second),
		msg(MsgPoolMasterTransition, "Host", "h-2", 30*time.Second),
		msg(MsgVMStarted, "VM", "v-1", 75*time.Second),
		msg(MsgHAVMRestartFailed, "VM", "v-2", 80*time.Second),
		msg(MsgVMStarted, "VM", "v-2", 140*time.Second),
		msg(MsgVMStarted, "VM", "v-1", time.Hour), // long after: an ordinary start
	}
	incs := HAIncidents(msgs, fakeNames{}, 10*time.Minute)
	if len(incs) != 1 {
		t.Fatalf("%d incidents, want 1", len(incs))
	}
	inc := incs[0]
	if inc.HostName != "xen1" || !inc.FailedAt.Equal(t0) || !inc.FencedAt.Equal(t0.Add(20*time.Second)) || !inc.MasterTransition.Equal(t0.Add(30*time.Second)) {
		t.Errorf("incident %+v", inc)
	}
	if len(inc.Restarts) != 3 || !inc.Restarts[1].Failed || inc.Restarts[0].TargetHost != "xen2" || inc.Restarts[0].VMName != "EXVM01" {
		t.Errorf("restarts %+v", inc.Restarts)
	}
	if got := inc.TimeToRecovery(); got != 140*time.Second {
		t.Errorf("time to recovery %s, want 2m20s (last successful restart)", got)
	}
}

func TestHAIncidentWithoutRestarts(t *testing.T) {
	incs := HAIncidents([]Message{msg(MsgHAHostFailed, "Host", "h-9", 0)}, fakeNames{}, 0)
	if len(incs) != 1 || incs[0].HostName != "h-9" || incs[0].TimeToRecovery() != 0 || !incs[0].RecoveredAt().IsZero() {
		t.Fatalf("incidents %+v", incs)
	}
}

func vmEvent(ref, host, power string, ops map[string]any) rawEvent {
	if ops == nil {
		ops = map[string]any{}
	}
	return rawEvent{Class: "vm", Operation: "mod", Ref: ref, Snapshot: map[string]any{
		"uuid": "v-" + ref, "name_label": "VM " + ref, "resident_on": host, "power_state": power, "current_operations": ops}}
}

func taskEvent(ref, status string, created, finished time.Time) rawEvent {
	fin := "19700101T00:00:00Z"
	if !finished.IsZero() {
		fin = finished.Format("20060102T15:04:05Z")
	}
	return rawEvent{Class: "task", Operation: "mod", Ref: ref, Snapshot: map[string]any{
		"name_label": "Async.VM.pool_migrate", "status": status, "created": created.Format("20060102T15:04:05Z"), "finished": fin}}
}

func newTestWatcher() (*Watcher, *History) {
	h := NewHistory(0)
	w := NewWatcher(nil, h, time.Second, nil)
	w.now = func() time.Time { return t0.Add(time.Hour) }
	w.Apply([]rawEvent{
		{Class: "host", Operation: "add", Ref: "H1", Snapshot: map[string]any{"name_label": "xen1"}},
		{Class: "host", Operation: "add", Ref: "H2", Snapshot: map[string]any{"name_label": "xen2"}},
		vmEvent("1", "H1", "Running", nil),
		vmEvent("2", "H1", "Running", nil),
	}, true)
	return w, h
}

func TestWatcherRecordsAMigrationWithTaskTimes(t *testing.T) {
	w, h := newTestWatcher()
	w.Apply([]rawEvent{taskEvent("T1", "pending", t0, time.Time{})}, false)
	w.Apply([]rawEvent{vmEvent("1", "H1", "Running", map[string]any{"T1": "pool_migrate"})}, false)
	w.Apply([]rawEvent{taskEvent("T1", "success", t0, t0.Add(42*time.Second))}, false)
	w.Apply([]rawEvent{vmEvent("1", "H2", "Running", nil)}, false)
	got := h.Between(t0.Add(-time.Hour), t0.Add(2*time.Hour))
	if len(got) != 1 {
		t.Fatalf("%d migrations, want 1: %+v", len(got), got)
	}
	m := got[0]
	if m.VMName != "VM 1" || m.SourceHost != "xen1" || m.TargetHost != "xen2" || m.Duration() != 42*time.Second || m.Status != "success" {
		t.Fatalf("migration %+v (duration %s)", m, m.Duration())
	}
}

func TestWatcherIgnoresRestartsAndRecordsFailures(t *testing.T) {
	w, h := newTestWatcher()
	// VM 2 halts on H1 and starts on H2 (an HA restart, not a migration).
	w.Apply([]rawEvent{vmEvent("2", "OpaqueRef:NULL", "Halted", nil)}, false)
	w.Apply([]rawEvent{vmEvent("2", "H2", "Running", nil)}, false)
	if h.Len() != 0 {
		t.Fatalf("a halt and restart was recorded as a migration: %+v", h.Between(time.Time{}, t0.Add(10*time.Hour)))
	}
	// VM 1's migration fails.
	w.Apply([]rawEvent{taskEvent("T2", "pending", t0, time.Time{}), vmEvent("1", "H1", "Running", map[string]any{"T2": "pool_migrate"})}, false)
	w.Apply([]rawEvent{taskEvent("T2", "failure", t0, t0.Add(5*time.Second))}, false)
	got := h.Between(time.Time{}, t0.Add(10*time.Hour))
	if len(got) != 1 || got[0].Status != "failure" || got[0].VMName != "VM 1" {
		t.Fatalf("want one failed migration, got %+v", got)
	}
}

func TestWatcherInitialStateRecordsNothing(t *testing.T) {
	_, h := newTestWatcher()
	if h.Len() != 0 {
		t.Fatal("the initial read recorded migrations")
	}
}

func TestHistoryIsBounded(t *testing.T) {
	h := NewHistory(3)
	for i := 0; i < 10; i++ {
		h.Add(Migration{VMName: fmt.Sprint(i), End: t0.Add(time.Duration(i) * time.Minute)})
	}
	got := h.Between(time.Time{}, t0.Add(time.Hour))
	if len(got) != 3 || got[0].VMName != "7" || got[2].VMName != "9" {
		t.Fatalf("history %+v, want the 3 newest", got)
	}
}

// scriptedCaller answers event.from with scripted batches, then blocks until ctx ends.
type scriptedCaller struct {
	mu      sync.Mutex
	batches []string
	calls   int
	lost    bool
}

func (s *scriptedCaller) Call(ctx context.Context, method string, params []any, out any) error {
	s.mu.Lock()
	s.calls++
	if s.lost {
		s.lost = false
		s.mu.Unlock()
		return &xapi.Error{Code: "EVENTS_LOST"}
	}
	if len(s.batches) == 0 {
		s.mu.Unlock()
		<-ctx.Done()
		return ctx.Err()
	}
	b := s.batches[0]
	s.batches = s.batches[1:]
	s.mu.Unlock()
	return json.Unmarshal([]byte(b), out)
}

func TestWatcherLoopFollowsEventFrom(t *testing.T) {
	c := &scriptedCaller{lost: true, batches: []string{
		`{"token":"1","events":[{"class":"host","operation":"add","ref":"H1","snapshot":{"name_label":"xen1"}},{"class":"host","operation":"add","ref":"H2","snapshot":{"name_label":"xen2"}},{"class":"vm","operation":"add","ref":"V","snapshot":{"uuid":"v","name_label":"EXVM03","resident_on":"H1","power_state":"Running"}}]}`,
		`{"token":"2","events":[{"class":"vm","operation":"mod","ref":"V","snapshot":{"uuid":"v","name_label":"EXVM03","resident_on":"H2","power_state":"Running"}}]}`,
	}}
	h := NewHistory(0)
	w := NewWatcher(c, h, time.Second, nil)
	w.Start()
	deadline := time.Now().Add(2 * time.Second)
	for h.Len() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	w.Stop()
	got := h.Between(time.Time{}, time.Now().Add(time.Hour))
	if len(got) != 1 || got[0].VMName != "EXVM03" || got[0].SourceHost != "xen1" || got[0].TargetHost != "xen2" {
		t.Fatalf("migrations %+v", got)
	}
	if !w.Synced() {
		t.Fatal("watcher not synced after its first batch")
	}
}

// methodUnknownCaller is a pool too old for event.from.
type methodUnknownCaller struct{ calls int }

func (m *methodUnknownCaller) Call(context.Context, string, []any, any) error {
	m.calls++
	return &xapi.Error{Code: "MESSAGE_METHOD_UNKNOWN", Params: []string{"event.from"}}
}

func TestWatcherStopsOnPoolsWithoutEventFrom(t *testing.T) {
	c := &methodUnknownCaller{}
	w := NewWatcher(c, NewHistory(0), time.Second, nil)
	w.Start()
	select {
	case <-w.done:
	case <-time.After(2 * time.Second):
		t.Fatal("watcher kept retrying event.from on a pool that lacks it")
	}
	w.Stop()
	if c.calls != 1 {
		t.Fatalf("%d calls, want 1", c.calls)
	}
}

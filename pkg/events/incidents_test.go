package events

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestHAIncidentsDefaultRecoveryWindow: without a window (0 or negative) a VM started
// up to and including ten minutes after the host failed is one of its HA restarts;
// one started a second later is an ordinary start.
func TestHAIncidentsDefaultRecoveryWindow(t *testing.T) {
	msgs := []Message{
		msg(MsgHAHostFailed, "Host", "h-1", 0),
		msg(MsgVMStarted, "VM", "v-1", 10*time.Minute),
		msg(MsgVMStarted, "VM", "v-2", 10*time.Minute+time.Second),
	}
	for _, window := range []time.Duration{0, -time.Minute} {
		incs := HAIncidents(msgs, fakeNames{}, window)
		if len(incs) != 1 || len(incs[0].Restarts) != 1 || incs[0].Restarts[0].VMUUID != "v-1" {
			t.Fatalf("window %s: incidents %+v, want v-1 (at 10 min) restarted and v-2 (10 min 1 s) not", window, incs)
		}
		if got := incs[0].TimeToRecovery(); got != 10*time.Minute {
			t.Errorf("window %s: time to recovery %s, want 10m0s", window, got)
		}
	}
}

// TestHAIncidentsExplicitWindow: a window given by the caller replaces the default,
// including its edge: a start exactly one window after the failure counts.
func TestHAIncidentsExplicitWindow(t *testing.T) {
	msgs := []Message{
		msg(MsgHAHostFailed, "Host", "h-1", 0),
		msg(MsgVMStarted, "VM", "v-1", time.Minute),
		msg(MsgVMStarted, "VM", "v-2", 2*time.Minute),
	}
	incs := HAIncidents(msgs, fakeNames{}, time.Minute)
	if len(incs) != 1 || len(incs[0].Restarts) != 1 || incs[0].Restarts[0].VMUUID != "v-1" {
		t.Fatalf("incidents %+v, want only v-1 (exactly 1 min after) within a 1-minute window", incs)
	}
}

// recordingCaller answers one call with a JSON result (or an error) and keeps what
// it was asked.
type recordingCaller struct {
	result string
	err    error
	method string
	params []any
}

func (c *recordingCaller) Call(_ context.Context, method string, params []any, out any) error {
	c.method, c.params = method, params
	if c.err != nil {
		return c.err
	}
	return json.Unmarshal([]byte(c.result), out)
}

// TestMessagesSinceAsksThePoolAndSortsByTime: message.get_since gets the time as an
// ISO 8601 basic UTC string (whatever the caller's zone), and the messages come back
// oldest first, whatever order the pool's map had.
func TestMessagesSinceAsksThePoolAndSortsByTime(t *testing.T) {
	c := &recordingCaller{result: `{
		"OpaqueRef:c": {"name": "VM_STARTED", "priority": "5", "cls": "VM", "obj_uuid": "v-1", "timestamp": "20261125T10:02:00Z", "body": ""},
		"OpaqueRef:a": {"name": "HA_HOST_FAILED", "priority": "3", "cls": "Host", "obj_uuid": "h-1", "timestamp": "20261125T10:00:00Z", "body": ""},
		"OpaqueRef:b": {"name": "HA_HOST_WAS_FENCED", "priority": "4", "cls": "Host", "obj_uuid": "h-1", "timestamp": "20261125T10:01:00Z", "body": ""}}`}
	since := time.Date(2026, 11, 25, 11, 0, 0, 0, time.FixedZone("CET", 3600))
	got, err := MessagesSince(context.Background(), c, since)
	if err != nil {
		t.Fatal(err)
	}
	if c.method != "message.get_since" || len(c.params) != 1 || c.params[0] != "20261125T10:00:00Z" {
		t.Errorf("called %s %v, want message.get_since [20261125T10:00:00Z]", c.method, c.params)
	}
	var names []string
	for _, m := range got {
		names = append(names, m.Name)
	}
	if strings.Join(names, " ") != "HA_HOST_FAILED HA_HOST_WAS_FENCED VM_STARTED" {
		t.Errorf("messages in order %v, want oldest first", names)
	}
}

// TestMessagesSinceSaysWhichCallFailed: a failed read names the XAPI call and keeps
// the cause for errors.Is.
func TestMessagesSinceSaysWhichCallFailed(t *testing.T) {
	cause := errors.New("connection refused")
	got, err := MessagesSince(context.Background(), &recordingCaller{err: cause}, time.Now())
	if got != nil || !errors.Is(err, cause) || !strings.Contains(err.Error(), "message.get_since") {
		t.Fatalf("MessagesSince = %v, %v; want no messages and an error naming message.get_since", got, err)
	}
}

// TestHAFenceJoinsItsOwnHostsIncident: with two hosts failed in turn, each
// HA_HOST_WAS_FENCED is attached to the incident of the host it names, not to the
// latest one; a fence for a host that never failed is attached to none.
func TestHAFenceJoinsItsOwnHostsIncident(t *testing.T) {
	msgs := []Message{
		msg(MsgHAHostFailed, "Host", "h-1", 0),
		msg(MsgHAHostFailed, "Host", "h-2", 10*time.Second),
		msg(MsgHAHostWasFenced, "Host", "h-1", 20*time.Second),
		msg(MsgHAHostWasFenced, "Host", "h-9", 25*time.Second),
		msg(MsgHAHostWasFenced, "Host", "h-2", 30*time.Second),
	}
	incs := HAIncidents(msgs, fakeNames{}, 0)
	if len(incs) != 2 || !incs[0].FencedAt.Equal(t0.Add(20*time.Second)) || !incs[1].FencedAt.Equal(t0.Add(30*time.Second)) {
		t.Fatalf("incidents %+v, want h-1 fenced at +20s and h-2 at +30s", incs)
	}
}

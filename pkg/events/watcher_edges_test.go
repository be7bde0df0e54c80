package events

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// pollCaller answers event.from's first call with an empty batch and token "1", then
// hands the parameters of the second call to the test and blocks until the watcher
// stops.
type pollCaller struct{ second chan []any }

func (p *pollCaller) Call(ctx context.Context, _ string, params []any, out any) error {
	if params[1] == "" {
		out.(*eventBatch).Token = "1"
		return nil
	}
	p.second <- params
	<-ctx.Done()
	return ctx.Err()
}

// TestWatcherLongPollsWithItsWait: the first event.from returns the current state at
// once (timeout 0); the following ones long-poll for the watcher's wait, in seconds,
// 25 s when none is given.
func TestWatcherLongPollsWithItsWait(t *testing.T) {
	for _, tc := range []struct {
		wait time.Duration
		want float64
	}{{7 * time.Second, 7}, {0, 25}, {-time.Second, 25}} {
		c := &pollCaller{second: make(chan []any, 1)}
		w := NewWatcher(c, NewHistory(0), tc.wait, nil)
		w.Start()
		select {
		case params := <-c.second:
			if params[1] != "1" || params[2] != tc.want {
				t.Errorf("wait %s: second event.from %v, want token 1 and timeout %v", tc.wait, params, tc.want)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("wait %s: no second event.from within 5 s", tc.wait)
		}
		w.Stop()
	}
}

// TestWatcherStopWithoutStart: stopping a watcher that never started returns at once.
func TestWatcherStopWithoutStart(t *testing.T) {
	NewWatcher(&pollCaller{}, NewHistory(0), time.Second, nil).Stop()
}

// failingCaller fails every event.from with a transient error, noting when, until
// it has failed max times; then it blocks until the watcher stops.
type failingCaller struct {
	mu    sync.Mutex
	calls []time.Time
	max   int
}

func (f *failingCaller) Call(ctx context.Context, _ string, _ []any, _ any) error {
	f.mu.Lock()
	if len(f.calls) == f.max {
		f.mu.Unlock()
		<-ctx.Done()
		return ctx.Err()
	}
	f.calls = append(f.calls, time.Now())
	f.mu.Unlock()
	return errors.New("connection reset")
}

// TestWatcherBacksOffAfterFailures: while event.from keeps failing, the watcher retries
// after 1 s, then twice as long each time, at most every 30 s. It runs in a synctest
// bubble, where the clock is fake and advances only when every goroutine waits.
func TestWatcherBacksOffAfterFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &failingCaller{max: 8}
		w := NewWatcher(c, NewHistory(0), time.Second, nil)
		start := time.Now()
		w.Start()
		// Two minutes of fake time: the eight calls are due at 0, 1, 3, 7, 15, 31, 61
		// and 91 s.
		time.Sleep(2 * time.Minute)
		w.Stop()
		c.mu.Lock()
		defer c.mu.Unlock()
		want := []time.Duration{0, 1, 3, 7, 15, 31, 61, 91}
		if len(c.calls) != len(want) {
			t.Fatalf("%d calls in two minutes, want %d", len(c.calls), len(want))
		}
		for i, at := range c.calls {
			if got := at.Sub(start); got != want[i]*time.Second {
				t.Errorf("call %d at %s, want %s", i+1, got, want[i]*time.Second)
			}
		}
	})
}

// TestWatcherForgetsFinishedTasks: a pool runs many tasks that are not migrations; once
// one has finished and no migration waits for it, the watcher does not keep it (its
// memory would grow with every task the pool ever ran), while pending tasks are kept
// for the migration that may follow.
func TestWatcherForgetsFinishedTasks(t *testing.T) {
	w, _ := newTestWatcher()
	w.Apply([]rawEvent{
		taskEvent("T-done", "success", t0, t0.Add(time.Second)),
		taskEvent("T-failed", "failure", t0, t0.Add(time.Second)),
		taskEvent("T-running", "pending", t0, time.Time{}),
	}, false)
	if _, ok := w.tasks["T-running"]; !ok || len(w.tasks) != 1 {
		t.Fatalf("tasks held %v, want only the pending T-running", w.tasks)
	}
}

// TestWatcherCrossStorageMigrationUsesTaskTimes: a migrate_send (storage migration
// within the pool) is followed like a pool_migrate: start and end from its task.
func TestWatcherCrossStorageMigrationUsesTaskTimes(t *testing.T) {
	w, h := newTestWatcher()
	w.Apply([]rawEvent{taskEvent("T1", "pending", t0, time.Time{})}, false)
	w.Apply([]rawEvent{vmEvent("1", "H1", "Running", map[string]any{"T1": "migrate_send"})}, false)
	w.Apply([]rawEvent{{Class: "task", Operation: "del", Ref: "T1"}}, false)
	w.Apply([]rawEvent{vmEvent("1", "H2", "Running", nil)}, false)
	got := h.Between(time.Time{}, t0.Add(10*time.Hour))
	if len(got) != 1 || !got[0].Start.Equal(t0) || got[0].SourceHost != "xen1" || got[0].TargetHost != "xen2" {
		t.Fatalf("migrations %+v, want one from xen1 to xen2 starting at the task's creation %s", got, t0)
	}
}

// TestWatcherMigrationSeenInOneEvent: when event.from coalesces a migration into one
// VM event (the operation and the new host together), the migration still names the
// host the VM left; a VM first seen in the middle of a migration is recorded once it
// lands, from the host it was first seen on.
func TestWatcherMigrationSeenInOneEvent(t *testing.T) {
	w, h := newTestWatcher()
	w.Apply([]rawEvent{taskEvent("T1", "pending", t0, time.Time{})}, false)
	w.Apply([]rawEvent{vmEvent("1", "H2", "Running", map[string]any{"T1": "pool_migrate"})}, false)
	got := h.Between(time.Time{}, t0.Add(10*time.Hour))
	if len(got) != 1 || got[0].SourceHost != "xen1" || got[0].TargetHost != "xen2" || !got[0].Start.Equal(t0) {
		t.Fatalf("migrations %+v, want one from xen1 to xen2 starting at %s", got, t0)
	}

	w.Apply([]rawEvent{taskEvent("T2", "pending", t0, time.Time{}), vmEvent("9", "H1", "Running", map[string]any{"T2": "pool_migrate"})}, false)
	w.Apply([]rawEvent{vmEvent("9", "H2", "Running", nil)}, false)
	got = h.Between(time.Time{}, t0.Add(10*time.Hour))
	if len(got) != 2 || got[1].VMName != "VM 9" || got[1].SourceHost != "xen1" || got[1].TargetHost != "xen2" {
		t.Fatalf("migrations %+v, want VM 9's from xen1 to xen2", got)
	}
}

// TestWatcherReportsPlacementChanges: Apply says when a VM appeared, changed host or
// changed power state (so the VM placement caches are dropped at once), and not when
// only its name changed.
func TestWatcherReportsPlacementChanges(t *testing.T) {
	w, _ := newTestWatcher()
	renamed := vmEvent("1", "H1", "Running", nil)
	renamed.Snapshot["name_label"] = "EXVM01 (renamed)"
	for _, tc := range []struct {
		name string
		ev   rawEvent
		want bool
	}{
		{"renamed only", renamed, false},
		{"paused on the same host", vmEvent("1", "H1", "Paused", nil), true},
		{"new VM", vmEvent("3", "H2", "Running", nil), true},
		{"unchanged", vmEvent("3", "H2", "Running", nil), false},
		{"moved while running", vmEvent("3", "H1", "Running", nil), true},
	} {
		if got := w.Apply([]rawEvent{tc.ev}, false); got != tc.want {
			t.Errorf("%s: placement changed = %v, want %v", tc.name, got, tc.want)
		}
	}
}

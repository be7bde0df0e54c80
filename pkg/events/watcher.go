package events

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/xenbench/xenbench/pkg/xapi"
)

// event.from result, as in xapi-project/xen-api ocaml/xapi-types/event_types.ml
// (rpc_of_event_from): {events: [{id, timestamp, class, operation, ref, snapshot}],
// valid_ref_counts, token}. Class names are lower case; "del" events carry no snapshot.
type eventBatch struct {
	Events []rawEvent `json:"events"`
	Token  string     `json:"token"`
}

type rawEvent struct {
	Class     string         `json:"class"`
	Operation string         `json:"operation"`
	Ref       string         `json:"ref"`
	Snapshot  map[string]any `json:"snapshot"`
}

// vmState is what the watcher remembers of a VM between events.
type vmState struct {
	uuid, name, residentOn, powerState string
	migrateTask                        string // task ref of a pool_migrate in progress
}

type pendingMigration struct {
	vmRef, source string
	start         time.Time
}

// Watcher follows event.from for the classes vm, task and host and records each
// migration in a History: a VM whose current_operations gains a pool_migrate (or
// migrate_send) task, then whose resident_on moves from one host to another while it
// stays Running. Start and end come from the task's created/finished times when the
// task is seen, otherwise from when the watcher saw the change.
type Watcher struct {
	c       Caller
	history *History
	logger  log.Logger
	now     func() time.Time
	// wait is event.from's timeout in seconds; it must stay below the HTTP timeout.
	wait float64

	mu      sync.Mutex
	vms     map[string]*vmState
	hosts   map[string]string // ref -> name
	tasks   map[string]taskInfo
	pending map[string]pendingMigration // task ref -> migration in progress
	synced  bool

	// OnPlacementChange, when set before Start, is called (without locks held) after a
	// batch in which a VM changed host or power state, so caches of VM placement can
	// be dropped at once instead of at their TTL.
	OnPlacementChange func()

	cancel context.CancelFunc
	done   chan struct{}
}

type taskInfo struct {
	created, finished time.Time
	status            string
}

// NewWatcher returns a watcher that records into h. wait is event.from's long-poll
// timeout; keep it a few seconds under the HTTP client's timeout.
func NewWatcher(c Caller, h *History, wait time.Duration, logger log.Logger) *Watcher {
	if logger == nil {
		logger = log.NewNullLogger()
	}
	if wait <= 0 {
		wait = 25 * time.Second
	}
	return &Watcher{c: c, history: h, logger: logger, now: time.Now, wait: wait.Seconds(),
		vms: map[string]*vmState{}, hosts: map[string]string{}, tasks: map[string]taskInfo{}, pending: map[string]pendingMigration{}}
}

// Start runs the event loop in the background until Stop.
func (w *Watcher) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	w.done = make(chan struct{})
	go func() {
		defer close(w.done)
		w.run(ctx)
	}()
}

// Stop ends the loop and waits for it.
func (w *Watcher) Stop() {
	if w.cancel == nil {
		return
	}
	w.cancel()
	<-w.done
}

// Synced reports whether the first full read of the pool's VMs has been done.
func (w *Watcher) Synced() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.synced
}

var watchedClasses = []any{"vm", "task", "host"}

func (w *Watcher) run(ctx context.Context) {
	token := ""
	backoff := time.Second
	for ctx.Err() == nil {
		var batch eventBatch
		timeout := w.wait
		if token == "" {
			timeout = 0 // the first call returns the current state at once
		}
		err := w.c.Call(ctx, "event.from", []any{watchedClasses, token, timeout}, &batch)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if errors.Is(err, xapi.ErrEventsLost) {
				token = "" // re-read the current state
				continue
			}
			if errors.Is(err, xapi.ErrMethodUnknown) {
				// Hosts older than XenServer 6.x lack event.from; migrations are then
				// not annotated (HA incidents still are, from messages).
				w.logger.Info("the pool does not support event.from; migration annotations are off")
				return
			}
			w.logger.Debug("event.from failed, retrying", "error", err.Error(), "retryIn", backoff.String())
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
				return
			}
			backoff = min(2*backoff, 30*time.Second)
			continue
		}
		backoff = time.Second
		if w.Apply(batch.Events, token == "") && w.OnPlacementChange != nil {
			w.OnPlacementChange()
		}
		token = batch.Token
	}
}

// Apply folds a batch of events into the state. initial marks the first read (the
// current state), which records nothing. It reports whether a VM changed host or
// power state.
func (w *Watcher) Apply(evs []rawEvent, initial bool) (placementChanged bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.now()
	for _, e := range evs {
		switch strings.ToLower(e.Class) {
		case "host":
			if e.Operation == "del" {
				delete(w.hosts, e.Ref)
			} else {
				w.hosts[e.Ref] = str(e.Snapshot, "name_label")
			}
		case "task":
			w.applyTask(e, now)
		case "vm":
			if w.applyVM(e, now, initial) {
				placementChanged = true
			}
		}
	}
	if initial {
		w.synced = true
	}
	return placementChanged && !initial
}

func (w *Watcher) applyTask(e rawEvent, now time.Time) {
	if e.Operation == "del" {
		// A destroyed task that still has a pending migration: the migration's VM event
		// will close it; keep the times we saw.
		return
	}
	ti := taskInfo{status: str(e.Snapshot, "status")}
	ti.created, _ = xapi.ParseTime(str(e.Snapshot, "created"))
	ti.finished, _ = xapi.ParseTime(str(e.Snapshot, "finished"))
	w.tasks[e.Ref] = ti
	if p, ok := w.pending[e.Ref]; ok && (ti.status == "failure" || ti.status == "cancelled") {
		vm := w.vms[p.vmRef]
		m := Migration{SourceHost: w.hosts[p.source], TargetHost: w.hosts[p.source], Start: firstSet(ti.created, p.start), End: firstSet(ti.finished, now), Status: ti.status}
		if vm != nil {
			m.VMUUID, m.VMName = vm.uuid, vm.name
			vm.migrateTask = ""
		}
		w.history.Add(m)
		delete(w.pending, e.Ref)
	}
	// Tasks are short-lived; forget finished ones nobody waits for.
	if ti.status != "pending" && ti.status != "" {
		if _, waiting := w.pending[e.Ref]; !waiting {
			delete(w.tasks, e.Ref)
		}
	}
}

func (w *Watcher) applyVM(e rawEvent, now time.Time, initial bool) (placementChanged bool) {
	if e.Operation == "del" {
		delete(w.vms, e.Ref)
		return true
	}
	s := e.Snapshot
	if b, _ := s["is_control_domain"].(bool); b {
		return false
	}
	next := &vmState{uuid: str(s, "uuid"), name: str(s, "name_label"), residentOn: str(s, "resident_on"), powerState: str(s, "power_state")}
	prev := w.vms[e.Ref]
	if prev != nil {
		next.migrateTask = prev.migrateTask
	}
	if ops, ok := s["current_operations"].(map[string]any); ok {
		for task, op := range ops {
			if o, _ := op.(string); o == "pool_migrate" || o == "migrate_send" {
				if _, known := w.pending[task]; !known {
					start := now
					if ti, ok := w.tasks[task]; ok && !ti.created.IsZero() {
						start = ti.created
					}
					source := next.residentOn
					if prev != nil {
						source = prev.residentOn
					}
					w.pending[task] = pendingMigration{vmRef: e.Ref, source: source, start: start}
				}
				next.migrateTask = task
			}
		}
	}
	w.vms[e.Ref] = next
	if initial || prev == nil {
		return prev == nil
	}
	placementChanged = prev.residentOn != next.residentOn || prev.powerState != next.powerState
	moved := prev.residentOn != next.residentOn && !nullRef(prev.residentOn) && !nullRef(next.residentOn)
	if !moved || prev.powerState != "Running" || next.powerState != "Running" {
		return placementChanged
	}
	m := Migration{VMUUID: next.uuid, VMName: next.name, SourceHost: w.hosts[prev.residentOn], TargetHost: w.hosts[next.residentOn], End: now, Status: "success"}
	if task := next.migrateTask; task != "" {
		if p, ok := w.pending[task]; ok {
			m.Start = p.start
			if p.source != "" {
				m.SourceHost = w.hosts[p.source]
			}
			delete(w.pending, task)
		}
		if ti, ok := w.tasks[task]; ok {
			m.Start = firstSet(ti.created, m.Start)
			if !ti.finished.IsZero() {
				m.End = ti.finished
			}
			delete(w.tasks, task)
		}
		next.migrateTask = ""
	}
	w.history.Add(m)
	return true
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func nullRef(ref string) bool { return ref == "" || strings.EqualFold(ref, "OpaqueRef:NULL") }

func firstSet(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

package sim

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// store holds the XAPI database: records per class, a uuid index and the
// event log event.from reads. Callers hold Server.mu.
type store struct {
	tables   map[string]map[string]Record // API class name -> ref -> record
	refClass map[string]string            // ref -> API class name
	byUUID   map[string]string            // uuid -> ref
	rng      *rand.Rand

	// events is the event log; gen is the generation of the newest event.
	events []event
	gen    int64
	// lost is the newest generation dropped from the log (EVENTS_LOST below it).
	lost int64
	// wake is closed and replaced whenever an event is appended.
	wake chan struct{}

	messages     map[string]Record
	messageOrder []string
}

// event is one entry of the log, shaped like ocaml/xapi-types/event_types.ml
// (id, timestamp, class, operation, ref, snapshot).
type event struct {
	ID       int64
	Time     time.Time
	Class    string // lower case, as xapi_event.ml sends it
	Op       string // add | mod | del
	Ref      string
	Snapshot Record
}

// maxEvents bounds the log; older events are forgotten and a client asking
// for them gets EVENTS_LOST, as xapi does (ocaml/xapi/xapi_event.ml).
const maxEvents = 20000

// apiClasses lists the classes whose get_all_records the simulator serves,
// with the spelling system.listMethods reports.
var apiClasses = []string{
	"pool", "host", "host_metrics", "host_cpu", "VM", "VM_metrics", "VM_guest_metrics",
	"SR", "PBD", "VDI", "VBD", "VIF", "PIF", "network", "task", "message",
}

func newStore(seed int64) *store {
	s := &store{
		tables:   map[string]map[string]Record{},
		refClass: map[string]string{},
		byUUID:   map[string]string{},
		rng:      rand.New(rand.NewPCG(uint64(seed), 0x78656e62656e6368)), // "xenbench"
		wake:     make(chan struct{}),
		messages: map[string]Record{},
	}
	for _, c := range apiClasses {
		if c != "message" {
			s.tables[c] = map[string]Record{}
		}
	}
	return s
}

// newUUID returns a version-4 style UUID drawn from the seeded generator, so
// a pool built twice with one seed has the same identities.
func (s *store) newUUID() string {
	a, b := s.rng.Uint64(), s.rng.Uint64()
	a = (a &^ 0xf000) | 0x4000                         // version 4
	b = (b &^ 0xc000000000000000) | 0x8000000000000000 // variant 10
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", uint32(a>>32), uint16(a>>16), uint16(a), uint16(b>>48), b&0xffffffffffff)
}

// add inserts a record and logs an "add" event. It fills uuid if missing.
func (s *store) add(class string, rec Record, now time.Time) string {
	uuid, _ := rec["uuid"].(string)
	if uuid == "" {
		uuid = s.newUUID()
		rec["uuid"] = uuid
	}
	ref := "OpaqueRef:" + s.newUUID()
	s.tables[class][ref] = rec
	s.refClass[ref] = class
	s.byUUID[uuid] = ref
	s.log(class, "add", ref, rec, now)
	return ref
}

// set changes fields of a record and logs one "mod" event.
func (s *store) set(ref string, now time.Time, kv ...any) {
	class, ok := s.refClass[ref]
	if !ok {
		return
	}
	rec := s.tables[class][ref]
	for i := 0; i+1 < len(kv); i += 2 {
		rec[kv[i].(string)] = kv[i+1]
	}
	s.log(class, "mod", ref, rec, now)
}

// remove deletes a record and logs a "del" event (no snapshot, as xapi).
func (s *store) remove(ref string, now time.Time) {
	class, ok := s.refClass[ref]
	if !ok {
		return
	}
	rec := s.tables[class][ref]
	delete(s.tables[class], ref)
	delete(s.refClass, ref)
	if uuid, _ := rec["uuid"].(string); uuid != "" {
		delete(s.byUUID, uuid)
	}
	s.log(class, "del", ref, nil, now)
}

func (s *store) get(class, ref string) (Record, bool) {
	t, ok := s.tables[class]
	if !ok {
		return nil, false
	}
	r, ok := t[ref]
	return r, ok
}

func (s *store) log(class, op, ref string, rec Record, now time.Time) {
	s.gen++
	var snap Record
	if rec != nil {
		snap = copyRecord(rec)
	}
	s.events = append(s.events, event{ID: s.gen, Time: now, Class: strings.ToLower(class), Op: op, Ref: ref, Snapshot: snap})
	if len(s.events) > maxEvents {
		drop := len(s.events) - maxEvents
		s.lost = s.events[drop-1].ID
		s.events = append([]event(nil), s.events[drop:]...)
	}
	close(s.wake)
	s.wake = make(chan struct{})
}

// validRefCounts is event.from's valid_ref_counts: rows per table, lower
// case (ocaml/xapi/xapi_event.ml). Messages are not database rows.
func (s *store) validRefCounts() map[string]int64 {
	out := make(map[string]int64, len(s.tables))
	for class, t := range s.tables {
		out[strings.ToLower(class)] = int64(len(t))
	}
	return out
}

// copyRecord deep-copies maps and slices so a snapshot handed to an encoder
// is not mutated under it.
func copyRecord(r Record) Record {
	out := make(Record, len(r))
	for k, v := range r {
		out[k] = copyValue(v)
	}
	return out
}

func copyValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return copyRecord(x)
	case map[string]string:
		m := make(map[string]string, len(x))
		for k, e := range x {
			m[k] = e
		}
		return m
	case []string:
		return append([]string{}, x...)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = copyValue(e)
		}
		return out
	default:
		return v
	}
}

// refsOf returns the refs of a class in a stable order (by name_label then
// uuid) so listings are deterministic.
func (s *store) refsOf(class string) []string {
	t := s.tables[class]
	refs := make([]string, 0, len(t))
	for ref := range t {
		refs = append(refs, ref)
	}
	sortRefs(refs, t)
	return refs
}

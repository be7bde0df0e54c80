package sim

import (
	"fmt"
	"time"
)

// A scenario is a loop of segments; each segment has load phases (one
// LoadGen run each) and timed actions (migrations, host failures). Phases
// are a pure function of time, so RRD rows and perfmon samples for any past
// instant can be computed; actions change the model and are replayed in
// order by the action queue.
type scenario struct {
	s        *Server
	kind     string
	segments []segment
	cycle    time.Duration
}

type segment struct {
	name    string
	length  time.Duration
	phases  []phase
	actions []segmentAction
}

type phase struct {
	offset, length time.Duration // within the segment
	mailboxes      int           // total heavy mailboxes per platform
}

type segmentAction struct {
	offset time.Duration
	do     func(s *Server, at time.Time)
}

// Segment and phase lengths in simulated time.
const (
	scalabilityPhase = 20 * time.Minute
	migrationLength  = 30 * time.Minute
	haLength         = 40 * time.Minute
	actionOffset     = 10 * time.Minute
	haRecoverAfter   = 20 * time.Minute
	steadyRunLength  = time.Hour
	steadyMailboxes  = 8000
)

func scalabilitySegment() segment {
	seg := segment{name: ScenarioScalability}
	for i, m := range []int{2000, 4000, 8000, 16000} {
		seg.phases = append(seg.phases, phase{offset: time.Duration(i) * scalabilityPhase, length: scalabilityPhase, mailboxes: m})
	}
	seg.length = time.Duration(len(seg.phases)) * scalabilityPhase
	return seg
}

func migrationSegment() segment {
	return segment{
		name: ScenarioMigration, length: migrationLength,
		phases: []phase{{length: migrationLength, mailboxes: steadyMailboxes}},
		actions: []segmentAction{{offset: actionOffset, do: func(s *Server, at time.Time) {
			vm := s.vms[0]
			from := vm.current()
			if from < 0 || vm.migratingTo >= 0 {
				return
			}
			target := s.migrationTarget(from)
			if target >= 0 {
				s.startMigration(vm, target, "", at, nil)
			}
		}}},
	}
}

func haSegment() segment {
	return segment{
		name: ScenarioHA, length: haLength,
		phases: []phase{{length: haLength, mailboxes: steadyMailboxes}},
		actions: []segmentAction{
			{offset: actionOffset, do: func(s *Server, at time.Time) { s.failHost(s.exchangeHome(), at) }},
			{offset: actionOffset + haRecoverAfter, do: func(s *Server, at time.Time) { s.recoverHost(s.exchangeHome(), at) }},
		},
	}
}

func steadySegment() segment {
	return segment{name: ScenarioSteady, length: steadyRunLength, phases: []phase{{length: steadyRunLength, mailboxes: steadyMailboxes}}}
}

func newScenario(s *Server, kind string) *scenario {
	sc := &scenario{s: s, kind: kind}
	switch kind {
	case ScenarioScalability:
		sc.segments = []segment{scalabilitySegment()}
	case ScenarioMigration:
		sc.segments = []segment{migrationSegment()}
	case ScenarioHA:
		sc.segments = []segment{haSegment()}
	case ScenarioAll:
		sc.segments = []segment{scalabilitySegment(), migrationSegment(), haSegment()}
	default:
		sc.segments = []segment{steadySegment()}
	}
	for _, seg := range sc.segments {
		sc.cycle += seg.length
	}
	return sc
}

// exchangeHome is the host the Exchange VMs are placed on at each segment
// start ("8,000 mailboxes on one host").
func (s *Server) exchangeHome() int { return min(exchangeHostIndex, len(s.hosts)-1) }

// migrationTarget is the XenMotion destination: host 2 if it is up, else
// the first other live host.
func (s *Server) migrationTarget(from int) int {
	if migrationTargetIdx < len(s.hosts) && migrationTargetIdx != from && !s.hosts[migrationTargetIdx].down {
		return migrationTargetIdx
	}
	for _, h := range s.hosts {
		if h.Index != from && !h.down {
			return h.Index
		}
	}
	return -1
}

// schedule queues the actions of the cycle starting at start and the start
// of the next cycle. Caller holds s.mu.
func (sc *scenario) schedule(start time.Time) {
	s := sc.s
	off := time.Duration(0)
	for i, seg := range sc.segments {
		segStart := start.Add(off)
		if i > 0 || !start.Equal(s.started) {
			s.actions.at(segStart, func(at time.Time) { s.rebalance(at) })
		}
		for _, a := range seg.actions {
			a := a
			s.actions.at(segStart.Add(a.offset), func(at time.Time) { a.do(s, at) })
		}
		off += seg.length
	}
	next := start.Add(sc.cycle)
	s.actions.at(next, func(time.Time) { sc.schedule(next) })
}

// rebalance migrates the Exchange VMs back to their home host so every
// segment starts from the published layout.
func (s *Server) rebalance(at time.Time) {
	home := s.exchangeHome()
	if s.hosts[home].down {
		return
	}
	for _, vm := range s.vms {
		if vm.Exchange && vm.current() >= 0 && vm.current() != home && vm.migratingTo < 0 {
			s.startMigration(vm, home, "", at, nil)
		}
	}
}

// runInfo identifies one LoadGen run (one phase of one cycle).
type runInfo struct {
	ID         string
	Workload   string
	Segment    string
	Start, End time.Time
	Mailboxes  int
}

// phaseAt returns the run in force at t. Before the simulation started the
// first phase applies (the RRD history shows a steady baseline).
func (sc *scenario) phaseAt(t time.Time) runInfo {
	start := sc.s.started
	cycleIdx := int64(0)
	tau := time.Duration(0)
	if t.After(start) {
		d := t.Sub(start)
		cycleIdx = int64(d / sc.cycle)
		tau = d % sc.cycle
	}
	cycleStart := start.Add(time.Duration(cycleIdx) * sc.cycle)
	off := time.Duration(0)
	for _, seg := range sc.segments {
		if tau < off+seg.length {
			for _, p := range seg.phases {
				if tau < off+p.offset+p.length {
					return sc.run(seg, p, cycleIdx, cycleStart.Add(off+p.offset))
				}
			}
		}
		off += seg.length
	}
	seg := sc.segments[len(sc.segments)-1]
	return sc.run(seg, seg.phases[len(seg.phases)-1], cycleIdx, cycleStart.Add(off-seg.length))
}

func (sc *scenario) run(seg segment, p phase, cycle int64, start time.Time) runInfo {
	return runInfo{
		ID:        fmt.Sprintf("s%d-c%03d-%s-%d-heavy", sc.s.opts.Seed, cycle+1, seg.name, p.mailboxes),
		Workload:  fmt.Sprintf("%d heavy", p.mailboxes),
		Segment:   seg.name,
		Start:     start,
		End:       start.Add(p.length),
		Mailboxes: p.mailboxes,
	}
}

// mailboxesFor splits a phase's mailboxes over servers: 2,000 per server
// on as many servers as needed (at most four), then more per server.
func mailboxesFor(total, server int) int {
	active := min(4, max(1, total/2000))
	if server >= active {
		return 0
	}
	return total / active
}

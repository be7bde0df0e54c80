package sim

import (
	"container/heap"
	"time"
)

// timedAction is something the simulation does at a simulated time:
// a scenario step, a task's progress, a VM restart.
type timedAction struct {
	at  time.Time
	seq int64 // insertion order breaks ties, keeping runs deterministic
	do  func(at time.Time)
}

type actionQueue struct {
	items []timedAction
	next  int64
}

func (q *actionQueue) Len() int { return len(q.items) }
func (q *actionQueue) Less(i, j int) bool {
	if !q.items[i].at.Equal(q.items[j].at) {
		return q.items[i].at.Before(q.items[j].at)
	}
	return q.items[i].seq < q.items[j].seq
}
func (q *actionQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *actionQueue) Push(x any)    { q.items = append(q.items, x.(timedAction)) }
func (q *actionQueue) Pop() any {
	last := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	return last
}

// at schedules do at time t.
func (q *actionQueue) at(t time.Time, do func(at time.Time)) {
	q.next++
	heap.Push(q, timedAction{at: t, seq: q.next, do: do})
}

// popDue removes and returns the earliest action due at or before now.
func (q *actionQueue) popDue(now time.Time) (timedAction, bool) {
	if len(q.items) == 0 || q.items[0].at.After(now) {
		return timedAction{}, false
	}
	return heap.Pop(q).(timedAction), true
}

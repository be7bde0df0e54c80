package promexport

import (
	"sync"
)

// batch is what one collection of one source produced. When every sample of a batch
// has been sent (or dropped for good), its host cursor is committed to the state
// file: the rows up to it never need to be read again.
type batch struct {
	samples []Sample
	host    string // host uuid; "" for the log folder's batches
	cursor  int64  // unix seconds
	// series are the log folder's cursors: perfmon and load-test series (name{labels})
	// → newest sample, unix ms.
	series map[string]int64
}

// queue holds batches for remote write, bounded in samples. It never blocks a
// producer and never grows past its capacity: a batch that does not fit is refused,
// and the producer keeps its rows where they came from (XAPI's archives).
type queue struct {
	mu      sync.Mutex
	batches []*batch
	head    int // samples of batches[0] already sent
	n       int // samples held (unsent)
	cap     int
	wake    chan struct{}
}

func newQueue(capacity int) *queue {
	return &queue{cap: capacity, wake: make(chan struct{}, 1)}
}

// push adds b unless it would exceed the capacity. An empty batch with a cursor is
// still queued, so that its cursor is committed in order.
func (q *queue) push(b *batch) bool {
	q.mu.Lock()
	if q.n+len(b.samples) > q.cap {
		q.mu.Unlock()
		return false
	}
	q.batches = append(q.batches, b)
	q.n += len(b.samples)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return true
}

// peek returns up to max samples from the head, copied, without removing them.
func (q *queue) peek(max int) []Sample {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []Sample
	head := q.head
	for _, b := range q.batches {
		rest := b.samples[head:]
		head = 0
		if len(out)+len(rest) > max {
			rest = rest[:max-len(out)]
		}
		out = append(out, rest...)
		if len(out) == max {
			break
		}
	}
	return out
}

// commit removes n samples from the head and returns the cursors of the batches that
// are now complete, in order.
func (q *queue) commit(n int) []*batch {
	q.mu.Lock()
	defer q.mu.Unlock()
	var done []*batch
	q.n -= n
	for len(q.batches) > 0 {
		b := q.batches[0]
		left := len(b.samples) - q.head
		if n < left {
			q.head += n
			break
		}
		n -= left
		q.head = 0
		q.batches[0] = nil
		q.batches = q.batches[1:]
		done = append(done, b)
	}
	return done
}

// len returns the samples held.
func (q *queue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.n
}

// pending reports whether anything (samples or cursors) waits.
func (q *queue) pending() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.batches) > 0
}

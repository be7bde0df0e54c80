package events

import (
	"sync"
	"time"
)

// MaxMigrations bounds the History: about 200 bytes each, so at most ~200 KB per
// datasource instance. A pool doing more than 1,000 migrations within the time range a
// dashboard shows will lose the oldest ones from the annotations.
const MaxMigrations = 1000

// History is a bounded, time-ordered ring of migrations seen live. Safe for concurrent use.
type History struct {
	mu    sync.Mutex
	items []Migration // oldest first
	max   int
}

// NewHistory returns a History holding at most max migrations (MaxMigrations if max <= 0).
func NewHistory(max int) *History {
	if max <= 0 {
		max = MaxMigrations
	}
	return &History{max: max}
}

// Add records a migration, dropping the oldest when full.
func (h *History) Add(m Migration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.items = append(h.items, m)
	// Keep the order by end time even when a late event reports an older migration.
	for i := len(h.items) - 1; i > 0 && h.items[i].End.Before(h.items[i-1].End); i-- {
		h.items[i], h.items[i-1] = h.items[i-1], h.items[i]
	}
	if len(h.items) > h.max {
		h.items = append(h.items[:0], h.items[len(h.items)-h.max:]...)
	}
}

// Between returns the migrations overlapping [from, to], oldest first.
func (h *History) Between(from, to time.Time) []Migration {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []Migration
	for _, m := range h.items {
		start := m.Start
		if start.IsZero() {
			start = m.End
		}
		if !m.End.Before(from) && !start.After(to) {
			out = append(out, m)
		}
	}
	return out
}

// Len is the number of migrations held.
func (h *History) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.items)
}

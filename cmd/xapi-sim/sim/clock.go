package sim

import (
	"sync"
	"time"
)

// Clock gives the simulated time. The server never reads the wall clock for
// simulated events, so a ManualClock makes every timeline deterministic.
type Clock interface {
	Now() time.Time
}

// ManualClock only moves when Advance is called (tests, benchmarks).
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a clock stopped at start.
func NewManualClock(start time.Time) *ManualClock { return &ManualClock{now: start.UTC()} }

// Now returns the current simulated time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (negative d is ignored: simulated time
// never goes back).
func (c *ManualClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now = c.now.Add(d)
	}
	return c.now
}

// ScaledClock runs scale simulated seconds per real second from start.
type ScaledClock struct {
	start     time.Time
	realStart time.Time
	scale     float64
}

// NewScaledClock returns a clock at start that runs scale times faster than
// the wall clock (scale 1 is real time).
func NewScaledClock(start time.Time, scale float64) *ScaledClock {
	if scale <= 0 {
		scale = 1
	}
	return &ScaledClock{start: start.UTC(), realStart: time.Now(), scale: scale}
}

// Now returns the simulated time.
func (c *ScaledClock) Now() time.Time {
	elapsed := time.Since(c.realStart)
	return c.start.Add(time.Duration(float64(elapsed) * c.scale))
}

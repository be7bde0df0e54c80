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

// CatchUpClock starts in the past and is moved forward quickly by
// Server.CatchUp until it reaches the wall clock; from then on it is the wall
// clock. It lets a demo pool begin with hours of scenario history (load runs,
// a XenMotion, an HA failure) whose timestamps are real, so Grafana's "last
// hour" shows them at once, where a scaled clock would stamp events in the
// future.
type CatchUpClock struct {
	mu   sync.Mutex
	now  time.Time
	live bool
}

// NewCatchUpClock returns a clock at start (in the past).
func NewCatchUpClock(start time.Time) *CatchUpClock { return &CatchUpClock{now: start.UTC()} }

// Now returns the simulated time: the caught-up time, then the wall clock.
func (c *CatchUpClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.live {
		return time.Now().UTC()
	}
	return c.now
}

// step moves the clock forward by at most d, and switches it to the wall
// clock once it reaches it. It reports whether the clock is live.
func (c *CatchUpClock) step(d time.Duration) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.live {
		return time.Now().UTC(), true
	}
	wall := time.Now().UTC()
	if next := c.now.Add(d); next.Before(wall) {
		c.now = next
		return c.now, false
	}
	c.now, c.live = wall, true
	return c.now, true
}

package inventory

import (
	"context"
	"sync"
	"time"

	"github.com/xenbench/xenbench/pkg/cache"
)

// Inventory caches one pool's Snapshot for a TTL. Concurrent readers that find it stale
// share one refresh (so ten panels loading at once cost one set of get_all_records
// calls). It is refreshed by TTL rather than by event.from: a dashboard only needs the
// inventory to be about a minute fresh, and a long-poll per datasource instance would
// hold a connection and a session open for every instance Grafana keeps alive.
type Inventory struct {
	caller Caller
	ttl    time.Duration
	now    func() time.Time
	// OnRefresh, when set, receives every new snapshot (the plugin passes the host
	// addresses to the XAPI client for master failover).
	onRefresh func(*Snapshot)

	mu     sync.Mutex
	snap   *Snapshot
	flight cache.Flight[struct{}, *Snapshot]
}

// New returns an empty Inventory; nothing is fetched until Get.
func New(c Caller, ttl time.Duration, onRefresh func(*Snapshot)) *Inventory {
	return &Inventory{caller: c, ttl: ttl, now: time.Now, onRefresh: onRefresh}
}

// Get returns the cached snapshot while it is younger than the TTL, otherwise fetches.
func (inv *Inventory) Get(ctx context.Context) (*Snapshot, error) {
	inv.mu.Lock()
	s := inv.snap
	inv.mu.Unlock()
	if s != nil && inv.now().Sub(s.Fetched) < inv.ttl {
		return s, nil
	}
	return inv.Refresh(ctx)
}

// Refresh fetches a new snapshot now (shared with concurrent callers).
func (inv *Inventory) Refresh(ctx context.Context) (*Snapshot, error) {
	s, _, err := inv.flight.Do(ctx, struct{}{}, func() (*Snapshot, error) {
		// Detached from the first caller's cancellation: others may wait on it.
		s, err := Fetch(context.WithoutCancel(ctx), inv.caller, inv.now())
		if err != nil {
			return nil, err
		}
		inv.mu.Lock()
		inv.snap = s
		inv.mu.Unlock()
		if inv.onRefresh != nil {
			inv.onRefresh(s)
		}
		return s, nil
	})
	return s, err
}

// Invalidate drops the cached snapshot (after a failover or a migration is seen).
func (inv *Inventory) Invalidate() {
	inv.mu.Lock()
	inv.snap = nil
	inv.mu.Unlock()
}

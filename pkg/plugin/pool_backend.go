package plugin

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/xenbench/xenbench/pkg/events"
	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/settings"
	"github.com/xenbench/xenbench/pkg/xapi"
)

// poolBackend answers the queries that read a XenServer / XCP-ng pool: RRD metrics,
// inventory lists, migration and HA events, and the health check. It owns the
// instance's XAPI session (through one xapi.Client), the inventory cache, the RRD row
// cache and the event watcher; all are released in close.
type poolBackend struct {
	cfg    *settings.Settings
	client *xapi.Client
	inv    *inventory.Inventory
	rrd    *rrdCache
	hist   *events.History
	logger log.Logger
	now    func() time.Time

	// The event watcher starts with the first query, not in the constructor: building
	// an instance must not contact the pool.
	watchOnce sync.Once
	watcher   *events.Watcher

	// Time XAPI messages were last read and the result, for the events query.
	msgMu     sync.Mutex
	msgCache  []events.Message
	msgSince  time.Time
	msgAt     time.Time
	closeOnce sync.Once
}

// newPoolBackend builds the pool side of an instance. It does no network I/O.
func newPoolBackend(cfg *settings.Settings, client *http.Client) *poolBackend {
	logger := log.DefaultLogger.With("component", "pool")
	xc, err := xapi.New(xapi.Config{
		URL: cfg.URL, Username: cfg.Username, Password: cfg.Password,
		HTTPClient: client, Timeout: cfg.Timeout(), MaxResponseBytes: cfg.MaxResponseBytes(),
		Logger: logger,
	})
	if err != nil {
		// ValidatePool already accepted the URL; this is only reachable through a
		// settings bug, so fail every query with the reason instead of panicking.
		return &poolBackend{cfg: cfg, logger: logger, now: time.Now, hist: events.NewHistory(0), rrd: newRRDCache(failingFetcher(err), 0), inv: inventory.New(failingCaller{err}, cfg.CacheTTL(), nil)}
	}
	b := &poolBackend{cfg: cfg, client: xc, logger: logger, now: time.Now, hist: events.NewHistory(0)}
	b.inv = inventory.New(xc, cfg.CacheTTL(), func(s *inventory.Snapshot) { xc.SetKnownHosts(s.HostAddresses()) })
	b.rrd = newRRDCache(xc.GetRRDUpdates, 0)
	return b
}

// startWatcher starts the event.from watcher once. Its long-poll stays 5 s under the
// HTTP timeout so a quiet pool does not look like a timeout.
func (b *poolBackend) startWatcher() {
	if b.client == nil {
		return
	}
	b.watchOnce.Do(func() {
		wait := b.cfg.Timeout() - 5*time.Second
		if wait < time.Second {
			wait = time.Second
		}
		b.watcher = events.NewWatcher(b.client, b.hist, wait, b.logger)
		// A VM that moved makes the cached placement wrong: the next metrics query would
		// ask the old host. Drop the inventory so it is re-read.
		b.watcher.OnPlacementChange = b.inv.Invalidate
		b.watcher.Start()
	})
}

// close stops the watcher and logs out. Dispose has no context; give the logout a
// few seconds at most.
func (b *poolBackend) close() {
	b.closeOnce.Do(func() {
		b.watchOnce.Do(func() {}) // no watcher may start after close
		if b.watcher != nil {
			b.watcher.Stop()
		}
		if b.client != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := b.client.Close(ctx); err != nil {
				b.logger.Debug("XAPI logout failed", "error", err.Error())
			}
		}
	})
}

// vms lists the pool's VMs (for the Exchange side's platform resolution).
func (b *poolBackend) vms(ctx context.Context) ([]inventory.VM, error) {
	snap, err := b.inv.Get(ctx)
	if err != nil {
		return nil, err
	}
	return snap.VMs, nil
}

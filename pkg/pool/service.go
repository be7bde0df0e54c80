// Package pool answers what xenbench asks a XenServer / XCP-ng pool: RRD metric series
// of hosts, VMs and SRs (through the incremental row cache), inventory lists, XenMotion
// and HA events, and the health check. It returns typed values (series, events, items);
// pkg/plugin turns them into frames.
package pool

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/xenbench/xenbench/pkg/events"
	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/rrdcache"
	"github.com/xenbench/xenbench/pkg/settings"
	"github.com/xenbench/xenbench/pkg/xapi"
)

// Service is the pool side of one datasource instance. It owns the instance's XAPI
// session (through one xapi.Client), the inventory cache, the RRD row cache and the
// event watcher; all are released in Close.
type Service struct {
	cfg    *settings.Settings
	client *xapi.Client
	inv    *inventory.Inventory
	rrd    *rrdcache.Cache
	series *seriesCache // metric queries' series over the cached rows
	gate   *hostGate    // bounds host requests, remembers slow hosts
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

// Options are what New needs besides the settings.
type Options struct {
	HTTPClient *http.Client
	// Now is the clock RRD windows and cache ages are computed from (time.Now when nil).
	Now func() time.Time
}

// New builds the pool side of an instance. It does no network I/O.
func New(cfg *settings.Settings, opts Options) *Service {
	logger := log.DefaultLogger.With("component", "pool")
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Service{cfg: cfg, logger: logger, now: now, hist: events.NewHistory(0), series: newSeriesCache(0)}
	xc, err := xapi.New(xapi.Config{
		URL: cfg.URL, PoolMembers: cfg.PoolMembers, Username: cfg.Username, Password: cfg.Password,
		HTTPClient: opts.HTTPClient, Timeout: cfg.Timeout(), MaxResponseBytes: cfg.MaxResponseBytes(),
		Logger: logger,
	})
	if err != nil {
		// ValidatePool already accepted the URL; this is only reachable through a
		// settings bug, so fail every query with the reason instead of panicking.
		s.rrd = rrdcache.New(failingFetcher(err), 0, now)
		s.inv = inventory.New(failingCaller{err}, cfg.CacheTTL(), nil)
		return s
	}
	s.client = xc
	s.inv = inventory.New(xc, cfg.CacheTTL(), func(snap *inventory.Snapshot) { xc.SetKnownHosts(snap.HostAddresses()) })
	s.gate = newHostGate(xc.GetRRDUpdates, cfg.MaxConcurrentRequests, cfg.Timeout(), cfg.SlowHostFor(), now)
	s.rrd = rrdcache.New(s.gate.Fetch, 0, now)
	return s
}

// startWatcher starts the event.from watcher once. Its long-poll stays 5 s under the
// HTTP timeout so a quiet pool does not look like a timeout.
func (s *Service) startWatcher() {
	if s.client == nil {
		return
	}
	s.watchOnce.Do(func() {
		wait := s.cfg.Timeout() - 5*time.Second
		if wait < time.Second {
			wait = time.Second
		}
		s.watcher = events.NewWatcher(s.client, s.hist, wait, s.logger)
		// A VM that moved makes the cached placement wrong: the next metrics query would
		// ask the old host. Drop the inventory so it is re-read.
		s.watcher.OnPlacementChange = s.inv.Invalidate
		s.watcher.Start()
	})
}

// Close stops the watcher and logs out. Dispose has no context; give the logout a
// few seconds at most.
func (s *Service) Close() {
	s.closeOnce.Do(func() {
		s.watchOnce.Do(func() {}) // no watcher may start after close
		if s.watcher != nil {
			s.watcher.Stop()
		}
		if s.client != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := s.client.Close(ctx); err != nil {
				s.logger.Debug("XAPI logout failed", "error", err.Error())
			}
		}
	})
}

// VMs lists the pool's VMs (for the Exchange side's platform resolution).
func (s *Service) VMs(ctx context.Context) ([]inventory.VM, error) {
	snap, err := s.inv.Get(ctx)
	if err != nil {
		return nil, err
	}
	return snap.VMs, nil
}

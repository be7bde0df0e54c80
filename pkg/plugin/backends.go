package plugin

import (
	"context"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/pool"
	"github.com/xenbench/xenbench/pkg/settings"
	"github.com/xenbench/xenbench/pkg/thresholds"
)

// queryBackends routes each query type to the side that answers it: the pool (XAPI and
// RRDs, pkg/pool) or the Exchange files (perfmon logs and load-test results,
// pkg/exchange). Either side may be unconfigured; its queries then fail with a message
// that says which setting is missing.
type queryBackends struct {
	cfg      *settings.Settings
	pool     *pool.Service    // nil when no pool master URL is set
	exchange *exchange.Source // nil when no log folder is set
	catalog  *thresholds.Catalog
}

func newQueryBackends(cfg *settings.Settings, client *http.Client) (queryBackends, error) {
	b := queryBackends{cfg: cfg}
	if cfg.HasPool() {
		if err := cfg.ValidatePool(); err != nil {
			return b, err
		}
		b.pool = pool.New(cfg, pool.Options{HTTPClient: client})
	}
	if cfg.LogFolder != "" {
		var vms exchange.VMLister
		if b.pool != nil {
			vms = b.pool
		}
		ex, err := exchange.NewSource(cfg, vms)
		if err != nil {
			return b, err
		}
		b.exchange = ex
		cat, err := thresholds.Load()
		if err != nil {
			return b, backend.PluginError(fmt.Errorf("threshold catalog: %w", err))
		}
		b.catalog = cat
	}
	return b, nil
}

func (b queryBackends) close() {
	if b.pool != nil {
		b.pool.Close()
	}
	if b.exchange != nil {
		b.exchange.Close()
	}
}

var (
	errNoPool = backend.DownstreamErrorf("this query reads the XenServer pool, but no pool master URL is configured: set it in the datasource settings")
	errNoLogs = backend.DownstreamErrorf("this query reads Exchange counter logs or load-test results, but no log folder is configured: set it in the datasource settings")
)

// run answers one decoded query with its frames.
func (b queryBackends) run(ctx context.Context, q *Query) (data.Frames, error) {
	switch m := q.Model.(type) {
	case *contract.MetricsQuery:
		if b.pool == nil {
			return nil, errNoPool
		}
		return b.metrics(ctx, q, m)
	case *contract.EventsQuery:
		if b.pool == nil {
			return nil, errNoPool
		}
		return b.events(ctx, q, m)
	case *contract.ExchangeQuery:
		if b.exchange == nil {
			return nil, errNoLogs
		}
		return b.counters(ctx, q, m)
	case *contract.LoadgenQuery:
		if b.exchange == nil {
			return nil, errNoLogs
		}
		return b.loadgen(ctx, q, m)
	case *contract.InventoryQuery:
		return b.inventory(ctx, q, m)
	}
	return nil, backend.PluginError(fmt.Errorf("query type %q has no backend", q.Type()))
}

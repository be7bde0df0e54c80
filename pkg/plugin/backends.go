package plugin

import (
	"context"
	"net/http"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/settings"
)

// queryBackends routes each query type to the side that answers it: the pool (XAPI and
// RRDs) or the Exchange files (perfmon logs and load-test results). Either side may be
// unconfigured; its queries then fail with a message that says which setting is missing.
type queryBackends struct {
	pool     *poolBackend     // nil when no pool master URL is set
	exchange *exchangeBackend // nil when no log folder is set
}

func newQueryBackends(cfg *settings.Settings, client *http.Client) (queryBackends, error) {
	var b queryBackends
	if cfg.HasPool() {
		if err := cfg.ValidatePool(); err != nil {
			return b, err
		}
		b.pool = newPoolBackend(cfg, client)
	}
	if cfg.LogFolder != "" {
		ex, err := newExchangeBackend(cfg, b.pool)
		if err != nil {
			return b, err
		}
		b.exchange = ex
	}
	return b, nil
}

func (b queryBackends) close() {
	if b.pool != nil {
		b.pool.close()
	}
	if b.exchange != nil {
		b.exchange.close()
	}
}

var (
	errNoPool = backend.DownstreamErrorf("this query reads the XenServer pool, but no pool master URL is configured: set it in the datasource settings")
	errNoLogs = backend.DownstreamErrorf("this query reads Exchange counter logs or load-test results, but no log folder is configured: set it in the datasource settings")
)

func (b queryBackends) run(ctx context.Context, m *QueryModel) (frameSet, error) {
	switch m.QueryType {
	case QueryTypeMetrics:
		if b.pool == nil {
			return nil, errNoPool
		}
		return b.pool.metrics(ctx, m)
	case QueryTypeEvents:
		if b.pool == nil {
			return nil, errNoPool
		}
		frames, err := b.pool.events(ctx, m)
		if err != nil || b.exchange == nil || m.Reducer != "" || m.Format == "annotations" {
			return frames, err
		}
		// With Exchange logs at hand, each migration gets its performance verdict.
		if err := b.exchange.addMigrationVerdicts(ctx, frames, time.Now()); err != nil {
			addNotices(frames, "migration verdicts: "+err.Error())
		}
		return frames, nil
	case QueryTypeExchange:
		if b.exchange == nil {
			return nil, errNoLogs
		}
		return b.exchange.counters(ctx, m)
	case QueryTypeLoadgen:
		if b.exchange == nil {
			return nil, errNoLogs
		}
		return b.exchange.loadgen(ctx, m)
	case QueryTypeInventory:
		if isExchangeInventory(m.InventoryKind) {
			if b.exchange == nil {
				return nil, errNoLogs
			}
			return b.exchange.inventory(ctx, m)
		}
		if b.pool == nil {
			return nil, errNoPool
		}
		return b.pool.inventory(ctx, m)
	}
	return nil, backend.DownstreamErrorf("unknown query type %q", m.QueryType)
}

// isExchangeInventory reports whether an inventory kind lists things from the Exchange
// files rather than from the pool.
func isExchangeInventory(kind string) bool {
	switch kind {
	case "servers", "counters", "workloads", "runs", "tasks":
		return true
	}
	return false
}

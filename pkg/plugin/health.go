package plugin

import (
	"context"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
)

// CheckHealth is "Save & test": it says exactly what holds (pool, hosts, VMs, log
// folder) and, on failure, the cause and the fix. Failures are results, not Go errors,
// so Grafana shows the message instead of a generic "plugin health check failed".
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	logger := log.DefaultLogger.FromContext(ctx)
	b := d.backends
	if b.pool == nil && b.exchange == nil {
		return &backend.CheckHealthResult{
			Status:  backend.HealthStatusError,
			Message: "Nothing to read yet: set the pool master URL (XenServer metrics and events), the log folder (Exchange counters and load tests), or both.",
		}, nil
	}
	status := backend.HealthStatusOk
	var lines []string
	if b.pool != nil {
		msg, err := b.pool.Health(ctx)
		if err != nil {
			status = backend.HealthStatusError
			logger.Warn("health check: pool unreachable", "error", err.Error())
			lines = append(lines, "XenServer pool: "+err.Error())
		} else {
			lines = append(lines, "XenServer pool: "+msg)
		}
		if d.settings.TLSSkipVerify {
			lines = append(lines, "Warning: TLS verification is off; add the pool's CA certificate instead.")
		}
	}
	if b.exchange != nil {
		msg, err := b.exchange.Health(ctx)
		if err != nil {
			status = backend.HealthStatusError
			logger.Warn("health check: log folder unusable", "error", err.Error())
			lines = append(lines, "Exchange logs: "+err.Error())
		} else {
			lines = append(lines, "Exchange logs: "+msg)
		}
	}
	return &backend.CheckHealthResult{Status: status, Message: strings.Join(lines, "\n")}, nil
}

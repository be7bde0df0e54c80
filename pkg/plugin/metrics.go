package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/pool"
)

// metricsQuery is the pool's view of a metrics query.
func metricsQuery(m *QueryModel) pool.MetricsQuery {
	return pool.MetricsQuery{
		Object: m.Object, SelectorMode: m.SelectorMode, Selector: m.Selector, Metrics: m.Metrics, CF: m.CF,
		From: m.TimeRange.From, To: m.TimeRange.To, Interval: m.Interval, MaxDataPoints: m.MaxDataPoints,
	}
}

// metrics answers a metrics query: RRD series of the selected hosts, VMs or SRs, with
// the hosts that did not answer and the names not found as notices.
func (b queryBackends) metrics(ctx context.Context, m *QueryModel) (data.Frames, error) {
	res, err := b.pool.Metrics(ctx, metricsQuery(m))
	if err != nil {
		return nil, err
	}
	frames := seriesFrames(ctx, m, res.Series)
	addNotices(frames, res.Notices...)
	return frames, nil
}

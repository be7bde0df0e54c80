package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/pool"
)

// metricsQuery is the pool's view of a metrics query; q gives the time range and
// resolution (zero for a stream, which reads the newest rows).
func metricsQuery(m *contract.MetricsQuery, q Query) pool.MetricsQuery {
	return pool.MetricsQuery{
		Object: m.Object, SelectorMode: m.SelectorMode, Selector: m.Selector, Metrics: m.Metrics, CF: m.CF,
		From: q.TimeRange.From, To: q.TimeRange.To, Interval: q.Interval, MaxDataPoints: q.MaxDataPoints,
	}
}

// metrics answers a metrics query: RRD series of the selected hosts, VMs or SRs, with
// the hosts that did not answer and the names not found as notices.
func (b queryBackends) metrics(ctx context.Context, q *Query, m *contract.MetricsQuery) (data.Frames, error) {
	res, err := b.pool.Metrics(ctx, metricsQuery(m, *q))
	if err != nil {
		return nil, err
	}
	frames := seriesFrames(ctx, q.RefID, &m.CommonQuery, res.Series)
	addNotices(frames, res.Notices...)
	return frames, nil
}

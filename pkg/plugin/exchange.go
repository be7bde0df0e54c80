package plugin

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/compliance"
	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/series"
)

// counters answers an `exchange` query: perfmon series labelled server, object,
// instance, counter, platform (and host for virtual servers, volume_role for disks),
// or with format compliance one row per server × counter × catalog limit.
func (b queryBackends) counters(ctx context.Context, q *Query, m *contract.ExchangeQuery) (data.Frames, error) {
	cq := exchange.CounterQuery{Counters: m.Counters, Servers: m.Servers, Platform: m.Platform, VolumeRole: m.VolumeRole, From: q.TimeRange.From, To: q.TimeRange.To}
	isCompliance := m.Format == contract.FormatCompliance
	if isCompliance && len(cq.Counters) == 0 {
		// Without counter patterns, check every counter the catalog has limits for.
		cq.Counters = compliance.CounterPatterns(b.catalog)
	}
	res, err := b.exchange.Counters(ctx, cq)
	if err != nil {
		return nil, err
	}
	var frames data.Frames
	if isCompliance {
		frames = complianceFrames(q.RefID, compliance.Counters(b.catalog, b.cfg.ExchangeVersion, res.Series))
	} else {
		ss := make([]series.Series, len(res.Series))
		for i, s := range res.Series {
			ss[i] = s.Series
		}
		frames = seriesFrames(ctx, q.RefID, &m.CommonQuery, ss)
	}
	addNotices(frames, res.Warnings...)
	if len(res.Series) == 0 {
		addNotices(frames, noCounterNotice(m))
	}
	return frames, nil
}

// noCounterNotice says why an exchange query has no series, instead of an empty answer
// that looks like a broken panel.
func noCounterNotice(m *contract.ExchangeQuery) string {
	msg := fmt.Sprintf("no series: no counter in the logs matches %s", strings.Join(m.Counters, ", "))
	var narrowed []string
	if m.Servers != "" {
		narrowed = append(narrowed, "servers "+m.Servers)
	}
	if m.Platform != "" {
		narrowed = append(narrowed, "platform "+m.Platform)
	}
	if m.VolumeRole != "" {
		narrowed = append(narrowed, "volume role "+m.VolumeRole)
	}
	if len(narrowed) > 0 {
		msg += " for " + strings.Join(narrowed, ", ")
	}
	return msg + " in the time range; the Counters list of the query editor (an inventory query of kind counters) shows the counters the logs hold"
}

// complianceFrames is a table with one row per verdict, in the rows' order (worst
// first).
func complianceFrames(refID string, rows []compliance.Row) data.Frames {
	n := len(rows)
	cols := make([][]string, 10)
	for i := range cols {
		cols[i] = make([]string, n)
	}
	value, limit := make([]*float64, n), make([]float64, n)
	for i, r := range rows {
		for j, v := range []string{r.Server, r.Platform, r.Counter, r.Instance, r.VolumeRole, r.Aggregation, r.Unit, string(r.Level), r.Threshold, r.Source} {
			cols[j][i] = v
		}
		if !math.IsNaN(r.Value) {
			value[i] = &rows[i].Value
		}
		limit[i] = r.Limit
	}
	return data.Frames{tableFrame("compliance", refID,
		data.NewField(contract.LabelServer, nil, cols[0]), data.NewField(contract.LabelPlatform, nil, cols[1]),
		data.NewField(contract.LabelCounter, nil, cols[2]), data.NewField(contract.LabelInstance, nil, cols[3]),
		data.NewField(contract.LabelVolumeRole, nil, cols[4]), data.NewField(contract.FieldAggregation, nil, cols[5]),
		data.NewField(contract.FieldValue, nil, value), data.NewField(contract.FieldLimit, nil, limit), data.NewField(contract.FieldUnit, nil, cols[6]),
		data.NewField(contract.FieldLevel, nil, cols[7]), data.NewField(contract.FieldThreshold, nil, cols[8]), data.NewField(contract.FieldSource, nil, cols[9]))}
}

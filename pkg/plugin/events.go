package plugin

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/pool"
	"github.com/xenbench/xenbench/pkg/series"
)

// events answers an events query: migrations and HA incidents as annotations, a table
// or (with a reducer) one number per event. With Exchange logs at hand, each migration
// in the table gets its performance verdict.
func (b queryBackends) events(ctx context.Context, q *Query, m *contract.EventsQuery) (data.Frames, error) {
	table := m.Reducer == "" && m.Format != contract.FormatAnnotations
	evs, err := b.pool.Events(ctx, pool.EventsQuery{Kinds: m.EventKinds, From: q.TimeRange.From, To: q.TimeRange.To, Restarts: table})
	if err != nil {
		return nil, err
	}
	switch {
	case m.Reducer != "":
		return eventNumericFrames(q.RefID, m.Alias, evs, time.Now()), nil
	case !table:
		return annotationFrames(q.RefID, evs), nil
	}
	var verdicts []exchange.Verdict
	var notice string
	if b.exchange != nil {
		verdicts, err = b.migrationVerdicts(ctx, evs)
		if err != nil {
			verdicts, notice = nil, "migration verdicts: "+err.Error()
		}
	}
	frames := eventTableFrames(q.RefID, evs, verdicts)
	addNotices(frames, notice)
	return frames, nil
}

// migrationVerdicts judges the migrations among evs; the result is indexed like evs
// (zero for other kinds).
func (b queryBackends) migrationVerdicts(ctx context.Context, evs []pool.Event) ([]exchange.Verdict, error) {
	var migs []exchange.Migration
	var at []int
	for i, e := range evs {
		if e.Kind == pool.KindMigration {
			migs = append(migs, exchange.Migration{VMUUID: e.VMUUID, VMName: e.VM, Start: e.Start, End: e.End})
			at = append(at, i)
		}
	}
	vs, err := b.exchange.MigrationVerdicts(ctx, migs, time.Now())
	if err != nil {
		return nil, err
	}
	out := make([]exchange.Verdict, len(evs))
	for j, i := range at {
		out[i] = vs[j]
	}
	return out, nil
}

// eventNumericFrames gives one number per event (numeric-multi), in seconds: a
// migration's duration, or an HA incident's time to recovery, for alert rules such as
// "HA recovery longer than 3 minutes".
func eventNumericFrames(refID, alias string, evs []pool.Event, now time.Time) data.Frames {
	ss := make([]series.Series, 0, len(evs))
	for _, e := range evs {
		labels := map[string]string{contract.LabelKind: e.Kind}
		switch e.Kind {
		case pool.KindMigration:
			labels[contract.LabelVM], labels[contract.LabelSourceHost], labels[contract.LabelTargetHost] = e.VM, e.Source, e.Target
		case pool.KindHA:
			labels[contract.LabelHost] = e.Host
		}
		labels[contract.LabelStart] = e.Start.UTC().Format(time.RFC3339)
		v := math.NaN() // a migration seen only in its message: length unknown, a null
		if d, ok := e.Duration(now); ok {
			v = d.Seconds()
		}
		ss = append(ss, series.Series{Name: e.Kind, Labels: labels, Unit: "s", Times: []time.Time{e.Start}, Values: []float64{v}})
	}
	return numericFrames(refID, ss, contract.ReducerLast, alias)
}

// annotationFrames builds the frame Grafana reads annotations from: fields time,
// timeEnd (a region when it differs from time), title, text and tags (comma-separated,
// which Grafana splits).
func annotationFrames(refID string, evs []pool.Event) data.Frames {
	n := len(evs)
	times, ends := make([]time.Time, n), make([]time.Time, n)
	titles, texts, tags := make([]string, n), make([]string, n), make([]string, n)
	for i, e := range evs {
		times[i], ends[i], titles[i], texts[i], tags[i] = e.Start, e.End, e.Title, e.Text, strings.Join(e.Tags, ",")
	}
	f := data.NewFrame("events",
		data.NewField(contract.FieldTime, nil, times), data.NewField(contract.FieldTimeEnd, nil, ends),
		data.NewField(contract.FieldTitle, nil, titles), data.NewField(contract.FieldText, nil, texts), data.NewField(contract.FieldTags, nil, tags))
	f.RefID = refID
	return data.Frames{f}
}

// eventTableFrames builds a table of events: one row per migration, per HA incident
// (kind ha: failure to last restart) and per VM restarted by HA (kind ha_restart:
// failure to that VM's start, with its target host). With verdicts (indexed like evs),
// the migration rows carry the RPC latency p95 before and after and the verdict.
func eventTableFrames(refID string, evs []pool.Event, verdicts []exchange.Verdict) data.Frames {
	n := len(evs)
	kind, vm, source, target, host, status := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	start, end := make([]time.Time, n), make([]time.Time, n)
	dur := make([]*float64, n)
	restarts, failed := make([]int64, n), make([]int64, n)
	for i, e := range evs {
		kind[i], vm[i], source[i], target[i], host[i], status[i] = e.Kind, e.VM, e.Source, e.Target, e.Host, e.Status
		start[i], end[i] = e.Start, e.End
		if !e.StartUnknown {
			d := e.End.Sub(e.Start).Seconds()
			dur[i] = &d
		}
		restarts[i], failed[i] = int64(e.Restarts), int64(e.Failed)
	}
	durField := data.NewField(contract.FieldDuration, nil, dur)
	durField.Config = &data.FieldConfig{Unit: "s", Description: "migration time, or HA time to recovery (failure to last restart); empty for a migration that ended before the datasource started watching the pool (its start is not recorded)"}
	f := tableFrame("events", refID,
		data.NewField(contract.LabelKind, nil, kind), data.NewField(contract.LabelStart, nil, start), data.NewField(contract.FieldEnd, nil, end), durField,
		data.NewField(contract.LabelVM, nil, vm), data.NewField(contract.LabelSourceHost, nil, source), data.NewField(contract.LabelTargetHost, nil, target),
		data.NewField(contract.FieldFailedHost, nil, host), data.NewField(contract.FieldRestartedVMs, nil, restarts), data.NewField(contract.FieldFailedRestarts, nil, failed),
		data.NewField(contract.FieldStatus, nil, status))
	if verdicts != nil {
		before, after := make([]*float64, n), make([]*float64, n)
		texts := make([]string, n)
		for i := range verdicts {
			v := verdicts[i]
			if evs[i].Kind != pool.KindMigration {
				continue
			}
			if !math.IsNaN(v.Before) {
				before[i] = &verdicts[i].Before
			}
			if !math.IsNaN(v.After) {
				after[i] = &verdicts[i].After
			}
			texts[i] = v.Text
		}
		bf := data.NewField(contract.FieldRPCP95BeforeMs, nil, before)
		bf.Config = &data.FieldConfig{Unit: "ms", Description: "95th percentile RPC averaged latency in the 10 minutes before the migration"}
		af := data.NewField(contract.FieldRPCP95AfterMs, nil, after)
		af.Config = &data.FieldConfig{Unit: "ms", Description: "95th percentile RPC averaged latency in the 10 minutes after it settled (2 minutes)"}
		f.Fields = append(f.Fields, bf, af, data.NewField(contract.FieldVerdict, nil, texts))
	}
	return data.Frames{f}
}

package plugin

import (
	"context"
	"encoding/json"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// streamPathPrefix is the only channel path we serve: metrics/<anything>, with the
// query JSON in the subscription data (the front end picks a path unique per query).
const streamPathPrefix = "metrics/"

// streamInterval matches xcp-rrdd's 5-second update period: polling faster only
// repeats the same rows.
var streamInterval = 5 * time.Second

// SubscribeStream accepts metrics/<id> paths whose data is a valid metrics query.
func (d *Datasource) SubscribeStream(_ context.Context, req *backend.SubscribeStreamRequest) (*backend.SubscribeStreamResponse, error) {
	if !strings.HasPrefix(req.Path, streamPathPrefix) || len(req.Path) == len(streamPathPrefix) {
		return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusNotFound}, nil
	}
	if _, err := decodeStreamQuery(req.Data); err != nil {
		return nil, err
	}
	return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusOK}, nil
}

// PublishStream: the channel is read-only for browsers.
func (d *Datasource) PublishStream(context.Context, *backend.PublishStreamRequest) (*backend.PublishStreamResponse, error) {
	return &backend.PublishStreamResponse{Status: backend.PublishStreamStatusPermissionDenied}, nil
}

// RunStream sends, every 5 s, the rows of the metrics query that are newer than what
// was sent before, read through the incremental RRD cache. The schema goes out with
// the first frame (and again whenever the set of series changes); later frames carry
// data only.
func (d *Datasource) RunStream(ctx context.Context, req *backend.RunStreamRequest, sender *backend.StreamSender) error {
	m, err := decodeStreamQuery(req.Data)
	if err != nil {
		return err
	}
	if d.backends.pool == nil {
		return errNoPool
	}
	return d.backends.pool.runStream(ctx, m, sender, streamInterval)
}

func decodeStreamQuery(raw json.RawMessage) (*QueryModel, error) {
	m := &QueryModel{}
	if len(raw) == 0 {
		return nil, backend.DownstreamErrorf("stream subscription carries no query: send the metrics query JSON as the subscription data")
	}
	if err := json.Unmarshal(raw, m); err != nil {
		return nil, backend.DownstreamErrorf("stream subscription data is not a valid query: %v", err)
	}
	if m.QueryType != "" && m.QueryType != QueryTypeMetrics {
		return nil, backend.DownstreamErrorf("only metrics queries can stream, not %q", m.QueryType)
	}
	m.QueryType = QueryTypeMetrics
	return m, nil
}

// frameSender is the part of *backend.StreamSender runStream uses (tests fake it).
type frameSender interface {
	SendFrame(frame *data.Frame, include data.FrameInclude) error
}

func (b *poolBackend) runStream(ctx context.Context, m *QueryModel, sender frameSender, every time.Duration) error {
	b.startWatcher()
	st := &streamState{}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if err := b.streamOnce(ctx, m, sender, st); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			// A failed poll (host restarting, session expiry) is logged and retried at
			// the next tick; the stream ends only when Grafana cancels it.
			b.logger.Debug("stream poll failed", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// streamState remembers what a stream has sent.
type streamState struct {
	lastT     time.Time // newest row sent
	schemaKey string    // series identities of the last schema sent
}

func (b *poolBackend) streamOnce(ctx context.Context, m *QueryModel, sender frameSender, st *streamState) error {
	now := b.now()
	from := now.Add(-archives[0].span())
	if !st.lastT.IsZero() && st.lastT.After(from) {
		from = st.lastT.Add(time.Second)
	}
	res, err := b.metricSeries(ctx, m, from, now, archives[0])
	if err != nil {
		return err
	}
	frame, newest := wideFrame(res.series, m.Alias)
	if frame == nil {
		return nil
	}
	key := seriesKey(res.series)
	include := data.IncludeDataOnly
	if key != st.schemaKey {
		include = data.IncludeAll
	}
	if err := sender.SendFrame(frame, include); err != nil {
		return err
	}
	st.schemaKey, st.lastT = key, newest
	return nil
}

func seriesKey(ss []series) string {
	keys := make([]string, len(ss))
	for i, s := range ss {
		keys[i] = s.Name + s.Labels.String()
	}
	sort.Strings(keys)
	return strings.Join(keys, "|")
}

// wideFrame puts series on one time column (timeseries-wide, what Grafana Live appends
// to), nulls where a series has no row at a time. It returns nil when no rows are new.
func wideFrame(ss []series, alias string) (*data.Frame, time.Time) {
	sortSeries(ss)
	var times []time.Time
	seen := map[int64]bool{}
	for _, s := range ss {
		for _, t := range s.Times {
			if !seen[t.Unix()] {
				seen[t.Unix()] = true
				times = append(times, t)
			}
		}
	}
	if len(times) == 0 {
		return nil, time.Time{}
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	pos := make(map[int64]int, len(times))
	for i, t := range times {
		pos[t.Unix()] = i
	}
	fields := []*data.Field{data.NewField(data.TimeSeriesTimeFieldName, nil, times)}
	for _, s := range ss {
		vals := make([]*float64, len(times))
		for i, t := range s.Times {
			if v := s.Values[i]; !math.IsNaN(v) {
				vals[pos[t.Unix()]] = &v
			}
		}
		f := data.NewField(s.Name, s.Labels, vals)
		f.Config = fieldConfig(s, alias)
		fields = append(fields, f)
	}
	frame := data.NewFrame("metrics", fields...)
	frame.SetMeta(&data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: data.FrameTypeVersion{0, 1}})
	return frame, times[len(times)-1]
}

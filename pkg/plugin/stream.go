package plugin

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/pool"
	"github.com/xenbench/xenbench/pkg/series"
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
// was sent before, read through the incremental RRD cache (each 5-second row goes out
// at the first tick after the host has it). The schema goes out with the first frame
// (and again whenever the set of series changes); later frames carry data only.
func (d *Datasource) RunStream(ctx context.Context, req *backend.RunStreamRequest, sender *backend.StreamSender) error {
	m, err := decodeStreamQuery(req.Data)
	if err != nil {
		return err
	}
	if d.backends.pool == nil {
		return errNoPool
	}
	tick := time.NewTicker(streamInterval)
	defer tick.Stop()
	return runStream(ctx, d.backends.pool, m, sender, tick.C, log.DefaultLogger.FromContext(ctx))
}

func decodeStreamQuery(raw json.RawMessage) (*contract.MetricsQuery, error) {
	if len(raw) == 0 {
		return nil, backend.DownstreamErrorf("stream subscription carries no query: send the metrics query JSON as the subscription data")
	}
	d, err := contract.Decode(raw, string(contract.QueryTypeMetrics))
	if err != nil {
		return nil, backend.DownstreamErrorf("stream subscription data is not a valid query: %v", err)
	}
	m, ok := d.Query.(*contract.MetricsQuery)
	if !ok {
		return nil, backend.DownstreamErrorf("only metrics queries can stream, not %q", contract.Base(d.Query).QueryType)
	}
	return m, nil
}

// frameSender is the part of *backend.StreamSender runStream uses (tests fake it).
type frameSender interface {
	SendFrame(frame *data.Frame, include data.FrameInclude) error
}

// rowSource is what a stream reads (pool.Service.LatestRows).
type rowSource interface {
	LatestRows(ctx context.Context, q pool.MetricsQuery, after time.Time) (*pool.MetricsResult, error)
}

// runStream polls src at every tick and sends the rows newer than those sent before.
// When a poll fails (pool unreachable, host restarting, session expired) the
// subscriber gets a frame with a warning notice and the cause is logged at warn, once
// per outage; the first poll that works again sends its rows with the schema and an
// info notice that updates resumed. The stream ends only when Grafana cancels it.
func runStream(ctx context.Context, src rowSource, m *contract.MetricsQuery, sender frameSender, ticks <-chan time.Time, logger log.Logger) error {
	st := &streamState{}
	q := metricsQuery(m, Query{})
	for {
		err := st.poll(ctx, src, q, m.Alias, sender)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			if sendErr := st.failed(err, sender, logger); sendErr != nil {
				return sendErr
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-ticks:
		}
	}
}

// streamState remembers what a stream has sent.
type streamState struct {
	lastT     time.Time // newest row sent
	schemaKey string    // series identities of the last schema sent
	schema    *data.Frame
	down      error // the cause while the pool cannot be read, nil otherwise
}

func (st *streamState) poll(ctx context.Context, src rowSource, q pool.MetricsQuery, alias string, sender frameSender) error {
	res, err := src.LatestRows(ctx, q, st.lastT)
	if err != nil {
		return err
	}
	frame, newest := streamFrame(res.Series, alias)
	if frame == nil {
		return nil
	}
	key := seriesKey(res.Series)
	include := data.IncludeDataOnly
	if key != st.schemaKey || st.down != nil {
		include = data.IncludeAll
	}
	if st.down != nil {
		frame.Meta.Notices = append(frame.Meta.Notices, data.Notice{Severity: data.NoticeSeverityInfo,
			Text: "live updates resumed: the pool can be read again"})
	}
	if err := sender.SendFrame(frame, include); err != nil {
		return err
	}
	st.schemaKey, st.lastT, st.down = key, newest, nil
	st.schema = frame.EmptyCopy()
	return nil
}

// failed tells the subscriber once per outage, with an empty frame carrying the cause.
func (st *streamState) failed(err error, sender frameSender, logger log.Logger) error {
	first := st.down == nil
	st.down = err
	if !first {
		logger.Debug("stream poll failed again", "error", err.Error())
		return nil
	}
	logger.Warn("stream poll failed: live updates paused until the pool can be read", "error", err.Error())
	f := st.schema
	if f == nil {
		f = data.NewFrame("metrics", data.NewField(data.TimeSeriesTimeFieldName, nil, []time.Time{}))
	} else {
		f = f.EmptyCopy()
	}
	f.SetMeta(&data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: data.FrameTypeVersion{0, 1},
		Notices: []data.Notice{{Severity: data.NoticeSeverityWarning,
			Text: "live updates paused: the pool cannot be read (" + err.Error() + "); retrying every tick"}}})
	return sender.SendFrame(f, data.IncludeAll)
}

func seriesKey(ss []series.Series) string {
	keys := make([]string, len(ss))
	for i, s := range ss {
		keys[i] = s.Name + data.Labels(s.Labels).String()
	}
	sort.Strings(keys)
	return strings.Join(keys, "|")
}

// streamFrame puts the new rows on one time column (timeseries-wide, what Grafana Live
// appends to), nulls where a series has no row at a time, and returns the newest time.
// It returns nil when no rows are new.
func streamFrame(ss []series.Series, alias string) (*data.Frame, time.Time) {
	frame := wideFrame("metrics", ss, alias, 0)
	if frame == nil {
		return nil, time.Time{}
	}
	t := frame.Fields[0]
	return frame, t.At(t.Len() - 1).(time.Time)
}

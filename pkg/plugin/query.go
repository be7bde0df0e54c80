package plugin

import (
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/contract"
)

// Query is one decoded query: its model, one of pkg/contract's per-type structs (the one
// source of the query model; the front end's types are generated from it), with what the
// request says about it.
type Query struct {
	// Model is *contract.MetricsQuery, *contract.ExchangeQuery, *contract.LoadgenQuery,
	// *contract.EventsQuery or *contract.InventoryQuery, with the back end's defaults.
	Model contract.Query
	// Notice names the fields the query carries but its type does not read; the answer
	// carries it so a typo in a dashboard or alert rule does not go unseen.
	Notice string

	RefID         string
	TimeRange     backend.TimeRange
	Interval      time.Duration
	MaxDataPoints int64
}

// Type is the query's type.
func (q *Query) Type() contract.QueryType { return contract.Base(q.Model).QueryType }

// ReadQuery decodes one backend.DataQuery strictly (contract.Decode): bad JSON, an
// unknown query type or a value outside its field's list is the user's to fix, so the
// error is downstream; unknown fields become the query's Notice.
func ReadQuery(q backend.DataQuery) (*Query, error) {
	d, err := contract.Decode(q.JSON, q.QueryType)
	if err != nil {
		return nil, backend.DownstreamErrorf("query %s: %v", q.RefID, err)
	}
	return &Query{
		Model:         d.Query,
		Notice:        d.Notice(),
		RefID:         q.RefID,
		TimeRange:     q.TimeRange,
		Interval:      q.Interval,
		MaxDataPoints: q.MaxDataPoints,
	}, nil
}

// String identifies the query in logs without dumping it.
func (q *Query) String() string {
	return fmt.Sprintf("refId=%s queryType=%s", q.RefID, q.Type())
}

// withNotice adds the query's notice (fields it ignored) to its answer as a warning,
// on a frame of its own when the answer has none.
func withNotice(q *Query, frames data.Frames) data.Frames {
	if q.Notice == "" {
		return frames
	}
	if len(frames) == 0 {
		f := data.NewFrame("")
		f.RefID = q.RefID
		frames = data.Frames{f}
	}
	addNotices(frames, q.Notice)
	return frames
}

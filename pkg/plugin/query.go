package plugin

import (
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/contract"
)

// QueryType is the contract's query type (pkg/contract is the one source of the query
// model; the front end's types are generated from it).
type QueryType = contract.QueryType

const (
	QueryTypeMetrics   = contract.QueryTypeMetrics
	QueryTypeExchange  = contract.QueryTypeExchange
	QueryTypeLoadgen   = contract.QueryTypeLoadgen
	QueryTypeEvents    = contract.QueryTypeEvents
	QueryTypeInventory = contract.QueryTypeInventory
)

// QueryModel is a decoded query with the request's fields, flattened for the query
// backends, which predate the per-type structs of pkg/contract. Typed is the query as
// decoded (*contract.MetricsQuery, ...); the flat fields are copied from it, so the
// JSON names, values and defaults stay defined once, in pkg/contract.
type QueryModel struct {
	QueryType QueryType
	Alias     string
	Reducer   string

	Object, SelectorMode, Selector, CF string
	Metrics                            []string
	Stream                             bool

	Counters             []string
	Servers              string
	Platform, VolumeRole string

	Runs, Workloads string
	Tasks           []string
	Format          string

	EventKinds []string

	InventoryKind, Filter string

	Typed contract.Query
	// Notice names the fields the query carries but its type does not read; the
	// answer carries it so a typo in a dashboard or alert rule does not go unseen.
	Notice string

	RefID         string
	TimeRange     backend.TimeRange
	Interval      time.Duration
	MaxDataPoints int64
}

// ReadQuery decodes one backend.DataQuery strictly (contract.Decode): bad JSON, an
// unknown query type or a value outside its field's list is the user's to fix, so the
// error is downstream; unknown fields become m.Notice.
func ReadQuery(q backend.DataQuery) (*QueryModel, error) {
	d, err := contract.Decode(q.JSON, q.QueryType)
	if err != nil {
		return nil, backend.DownstreamErrorf("query %s: %v", q.RefID, err)
	}
	m := modelOf(d.Query)
	m.Notice = d.Notice()
	m.RefID = q.RefID
	m.TimeRange = q.TimeRange
	m.Interval = q.Interval
	m.MaxDataPoints = q.MaxDataPoints
	return m, nil
}

// modelOf flattens a typed query.
func modelOf(q contract.Query) *QueryModel {
	c := contract.Base(q)
	m := &QueryModel{QueryType: c.QueryType, Alias: c.Alias, Reducer: c.Reducer, Typed: q}
	switch t := q.(type) {
	case *contract.MetricsQuery:
		m.Object, m.SelectorMode, m.Selector, m.Metrics, m.CF, m.Stream = t.Object, t.SelectorMode, t.Selector, t.Metrics, t.CF, t.Stream
	case *contract.ExchangeQuery:
		m.Counters, m.Servers, m.Platform, m.VolumeRole, m.Format = t.Counters, t.Servers, t.Platform, t.VolumeRole, t.Format
	case *contract.LoadgenQuery:
		m.Runs, m.Workloads, m.Tasks, m.Servers, m.Platform, m.Format = t.Runs, t.Workloads, t.Tasks, t.Servers, t.Platform, t.Format
	case *contract.EventsQuery:
		m.EventKinds, m.Format = t.EventKinds, t.Format
	case *contract.InventoryQuery:
		m.InventoryKind, m.Filter, m.Object, m.SelectorMode, m.Selector, m.Servers = t.InventoryKind, t.Filter, t.Object, t.SelectorMode, t.Selector, t.Servers
	}
	return m
}

// String identifies the query in logs without dumping it.
func (m *QueryModel) String() string {
	return fmt.Sprintf("refId=%s queryType=%s", m.RefID, m.QueryType)
}

// withNotice adds the query's notice (fields it ignored) to its answer as a warning,
// on a frame of its own when the answer has none.
func withNotice(m *QueryModel, frames data.Frames) data.Frames {
	if m.Notice == "" {
		return frames
	}
	if len(frames) == 0 {
		f := data.NewFrame("")
		f.RefID = m.RefID
		frames = data.Frames{f}
	}
	addNotices(frames, m.Notice)
	return frames
}

package plugin

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// QueryType selects what a query reads. The same literals are in
// src/datasource/types.ts (QueryType); keep both in step.
type QueryType string

const (
	QueryTypeMetrics   QueryType = "metrics"
	QueryTypeExchange  QueryType = "exchange"
	QueryTypeLoadgen   QueryType = "loadgen"
	QueryTypeEvents    QueryType = "events"
	QueryTypeInventory QueryType = "inventory"
)

// QueryModel holds every field a saved query may carry. Each query type reads only
// its own fields; the JSON names match src/datasource/types.ts (XenbenchQuery).
// Request fields (RefID, TimeRange, Interval, MaxDataPoints) are copied from the
// backend.DataQuery by ReadQuery, not decoded from JSON.
type QueryModel struct {
	QueryType QueryType `json:"queryType"`
	// Alias is a display name template, e.g. "$vm $metric"; $<label> is replaced by the
	// series label of that name.
	Alias string `json:"alias,omitempty"`
	// Reducer, when set (mean, min, max, last, p95), turns each series into one number
	// (a numeric-multi frame): handy for tables, stat panels and alert conditions.
	Reducer string `json:"reducer,omitempty"`

	// metrics: RRD series of hosts, VMs or SRs.
	Object       string   `json:"object,omitempty"`       // host | vm | sr
	SelectorMode string   `json:"selectorMode,omitempty"` // name | uuid | regex | tag
	Selector     string   `json:"selector,omitempty"`     // empty or "*" selects all
	Metrics      []string `json:"metrics,omitempty"`      // names or glob patterns, e.g. cpu*, vbd_*_latency
	CF           string   `json:"cf,omitempty"`           // AVERAGE (default) | MIN | MAX | LAST

	// exchange: perfmon counter series.
	Counters []string `json:"counters,omitempty"` // path patterns, e.g. \\*\MSExchangeIS\RPC Averaged Latency
	Servers  string   `json:"servers,omitempty"`  // server name glob; empty selects all
	Platform string   `json:"platform,omitempty"` // native | virtual | empty for both
	// VolumeRole keeps only LogicalDisk series of volumes in that role (database | log),
	// whose limits differ: what an alert rule on disk latency needs.
	VolumeRole string `json:"volumeRole,omitempty"`

	// loadgen: test runs; Tasks filters tasks (SendMail, Logon, ...).
	Runs string `json:"runs,omitempty"` // run id glob
	// Workloads is a workload glob or comma list, e.g. 8000* (loadgen).
	Workloads string   `json:"workloads,omitempty"`
	Tasks     []string `json:"tasks,omitempty"`
	// Format: table (default) | annotations for loadgen and events; compliance for
	// exchange and loadgen (one row per server × counter × catalog limit, with a verdict).
	Format string `json:"format,omitempty"`

	// events: migrations and HA events.
	EventKinds []string `json:"eventKinds,omitempty"` // migration | ha ; empty selects all

	// inventory: lists for template variables and editor autocompletion.
	InventoryKind string `json:"inventoryKind,omitempty"` // pools | hosts | vms | srs | tags | metrics | servers | counters | workloads | runs
	Filter        string `json:"filter,omitempty"`        // regex applied to the names

	// Stream asks Explore and dashboards for live 5-second updates (metrics only).
	Stream bool `json:"stream,omitempty"`

	RefID         string            `json:"-"`
	TimeRange     backend.TimeRange `json:"-"`
	Interval      time.Duration     `json:"-"`
	MaxDataPoints int64             `json:"-"`
}

// ReadQuery decodes one backend.DataQuery. A malformed query is the user's to fix, so
// the error is downstream.
func ReadQuery(q backend.DataQuery) (*QueryModel, error) {
	m := &QueryModel{}
	if len(q.JSON) > 0 {
		if err := json.Unmarshal(q.JSON, m); err != nil {
			return nil, backend.DownstreamErrorf("query %s is not valid JSON: %v", q.RefID, err)
		}
	}
	if m.QueryType == "" {
		m.QueryType = QueryType(q.QueryType)
	}
	if m.QueryType == "" {
		m.QueryType = QueryTypeMetrics
	}
	m.RefID = q.RefID
	m.TimeRange = q.TimeRange
	m.Interval = q.Interval
	m.MaxDataPoints = q.MaxDataPoints
	switch m.QueryType {
	case QueryTypeMetrics, QueryTypeExchange, QueryTypeLoadgen, QueryTypeEvents, QueryTypeInventory:
	default:
		return nil, backend.DownstreamErrorf("unknown query type %q: use one of metrics, exchange, loadgen, events, inventory", m.QueryType)
	}
	if m.Reducer != "" && !validReducer(m.Reducer) {
		return nil, backend.DownstreamErrorf("unknown reducer %q: use mean, min, max, last or p95", m.Reducer)
	}
	return m, nil
}

func validReducer(r string) bool {
	switch r {
	case "mean", "min", "max", "last", "p95":
		return true
	}
	return false
}

// String identifies the query in logs without dumping it.
func (m *QueryModel) String() string {
	return fmt.Sprintf("refId=%s queryType=%s", m.RefID, m.QueryType)
}

package contract

// CommonQuery holds the fields every query type reads.
type CommonQuery struct {
	// What the query reads; an empty queryType is a metrics query.
	QueryType QueryType `json:"queryType,omitempty"`
	// Display name template, e.g. "$vm $metric": $<label> is replaced by the series
	// label of that name.
	Alias string `json:"alias,omitempty"`
	// One number per series instead of the series (a numeric-multi frame), for tables,
	// stat panels and alert conditions.
	Reducer Reducer `json:"reducer,omitempty"`
}

// MetricsQuery reads RRD series of hosts, VMs or SRs.
type MetricsQuery struct {
	CommonQuery
	// Whose RRDs to read.
	Object ObjectKind `json:"object,omitempty"`
	// How selector picks objects.
	SelectorMode SelectorMode `json:"selectorMode,omitempty"`
	// Names, UUIDs, tags (comma list) or a regex; empty or * selects all. Template
	// variables work, multi-value and All included.
	Selector string `json:"selector,omitempty"`
	// Metric names or glob patterns, e.g. cpu*, vbd_*_latency, memory_internal_free.
	Metrics []string `json:"metrics,omitempty"`
	// The consolidation function of the archive to read.
	CF CF `json:"cf,omitempty"`
	// Live 5-second updates through Grafana Live.
	Stream bool `json:"stream,omitempty"`
}

// ExchangeQuery reads perfmon counter series from the log folder.
type ExchangeQuery struct {
	CommonQuery
	// Counter path patterns with * and ?, e.g. \\*\MSExchangeIS\RPC Averaged Latency.
	Counters []string `json:"counters,omitempty"`
	// Server name glob or comma list; empty selects all.
	Servers string `json:"servers,omitempty"`
	// Only servers of this platform; empty selects both.
	Platform Platform `json:"platform,omitempty"`
	// Only LogicalDisk series of volumes in this role (mapped in the settings), whose
	// limits differ; empty selects all.
	VolumeRole VolumeRole `json:"volumeRole,omitempty"`
	// timeseries, or compliance: one row per server × counter × catalog limit.
	Format Format `json:"format,omitempty"`
}

// LoadgenQuery reads load-test results: average and 95th percentile latency per run,
// server and task.
type LoadgenQuery struct {
	CommonQuery
	// Run id glob or comma list; empty selects all runs in the time range.
	Runs string `json:"runs,omitempty"`
	// Workload glob or comma list, e.g. 8000*; empty selects all.
	Workloads string `json:"workloads,omitempty"`
	// Tasks (SendMail, Logon, ...); empty selects all.
	Tasks []string `json:"tasks,omitempty"`
	// Server name glob or comma list; empty selects all.
	Servers string `json:"servers,omitempty"`
	// Only servers of this platform; empty selects both.
	Platform Platform `json:"platform,omitempty"`
	// table, annotations (one region per run) or compliance (each result against the
	// catalog). With a reducer (mean or p95) the answer is numbers instead.
	Format Format `json:"format,omitempty"`
}

// EventsQuery reads XenMotion migrations and HA incidents of the pool.
type EventsQuery struct {
	CommonQuery
	// Which events; empty selects all kinds.
	EventKinds []EventKind `json:"eventKinds,omitempty"`
	// table or annotations. With a reducer the answer is durations in seconds.
	Format Format `json:"format,omitempty"`
}

// InventoryQuery lists pools, hosts, VMs, metrics, servers... for template variables
// and the editors' autocompletion.
type InventoryQuery struct {
	CommonQuery
	// Which list.
	InventoryKind InventoryKind `json:"inventoryKind,omitempty"`
	// A regular expression on the names.
	Filter string `json:"filter,omitempty"`
	// metrics list: whose metrics.
	Object ObjectKind `json:"object,omitempty"`
	// metrics list: how selector picks objects.
	SelectorMode SelectorMode `json:"selectorMode,omitempty"`
	// metrics list: which objects; empty or * selects all.
	Selector string `json:"selector,omitempty"`
	// counters list: server name glob or comma list.
	Servers string `json:"servers,omitempty"`
}

// Query is one decoded query of any type: *MetricsQuery, *ExchangeQuery, *LoadgenQuery,
// *EventsQuery or *InventoryQuery.
type Query interface {
	common() *CommonQuery
	// setDefaults fills the fields the query leaves empty with what the back end
	// applies; Spec.Defaults shows the result to the front end.
	setDefaults()
	// validate checks the values of enumerated fields.
	validate() error
}

func (c *CommonQuery) common() *CommonQuery { return c }

// Base returns the fields every query has.
func Base(q Query) *CommonQuery { return q.common() }

package contract

// The enumerations below are aliases of string, not defined types: frame builders,
// domain packages and settings store these values in plain string fields and label
// maps (data.Labels), and an alias lets them use the constants without conversions.
// Values are checked where queries are decoded (Decode), not by the Go type system.

// QueryType selects what a query reads.
type QueryType string

const (
	// RRD series of hosts, VMs and SRs.
	QueryTypeMetrics QueryType = "metrics"
	// Perfmon counter series from the log folder.
	QueryTypeExchange QueryType = "exchange"
	// Load-test results per run, server and task.
	QueryTypeLoadgen QueryType = "loadgen"
	// XenMotion migrations and HA incidents.
	QueryTypeEvents QueryType = "events"
	// Lists for template variables and the editors' autocompletion.
	QueryTypeInventory QueryType = "inventory"
)

// Format is the shape of a query's answer, for the query types that offer more than
// one (see Spec.Formats).
type Format = string

const (
	// Time series: one wide frame when the series share a time axis, else one frame per
	// series (timeseries-multi); alert evaluations always get timeseries-multi.
	FormatTimeSeries Format = "timeseries"
	// One row per result (table).
	FormatTable Format = "table"
	// Regions with time, timeEnd, title, text and tags, for dashboard annotations.
	FormatAnnotations Format = "annotations"
	// One row per server × counter × catalog limit, with a verdict.
	FormatCompliance Format = "compliance"
)

// Reducer turns each series into one number (a numeric-multi frame), for tables, stat
// panels and alert conditions. Empty keeps the series.
type Reducer = string

const (
	ReducerMean Reducer = "mean"
	ReducerMin  Reducer = "min"
	ReducerMax  Reducer = "max"
	ReducerLast Reducer = "last"
	// Exact 95th percentile, nearest rank.
	ReducerP95 Reducer = "p95"
)

// ObjectKind is what a metrics query reads the RRDs of.
type ObjectKind = string

const (
	ObjectKindHost ObjectKind = "host"
	ObjectKindVM   ObjectKind = "vm"
	// A storage repository; its RRDs are served by the hosts that plug it.
	ObjectKindSR ObjectKind = "sr"
)

// SelectorMode says how a selector picks objects.
type SelectorMode = string

const (
	// Name labels, comma separated; * selects all.
	SelectorModeName SelectorMode = "name"
	// UUIDs, comma separated.
	SelectorModeUUID SelectorMode = "uuid"
	// A regular expression on the name label.
	SelectorModeRegex SelectorMode = "regex"
	// XAPI tags, comma separated.
	SelectorModeTag SelectorMode = "tag"
)

// CF is the consolidation function of the RRD archive a metrics query reads.
type CF = string

const (
	CFAverage CF = "AVERAGE"
	// Exists only where the pool keeps it.
	CFMin CF = "MIN"
	// Exists only where the pool keeps it.
	CFMax  CF = "MAX"
	CFLast CF = "LAST"
)

// InventoryKind is the list an inventory query returns.
type InventoryKind = string

const (
	// The pool this datasource points at.
	InventoryKindPools InventoryKind = "pools"
	// Hosts of the pool (value: UUID); with a reducer, live (1) or not (0) per host.
	InventoryKindHosts InventoryKind = "hosts"
	// VMs with their host and power state (value: UUID).
	InventoryKindVMs InventoryKind = "vms"
	// Storage repositories (value: UUID).
	InventoryKindSRs InventoryKind = "srs"
	// XAPI tags on VMs.
	InventoryKindTags InventoryKind = "tags"
	// RRD metric names of the objects an object, selectorMode and selector pick.
	InventoryKindMetrics InventoryKind = "metrics"
	// Exchange servers found in the counter logs and load-test results.
	InventoryKindServers InventoryKind = "servers"
	// Counter path patterns found in the logs (of the servers a servers glob picks).
	InventoryKindCounters InventoryKind = "counters"
	// Load-test workloads, e.g. 2000 heavy.
	InventoryKindWorkloads InventoryKind = "workloads"
	// Load-test run ids.
	InventoryKindRuns InventoryKind = "runs"
	// Load-test tasks, e.g. SendMail.
	InventoryKindTasks InventoryKind = "tasks"
)

// EventKind is a kind of pool event.
type EventKind = string

const (
	// A XenMotion live migration of a VM between hosts.
	EventKindMigration EventKind = "migration"
	// A host failure and the HA restart of its VMs.
	EventKindHA EventKind = "ha"
)

// VolumeRole is what an Exchange volume holds; database and log volumes have different
// disk latency limits.
type VolumeRole = string

const (
	VolumeRoleDatabase VolumeRole = "database"
	VolumeRoleLog      VolumeRole = "log"
)

// Platform says whether an Exchange server runs on hardware or in a VM of the pool.
type Platform = string

const (
	// A physical server.
	PlatformNative Platform = "native"
	// A VM of the pool.
	PlatformVirtual Platform = "virtual"
	// Not known, e.g. because the pool could not be read: never counted or drawn as native.
	PlatformUnknown Platform = "unknown"
)

// Values lists every value of each enumeration, in the order editors offer them. The
// generator checks that each list holds every constant of its type.
var Values = struct {
	QueryType     []QueryType
	Format        []Format
	Reducer       []Reducer
	ObjectKind    []ObjectKind
	SelectorMode  []SelectorMode
	CF            []CF
	InventoryKind []InventoryKind
	EventKind     []EventKind
	VolumeRole    []VolumeRole
	Platform      []Platform
}{
	QueryType:    []QueryType{QueryTypeMetrics, QueryTypeExchange, QueryTypeLoadgen, QueryTypeEvents, QueryTypeInventory},
	Format:       []Format{FormatTimeSeries, FormatTable, FormatAnnotations, FormatCompliance},
	Reducer:      []Reducer{ReducerMean, ReducerMin, ReducerMax, ReducerLast, ReducerP95},
	ObjectKind:   []ObjectKind{ObjectKindHost, ObjectKindVM, ObjectKindSR},
	SelectorMode: []SelectorMode{SelectorModeName, SelectorModeUUID, SelectorModeRegex, SelectorModeTag},
	CF:           []CF{CFAverage, CFMin, CFMax, CFLast},
	InventoryKind: []InventoryKind{
		InventoryKindPools, InventoryKindHosts, InventoryKindVMs, InventoryKindSRs, InventoryKindTags, InventoryKindMetrics,
		InventoryKindServers, InventoryKindCounters, InventoryKindWorkloads, InventoryKindRuns, InventoryKindTasks,
	},
	EventKind:  []EventKind{EventKindMigration, EventKindHA},
	VolumeRole: []VolumeRole{VolumeRoleDatabase, VolumeRoleLog},
	Platform:   []Platform{PlatformNative, PlatformVirtual, PlatformUnknown},
}

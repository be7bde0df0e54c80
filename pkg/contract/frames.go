package contract

// Label is the name of a frame label (on the value field of a series or a number) or
// of a table column holding the same dimension: the latency-compare panel and the
// app's pages find a server, platform or workload by the same name either way.
type Label = string

const (
	LabelPool   Label = "pool"
	LabelHost   Label = "host"
	LabelVM     Label = "vm"
	LabelSR     Label = "sr"
	LabelMetric Label = "metric"
	// The XAPI uuid of the host, VM or SR a series belongs to.
	LabelUUID Label = "uuid"
	// An Exchange server as named in its perfmon logs or load-test results.
	LabelServer Label = "server"
	// The perfmon object of a counter path, e.g. MSExchangeIS.
	LabelObject Label = "object"
	// The perfmon instance of a counter path, e.g. C: for LogicalDisk.
	LabelInstance Label = "instance"
	// The counter name of a counter path, e.g. RPC Averaged Latency.
	LabelCounter Label = "counter"
	// A Platform value.
	LabelPlatform Label = "platform"
	// A VolumeRole value, on LogicalDisk series of mapped volumes.
	LabelVolumeRole Label = "volume_role"
	// A load-test workload, e.g. 2000 heavy.
	LabelWorkload Label = "workload"
	// A load-test run id.
	LabelRun Label = "run"
	// A load-test task, e.g. SendMail.
	LabelTask Label = "task"
	// An EventKind value.
	LabelKind Label = "kind"
	// The host a migrated VM left.
	LabelSourceHost Label = "source_host"
	// The host a migrated VM went to.
	LabelTargetHost Label = "target_host"
	// When an event or a load-test result started (RFC 3339 as a label).
	LabelStart Label = "start"
)

// Field is the name of a frame field that is not a dimension: times, values and the
// annotation fields Grafana reads.
type Field = string

const (
	// Grafana's annotation fields (time, timeEnd, title, text, tags); text and value
	// are also the two fields of an inventory list.
	FieldTime    Field = "time"
	FieldTimeEnd Field = "timeEnd"
	FieldTitle   Field = "title"
	FieldText    Field = "text"
	FieldTags    Field = "tags"
	FieldValue   Field = "value"
	// Load-test table: average latency of the task.
	FieldAvg Field = "avg"
	// Load-test table: 95th percentile latency (nearest rank).
	FieldP95 Field = "p95"
	// Load-test table: number of samples.
	FieldCount Field = "count"
	// When a result or event ended.
	FieldEnd Field = "end"
	// Events table: migration time, or HA time to recovery, in seconds.
	FieldDuration Field = "duration"
	// Events table: the host that failed.
	FieldFailedHost Field = "failed_host"
	// Events table: VMs HA restarted.
	FieldRestartedVMs Field = "restarted_vms"
	// Events table: VMs HA failed to restart.
	FieldFailedRestarts Field = "failed_restarts"
	// Events table: the XAPI task status of a migration.
	FieldStatus Field = "status"
	// Events table: RPC averaged latency p95 before a migration.
	FieldRPCP95BeforeMs Field = "rpc_p95_before_ms"
	// Events table: RPC averaged latency p95 after a migration settled.
	FieldRPCP95AfterMs Field = "rpc_p95_after_ms"
	// Events table: whether a migration cost lasting performance.
	FieldVerdict Field = "verdict"
	// Compliance table: mean, p95, max... as the catalog entry says.
	FieldAggregation Field = "aggregation"
	// Compliance table: the catalog limit the value is judged against.
	FieldLimit Field = "limit"
	// Compliance table: the limit's unit.
	FieldUnit Field = "unit"
	// Compliance table: ok, warning, critical or unknown.
	FieldLevel Field = "level"
	// Compliance table: the catalog entry's id.
	FieldThreshold Field = "threshold"
	// Compliance table: where the limit comes from.
	FieldSource Field = "source"
	// Inventory of VMs: the VM's power state.
	FieldPowerState Field = "power_state"
	// Inventory of hosts: the host's management address.
	FieldAddress Field = "address"
)

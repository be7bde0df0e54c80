package pool

import (
	"regexp"
)

// metricUnit is one row of the unit table: RRD data-source names matching pattern get a
// Grafana unit, after multiplying values by scale (to bring KiB and MiB/s to bytes).
//
// Sources: xapi-project/xen-api doc/content/xen-api/metrics.md and the data-source
// definitions in ocaml/xcp-rrdd (cpuN as a 0..1 fraction, memory in bytes,
// memory_*_kib in KiB), Xen Orchestra's conversions in packages/xo-server/src/xapi-stats.mjs
// (KiB x1024, SR io_throughput MiB/s x2^20, SR latency in microseconds). Rows marked
// [U] are unverified; they are kept because the alternative (no unit) is worse.
type metricUnit struct {
	pattern *regexp.Regexp
	unit    string
	scale   float64
}

const (
	kib = 1024.0
	mib = 1024.0 * 1024.0
)

// Grafana unit ids: https://github.com/grafana/grafana/blob/main/packages/grafana-data/src/valueFormats/categories.ts
var unitTable = []metricUnit{
	// CPU: fraction of one CPU (host and VM).
	{regexp.MustCompile(`^cpu(\d+|_avg)$`), "percentunit", 1},
	{regexp.MustCompile(`^cpu_avg_freq$`), "hertz", 1e6}, // MHz [U]
	// Memory.
	{regexp.MustCompile(`^(memory|memory_target|memory_reclaimed(_max)?)$`), "bytes", 1},
	{regexp.MustCompile(`^memory_internal_free$`), "bytes", kib},
	{regexp.MustCompile(`_kib$`), "bytes", kib},
	// Network, bytes/s.
	{regexp.MustCompile(`^(vif|pif)_.+_(rx|tx)$`), "Bps", 1},
	{regexp.MustCompile(`^(vif|pif)_.+_(rx|tx)_errors$`), "short", 1},
	// VM disks (VBDs).
	// (the specific suffixes first: the first matching row wins)
	{regexp.MustCompile(`^vbd_.+_iops_(read|write|total)$`), "iops", 1},
	{regexp.MustCompile(`^vbd_.+_(read|write)_latency$`), "µs", 1},
	{regexp.MustCompile(`^vbd_.+_io_throughput_(read|write|total)$`), "Bps", mib},
	{regexp.MustCompile(`^vbd_.+_iowait$`), "percentunit", 1},
	{regexp.MustCompile(`^vbd_.+_(inflight|avgqu_sz)$`), "short", 1},
	{regexp.MustCompile(`^vbd_.+_(read|write)$`), "Bps", 1},
	// SR metrics on hosts (suffix _<first 8 chars of the SR uuid>, stripped by
	// srMetricName before lookup).
	{regexp.MustCompile(`^iops_(read|write|total)$`), "iops", 1},
	{regexp.MustCompile(`^io_throughput_(read|write|total)$`), "Bps", mib},
	{regexp.MustCompile(`^((read|write)_)?latency$`), "µs", 1},
	{regexp.MustCompile(`^(read|write)$`), "Bps", 1},
	{regexp.MustCompile(`^iowait$`), "percentunit", 1},
	{regexp.MustCompile(`^(inflight|avgqu_sz)$`), "short", 1},
	{regexp.MustCompile(`^loadavg$`), "short", 1},
}

// unitFor returns the Grafana unit and the scale factor for a metric; unknown metrics
// get no unit and scale 1 (shown as plain numbers rather than mislabelled).
func unitFor(metric string) (string, float64) {
	for _, u := range unitTable {
		if u.pattern.MatchString(metric) {
			return u.unit, u.scale
		}
	}
	return "", 1
}

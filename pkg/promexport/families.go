package promexport

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/xenbench/xenbench/pkg/contract"
)

// Label names: the datasource's frame labels, defined once in pkg/contract.
const (
	LabelPool       = contract.LabelPool
	LabelHost       = contract.LabelHost
	LabelVM         = contract.LabelVM
	LabelSR         = contract.LabelSR
	LabelMetric     = contract.LabelMetric
	LabelUUID       = contract.LabelUUID
	LabelServer     = contract.LabelServer
	LabelObject     = contract.LabelObject
	LabelInstance   = contract.LabelInstance
	LabelCounter    = contract.LabelCounter
	LabelPlatform   = contract.LabelPlatform
	LabelVolumeRole = contract.LabelVolumeRole
	LabelWorkload   = contract.LabelWorkload
	LabelRun        = contract.LabelRun
	LabelTask       = contract.LabelTask
)

// Family is one Prometheus metric name the exporter writes.
type Family struct {
	Name   string
	Type   string // gauge or counter
	Help   string
	Labels []string // besides __name__; optional ones in Optional
	// Optional labels appear only on some series (instance, host, volume_role).
	Optional []string
	// Source says what feeds it, for the README table.
	Source string
}

// Object kinds of RRD series.
const (
	kindHost = "host"
	kindVM   = "vm"
	kindSR   = "sr"
)

const (
	kib = 1024.0
	mib = 1024.0 * 1024.0
)

// rrdRule maps RRD data-source names to a family and the factor that brings the raw
// value to the family's base unit. The raw units are those of xcp-rrdd (see
// pkg/plugin/pool_units.go for the sources): CPU as a 0..1 fraction, memory in bytes or
// KiB, network and VBD read/write in bytes/s, io_throughput in MiB/s, latencies in
// microseconds. The first matching rule wins, so specific suffixes come first.
type rrdRule struct {
	kinds   []string
	pattern *regexp.Regexp
	suffix  string // family name after xenbench_<kind>_
	scale   float64
	help    string
}

var rrdRules = []rrdRule{
	{[]string{kindHost, kindVM}, regexp.MustCompile(`^cpu\d+$`), "cpu_ratio", 1, "Busy fraction of one CPU (metric cpuN)"},
	{[]string{kindHost, kindVM}, regexp.MustCompile(`^cpu_avg$`), "cpu_average_ratio", 1, "Busy fraction averaged over all CPUs"},
	{[]string{kindHost}, regexp.MustCompile(`^cpu_avg_freq$`), "cpu_frequency_hertz", 1e6, "Average CPU frequency (RRD in MHz)"},
	{[]string{kindHost, kindVM}, regexp.MustCompile(`^(memory|memory_target|memory_reclaimed(_max)?)$`), "memory_bytes", 1, "Memory figures in bytes; metric names which one"},
	{[]string{kindHost, kindVM}, regexp.MustCompile(`^memory_internal_free$|_kib$`), "memory_bytes", kib, "Memory figures the RRD keeps in KiB (memory_total_kib, memory_free_kib, memory_internal_free), in bytes"},
	{[]string{kindHost, kindVM}, regexp.MustCompile(`^(vif|pif)_.+_(rx|tx)$`), "network_bytes_per_second", 1, "Network receive/transmit rate of a VIF or PIF"},
	{[]string{kindHost, kindVM}, regexp.MustCompile(`^(vif|pif)_.+_(rx|tx)_errors$`), "network_errors_per_second", 1, "Network errors per second of a VIF or PIF"},
	{[]string{kindVM}, regexp.MustCompile(`^vbd_.+_iops_(read|write|total)$`), "disk_operations_per_second", 1, "VBD I/O operations per second"},
	{[]string{kindVM}, regexp.MustCompile(`^vbd_.+_(read|write)_latency$`), "disk_latency_seconds", 1e-6, "VBD read/write latency (RRD in microseconds)"},
	{[]string{kindVM}, regexp.MustCompile(`^vbd_.+_io_throughput_(read|write|total)$`), "disk_throughput_bytes_per_second", mib, "VBD throughput (RRD in MiB/s)"},
	{[]string{kindVM}, regexp.MustCompile(`^vbd_.+_iowait$`), "disk_iowait_ratio", 1, "Fraction of time the VBD waited on I/O"},
	{[]string{kindVM}, regexp.MustCompile(`^vbd_.+_(inflight|avgqu_sz)$`), "disk_queue_requests", 1, "VBD requests in flight / average queue size"},
	{[]string{kindVM}, regexp.MustCompile(`^vbd_.+_(read|write)$`), "disk_bytes_per_second", 1, "VBD read/write rate"},
	{[]string{kindHost}, regexp.MustCompile(`^loadavg$`), "load_average", 1, "dom0 load average"},
	{[]string{kindSR}, regexp.MustCompile(`^iops_(read|write|total)$`), "operations_per_second", 1, "SR I/O operations per second, per host"},
	{[]string{kindSR}, regexp.MustCompile(`^io_throughput_(read|write|total)$`), "throughput_bytes_per_second", mib, "SR throughput per host (RRD in MiB/s)"},
	{[]string{kindSR}, regexp.MustCompile(`^((read|write)_)?latency$`), "latency_seconds", 1e-6, "SR latency per host (RRD in microseconds)"},
	{[]string{kindSR}, regexp.MustCompile(`^(read|write)$`), "bytes_per_second", 1, "SR read/write rate per host"},
	{[]string{kindSR}, regexp.MustCompile(`^iowait$`), "iowait_ratio", 1, "Fraction of time the SR waited on I/O, per host"},
	{[]string{kindSR}, regexp.MustCompile(`^(inflight|avgqu_sz)$`), "queue_requests", 1, "SR requests in flight / average queue size, per host"},
}

// rrdOther is the family of RRD names no rule knows: exported as they are, unscaled,
// rather than guessed into a unit.
const rrdOther = "rrd_value"

// rrdFamily returns the family name and scale for an RRD metric of a kind.
func rrdFamily(kind, metric string) (string, float64) {
	for _, r := range rrdRules {
		if !contains(r.kinds, kind) || !r.pattern.MatchString(metric) {
			continue
		}
		return "xenbench_" + kind + "_" + r.suffix, r.scale
	}
	return "xenbench_" + kind + "_" + rrdOther, 1
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Perfmon counters keep the datasource's labels; the family depends on the counter's
// unit (perfmon.Unit, the one the datasource declares on its frames), converted to the
// base unit. KBytes and MBytes are Windows' binary multiples.
var counterUnits = []struct {
	units  []string
	suffix string
	scale  float64
	help   string
}{
	{[]string{"s"}, "seconds", 1, "Counters in seconds (Avg. Disk sec/Read, sec/Write)"},
	{[]string{"ms"}, "seconds", 1e-3, "Counters perfmon logs in milliseconds (RPC Averaged Latency), in seconds"},
	{[]string{"percent"}, "ratio", 0.01, "Percentage counters (% Processor Time) as a 0..1 ratio"},
	{[]string{"decbytes"}, "bytes", 1, "Byte counters (Available Bytes)"},
	{[]string{"deckbytes"}, "bytes", kib, "KByte counters, in bytes"},
	{[]string{"decmbytes"}, "bytes", mib, "MByte counters (Available MBytes, Free Megabytes), in bytes"},
	{[]string{"Bps"}, "bytes_per_second", 1, "Byte rate counters"},
	{[]string{"ops", "iops"}, "per_second", 1, "Rate counters (/sec)"},
	{[]string{"short", ""}, "value", 1, "Other counters (queue lengths, checkpoint depth), unscaled"},
}

func counterFamily(unit string) (string, float64) {
	for _, u := range counterUnits {
		if contains(u.units, unit) {
			return "xenbench_exchange_counter_" + u.suffix, u.scale
		}
	}
	return "xenbench_exchange_counter_value", 1
}

// Families dashboards and tests name directly (the rest follow from the rules above).
const (
	FamLoadgenAvg    = "xenbench_loadgen_latency_average_seconds"
	FamLoadgenP95    = "xenbench_loadgen_latency_p95_seconds"
	FamLoadgenCount  = "xenbench_loadgen_tasks"
	FamCounterSecs   = "xenbench_exchange_counter_seconds"
	FamCounterRatio  = "xenbench_exchange_counter_ratio"
	FamHostCPU       = "xenbench_host_cpu_ratio"
	FamVMCPU         = "xenbench_vm_cpu_ratio"
	FamVMDiskLatency = "xenbench_vm_disk_latency_seconds"
	FamSRLatency     = "xenbench_sr_latency_seconds"
)

const (
	famLoadgenAvg   = FamLoadgenAvg
	famLoadgenP95   = FamLoadgenP95
	famLoadgenCount = FamLoadgenCount
)

var (
	rrdLabels     = []string{LabelPool, LabelHost, LabelMetric, LabelUUID}
	vmLabels      = []string{LabelPool, LabelHost, LabelVM, LabelMetric, LabelUUID}
	srLabels      = []string{LabelPool, LabelHost, LabelSR, LabelMetric, LabelUUID}
	counterLabels = []string{LabelServer, LabelObject, LabelCounter, LabelPlatform}
	counterOpt    = []string{LabelInstance, LabelHost, LabelVolumeRole}
	loadgenLabels = []string{LabelWorkload, LabelPlatform, LabelServer, LabelTask, LabelRun}
)

// Families lists every family the exporter writes, sorted by name: the data families
// from the catalog above and the exporter's own (selfFamilies).
func Families() []Family {
	byName := map[string]*Family{}
	add := func(f Family) {
		if old, ok := byName[f.Name]; ok {
			if !strings.Contains(old.Source, f.Source) {
				old.Source += "; " + f.Source
			}
			return
		}
		ff := f
		byName[f.Name] = &ff
	}
	for _, r := range rrdRules {
		for _, k := range r.kinds {
			labels := map[string][]string{kindHost: rrdLabels, kindVM: vmLabels, kindSR: srLabels}[k]
			add(Family{Name: "xenbench_" + k + "_" + r.suffix, Type: "gauge", Help: r.help, Labels: labels,
				Source: fmt.Sprintf("%s RRD `%s`%s", k, r.pattern.String(), scaleNote(r.scale))})
		}
	}
	for _, k := range []string{kindHost, kindVM, kindSR} {
		labels := map[string][]string{kindHost: rrdLabels, kindVM: vmLabels, kindSR: srLabels}[k]
		add(Family{Name: "xenbench_" + k + "_" + rrdOther, Type: "gauge", Help: "RRD data sources no rule of the catalog knows, unscaled", Labels: labels,
			Source: k + " RRD, any other name"})
	}
	for _, u := range counterUnits {
		name, _ := counterFamily(u.units[0])
		add(Family{Name: name, Type: "gauge", Help: "Exchange perfmon counters by unit", Labels: counterLabels, Optional: counterOpt,
			Source: fmt.Sprintf("perfmon unit %s%s", strings.Join(quoteAll(u.units), "/"), scaleNote(u.scale))})
	}
	add(Family{Name: famLoadgenAvg, Type: "gauge", Help: "Average task latency of a load-test run", Labels: loadgenLabels, Source: "load-test results `avg_ms` × 0.001"})
	add(Family{Name: famLoadgenP95, Type: "gauge", Help: "95th percentile task latency of a load-test run", Labels: loadgenLabels, Source: "load-test results `p95_ms` × 0.001"})
	add(Family{Name: famLoadgenCount, Type: "gauge", Help: "Tasks counted in a load-test run", Labels: loadgenLabels, Source: "load-test results `count`"})
	for _, f := range selfFamilies {
		add(f)
	}
	out := make([]Family, 0, len(byName))
	for _, f := range byName {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func quoteAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s == "" {
			s = "none"
		}
		out = append(out, "`"+s+"`")
	}
	return out
}

func scaleNote(scale float64) string {
	if scale == 1 {
		return ""
	}
	return fmt.Sprintf(" × %g", scale)
}

// MarkdownTable renders Families as the README's table.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| metric | type | labels | from |\n|---|---|---|---|\n")
	for _, f := range Families() {
		labels := "`" + strings.Join(f.Labels, "`, `") + "`"
		if len(f.Labels) == 0 {
			labels = "—"
		}
		if len(f.Optional) > 0 {
			labels += " (+ `" + strings.Join(f.Optional, "`, `") + "` where they apply)"
		}
		// A | inside a regular expression would end the cell.
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", f.Name, f.Type, labels, strings.ReplaceAll(f.Source, "|", `\|`))
	}
	return b.String()
}

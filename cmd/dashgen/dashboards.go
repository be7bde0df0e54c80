package main

import (
	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/thresholds"
)

// The questions the rows answer, in every dashboard.
const (
	qLimits = "Within Microsoft's limits?"
	qHost   = "What do the hosts and VMs do?"
	qEvent  = "What happened during the event?"
)

// defaultRange shows at least one whole cycle of the demo's events: the simulator's
// `all` scenario repeats its load steps, XenMotion and HA failure every 150 minutes.
const defaultRange = "now-3h"

// dashboard is one generated file.
type dashboard struct {
	file        string
	uid         string
	title       string
	description string
	variables   []string // template variables after "datasource", in order
	annotations []map[string]any
	sections    []section
}

// Build returns the four dashboards from the catalog, or the catalog entries it misses.
func Build(cat *thresholds.Catalog) ([]dashboard, error) {
	l := &limits{cat: cat}
	out := []dashboard{l.overview(), l.scalability(), l.migration(), l.ha()}
	if len(l.errs) > 0 {
		return nil, joinErrors(l.errs)
	}
	return out, nil
}

func (l *limits) overview() dashboard {
	return dashboard{
		file: "overview.json", uid: "xenbench-overview", title: "xenbench: Overview",
		description: "Exchange servers native vs virtual against Microsoft's limits, the pool's hosts and VMs, and the recent XenMotion and HA events.",
		variables:   []string{"vm", "server"},
		annotations: []map[string]any{eventAnnotation("XenMotion and HA", "orange")},
		sections: []section{
			{row{100, qLimits}, []sized{
				{l.sendMailCompare(1, "SendMail latency: native vs virtual", "All load-test runs in the time range.", ""), 12, 10},
				{l.rpcLatency(3, "RPC averaged latency by server"), 12, 10},
				{complianceLevels(complianceTable(6)), 24, 10},
			}},
			{row{101, qHost}, []sized{
				{hostMetric(2, "Host CPU", "Average CPU use of each XenServer host (RRD cpu_avg, 0-1). No Microsoft limit applies; context for the Exchange counters above.", "cpu_avg", "percentunit", "*"), 12, 9},
				{vmMetric(4, "VM CPU", "CPU use of the VMs of $vm (RRD cpu*, per vCPU, 0-1). No Microsoft limit applies.", "cpu*", "percentunit"), 12, 9},
			}},
			{row{102, qEvent}, []sized{
				{eventsTable(5, "Recent XenMotion and HA events", "Each XenMotion (VM, source and target host, duration, latency verdict) and each HA incident (failed host, restarts, time to recovery). Each row links to the Migration or HA dashboard over that event's time window."), 24, 8},
			}},
		},
	}
}

func complianceTable(id int) panel {
	p := base(id, "table", "Compliance: each server × counter × Microsoft limit",
		"Every counter the threshold catalog (pkg/thresholds/catalog.json) has a limit for, and every load-test task result, reduced as the limit says (average, highest sample, 95th percentile) over the time range and compared by the back end with the catalog entry named in each row; limits follow the datasource's Exchange version. Worst first.",
		query("A", &contract.ExchangeQuery{Format: contract.FormatCompliance, Servers: "$server"}),
		query("B", &contract.LoadgenQuery{Format: contract.FormatCompliance}))
	p["options"] = map[string]any{"showHeader": true, "cellHeight": "sm", "frameIndex": 0}
	return p
}

func (l *limits) scalability() dashboard {
	consolidation := base(11, "table", "8,000 heavy mailboxes on one host: within Microsoft's limits?",
		"The study's consolidation test: the four Exchange VMs on one host, 8,000 heavy mailboxes in all. Each server's SendMail average and 95th percentile against the catalog's limits: "+describe(l.entry("sendmail-latency-avg"))+" "+describe(l.entry("sendmail-latency-p95")),
		query("A", &contract.LoadgenQuery{Format: contract.FormatCompliance, Workloads: "8000*", Tasks: []string{"SendMail"}}))
	consolidation["options"] = map[string]any{"showHeader": true, "cellHeight": "sm", "frameIndex": 0}
	results := base(2, "table", "Load-test results", "One row per run, server and task: count, average and 95th percentile latency. The limits are on the SendMail panel and in the compliance table.",
		query("A", &contract.LoadgenQuery{Format: contract.FormatTable, Workloads: "$workload"}))
	results["options"] = map[string]any{"showHeader": true, "cellHeight": "sm", "frameIndex": 0}
	return dashboard{
		file: "scalability.json", uid: "xenbench-scalability", title: "xenbench: Scalability",
		description: "SendMail latency at 2,000 / 4,000 / 8,000 heavy mailboxes, native vs virtual, with the RPC, disk and CPU counters behind it, each against its catalog limit.",
		variables:   []string{"host", "server", "workload"},
		annotations: []map[string]any{{
			"name": "Load-test runs", "enable": true, "iconColor": "blue", "datasource": dsRef(),
			"target": query("Anno", &contract.LoadgenQuery{Format: contract.FormatAnnotations}),
		}},
		sections: []section{
			{row{100, qLimits}, []sized{
				{l.sendMailCompare(1, "SendMail latency by workload: native vs virtual", "Filtered by $workload.", "$workload"), 16, 11},
				{results, 8, 11},
				{complianceLevels(consolidation), 24, 8},
				{l.rpcLatency(3, "RPC averaged latency"), 12, 8},
				{l.rpcRequests(4), 12, 8},
				{l.diskLatency(5, "Read", thresholds.RoleDatabase), 12, 8},
				{l.diskLatency(12, "Read", thresholds.RoleLog), 12, 8},
				{l.diskLatency(6, "Write", thresholds.RoleDatabase), 12, 8},
				{l.diskLatency(13, "Write", thresholds.RoleLog), 12, 8},
				{l.processorTime(8), 12, 8},
			}},
			{row{101, qHost}, []sized{
				{hostMetric(9, "Host CPU", "Average CPU use of the hosts of $host (RRD cpu_avg, 0-1). No Microsoft limit applies: it shows whether a virtual server's latency follows its host's load.", "cpu_avg", "percentunit", "$host"), 12, 8},
				{hostMetric(10, "Host free memory", "Free memory of the hosts of $host (RRD memory_free_kib). No Microsoft limit applies: HA restarts VMs only where they fit.", "memory_free_kib", "kbytes", "$host"), 12, 8},
				{timeseries(7, "Disk IOPS", "Disk transfers per second on each Exchange server's volumes (LogicalDisk Disk Transfers/sec). No catalog limit: the load behind the disk latency panels.", "iops", nil,
					exchangeQuery(`\LogicalDisk(*)\Disk Transfers/sec`, "", "$server $instance ($platform)")).platformColours(), 24, 8},
			}},
		},
	}
}

func (l *limits) migration() dashboard {
	return dashboard{
		file: "migration.json", uid: "xenbench-migration", title: "xenbench: Migration (XenMotion)",
		description: "Per live migration: latency before, during and after, source and target host, duration, and whether performance came back.",
		variables:   []string{"vm", "server"},
		annotations: []map[string]any{eventAnnotation("XenMotion", "orange", "migration")},
		sections: []section{
			{row{100, qEvent}, []sized{
				{eventsTable(1, "Migrations", "VM, source and target host, start, end and duration of each XenMotion, and the verdict: the migrated server's RPC averaged latency p95 in the 10 minutes before vs the 10 minutes after (2 minutes settle), within 10 % = no lasting performance loss. Each row links to this dashboard over that migration's time window.", "migration"), 24, 7},
			}},
			{row{101, qLimits}, []sized{
				{l.rpcLatency(2, "RPC averaged latency around migrations"), 12, 9},
				{l.sendMailCompare(3, "SendMail latency around migrations", "Runs in the time range; a run that spans a XenMotion shows whether the move cost latency.", ""), 12, 9},
			}},
			{row{102, qHost}, []sized{
				{vmMetric(4, "VM CPU", "CPU use of the VMs of $vm (RRD cpu*, per vCPU, 0-1) across the move. No Microsoft limit applies.", "cpu*", "percentunit"), 12, 8},
				{vmMetric(5, "VM disk latency", "Virtual disk latency of the VMs of $vm as the host sees it (RRD vbd_*_latency). No Microsoft limit applies to it directly; the guest's Avg. Disk sec counters carry the limits.", "vbd_*_latency", "µs"), 12, 8},
			}},
		},
	}
}

func (l *limits) ha() dashboard {
	return dashboard{
		file: "ha.json", uid: "xenbench-ha", title: "xenbench: HA recovery",
		description: "Host failure to VM restart on another host: time to recovery against the 3-minute target, host state over time, and the Exchange workload coming back within limits.",
		variables:   []string{"host", "server"},
		annotations: []map[string]any{eventAnnotation("HA", "red", "ha")},
		sections: []section{
			{row{100, qEvent}, []sized{
				{haRecoveryStat(6), 6, 8},
				{eventsTable(1, "HA events", "Each host failure, each protected VM's restart (target host, time) and the time to recovery. Each row links to this dashboard over that incident's time window.", "ha"), 18, 8},
			}},
			{row{101, qHost}, []sized{
				{hostsLiveNow(2), 6, 8},
				{hostStateTimeline(7), 18, 8},
			}},
			{row{102, qLimits}, []sized{
				{l.rpcLatency(3, "RPC averaged latency"), 12, 8},
				{l.processorTime(4), 12, 8},
				{l.diskLatency(5, "Read", thresholds.RoleDatabase), 12, 8},
				{l.diskLatency(8, "Write", thresholds.RoleLog), 12, 8},
			}},
		},
	}
}

func eventAnnotation(name, color string, kinds ...contract.EventKind) map[string]any {
	m := &contract.EventsQuery{Format: contract.FormatAnnotations, EventKinds: kinds}
	return map[string]any{"name": name, "enable": true, "iconColor": color, "datasource": dsRef(), "target": query("Anno", m)}
}

// Package promdash builds the Grafana dashboard for xenbench's data on Prometheus: PromQL
// over the families of pkg/promexport (their names come from that package, never typed
// here), with the latency-compare panel drawing native vs virtual from the load-test
// families. cmd/promdash writes it to File; tests/prometheus runs its queries against a
// real Prometheus.
package promdash

import (
	"bytes"
	"encoding/json"

	"github.com/xenbench/xenbench/pkg/promexport"
)

// File is where the dashboard goes, relative to the repository root.
const File = "deploy/prometheus/dashboards/xenbench-prometheus.json"

// The latency-compare panel's two instant queries. The aggregation drops __name__ so
// that Grafana's merge transformation joins the two on the remaining labels. A run's
// result is one sample at the run's end (remote write), so the queries take the last
// one within the dashboard's range, as the datasource lists the runs of its range.
var (
	CompareLabels  = "workload, platform, server, task, run"
	CompareAvgExpr = "max by (" + CompareLabels + ") (last_over_time(" + promexport.FamLoadgenAvg + `{task="SendMail"}[$__range]))`
	CompareP95Expr = "max by (" + CompareLabels + ") (last_over_time(" + promexport.FamLoadgenP95 + `{task="SendMail"}[$__range]))`
)

// DatasourceUID is the Prometheus datasource the dashboard picks first.
const DatasourceUID = "xenbench-prometheus"

// Render returns the dashboard file's content.
func Render() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(Dashboard()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type panel = map[string]any

var ds = map[string]any{"type": "prometheus", "uid": "${datasource}"}

func target(ref, expr, legend string, instant bool) map[string]any {
	t := map[string]any{"refId": ref, "datasource": ds, "expr": expr, "legendFormat": legend}
	if instant {
		t["instant"], t["range"], t["format"] = true, false, "table"
	}
	return t
}

func timeseries(id int, title, desc, unit string, x, y int, targets ...map[string]any) panel {
	return panel{
		"id": id, "type": "timeseries", "title": title, "description": desc, "datasource": ds,
		"gridPos":     map[string]int{"h": 8, "w": 12, "x": x, "y": y},
		"fieldConfig": map[string]any{"defaults": map[string]any{"unit": unit}, "overrides": []any{}},
		"options":     map[string]any{"legend": map[string]any{"displayMode": "list", "placement": "bottom", "showLegend": true}},
		"targets":     targets,
	}
}

func row(id int, title string, y int) panel {
	return panel{"id": id, "type": "row", "title": title, "collapsed": false, "gridPos": map[string]int{"h": 1, "w": 24, "x": 0, "y": y}, "panels": []any{}}
}

// Dashboard builds the dashboard model.
func Dashboard() map[string]any {
	// The latency-compare panel takes a table with avg and p95 columns per workload,
	// platform, server and task: two instant queries merged, their value columns named.
	compare := panel{
		"id": 2, "type": "xenbench-latencycompare-panel", "title": "SendMail latency, native vs virtual (load tests)",
		"description": "Average (bar) and 95th percentile (marker) of each load-test run's SendMail latency, from " + promexport.FamLoadgenAvg + " and " + promexport.FamLoadgenP95 + ", against Microsoft's limits from the threshold catalog.",
		"datasource":  ds,
		"gridPos":     map[string]int{"h": 10, "w": 24, "x": 0, "y": 1},
		"fieldConfig": map[string]any{"defaults": map[string]any{"unit": "s"}, "overrides": []any{}},
		"options":     map[string]any{"mode": "compare", "barStat": "mean", "markerStat": "p95", "metricFilter": "SendMail", "thresholdSource": "catalog"},
		"targets": []any{
			target("A", CompareAvgExpr, "", true),
			target("B", CompareP95Expr, "", true),
		},
		"transformations": []any{
			map[string]any{"id": "merge", "options": map[string]any{}},
			map[string]any{"id": "organize", "options": map[string]any{
				"excludeByName": map[string]bool{"Time": true},
				"renameByName":  map[string]string{"Value #A": "avg", "Value #B": "p95"},
			}},
		},
	}
	panels := []any{
		row(1, "Exchange: native vs virtual", 0),
		compare,
		timeseries(3, "RPC Averaged Latency", "MSExchangeIS RPC Averaged Latency per server (perfmon, in seconds); platform and host come from the pool.", "s", 0, 11,
			target("A", promexport.FamCounterSecs+`{counter="RPC Averaged Latency"}`, "{{server}} ({{platform}})", false)),
		timeseries(4, "Disk sec/Read by volume role", "LogicalDisk Avg. Disk sec/Read of database and log volumes per server.", "s", 12, 11,
			target("A", promexport.FamCounterSecs+`{counter="Avg. Disk sec/Read",volume_role=~"database|log"}`, "{{server}} {{instance}} ({{volume_role}})", false)),
		row(5, "XenServer pool (every 5-second row)", 19),
		timeseries(6, "Host CPU", "Busy fraction of each host's CPUs, averaged.", "percentunit", 0, 20,
			target("A", `avg by (pool, host) (`+promexport.FamHostCPU+`)`, "{{host}}", false)),
		timeseries(7, "Exchange VM disk latency", "VBD read and write latency of the Exchange VMs.", "s", 12, 20,
			target("A", promexport.FamVMDiskLatency+`{vm=~"$vm"}`, "{{vm}} {{metric}}", false)),
		timeseries(8, "SR latency per host", "Storage repository latency seen by each host.", "s", 0, 28,
			target("A", promexport.FamSRLatency, "{{sr}} on {{host}} {{metric}}", false)),
		timeseries(9, "Exchange VM CPU", "Busy fraction of each vCPU of the Exchange VMs.", "percentunit", 12, 28,
			target("A", promexport.FamVMCPU+`{vm=~"$vm"}`, "{{vm}} {{metric}}", false)),
		row(10, "Exporter", 36),
		timeseries(11, "Samples sent and dropped", "Remote-write samples per second accepted by Prometheus, and dropped by reason.", "short", 0, 37,
			target("A", "rate(xenbench_exporter_samples_sent_total[5m])", "sent", false),
			target("B", "rate(xenbench_exporter_samples_dropped_total[5m])", "dropped ({{reason}})", false)),
		timeseries(12, "Seconds since last success", "Per target: pool, exchange, remote_write.", "s", 12, 37,
			target("A", "time() - xenbench_exporter_last_success_timestamp_seconds", "{{target}}", false)),
	}
	return map[string]any{
		"uid": "xenbench-prometheus", "title": "xenbench on Prometheus", "tags": []string{"xenbench", "prometheus"},
		"description":   "xenbench's data from Prometheus (written by xenbench-exporter; generated by cmd/promdash).",
		"schemaVersion": 41, "editable": true, "graphTooltip": 1, "timezone": "",
		"time":    map[string]string{"from": "now-3h", "to": "now"},
		"refresh": "30s",
		"templating": map[string]any{"list": []any{
			// The uid docker compose's prometheus profile gives its datasource
			// (deploy/prometheus/grafana/setup.sh); elsewhere Grafana falls back to the
			// default Prometheus datasource.
			map[string]any{"name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus",
				"current": map[string]any{"text": "Prometheus (xenbench)", "value": DatasourceUID}},
			map[string]any{"name": "vm", "label": "Exchange VMs", "type": "query", "datasource": ds, "refresh": 2,
				"query": map[string]any{"qryType": 1, "query": "label_values(" + promexport.FamVMCPU + ", vm)", "refId": "vm"},
				"regex": "", "includeAll": true, "multi": true, "current": map[string]any{"text": "All", "value": "$__all"},
				"allValue": "EXVM.*"},
		}},
		"annotations": map[string]any{"list": []any{}},
		"panels":      panels,
	}
}

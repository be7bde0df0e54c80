package main

import (
	"fmt"

	"github.com/xenbench/xenbench/pkg/alertrules"
	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/thresholds"
)

// datasourceID is the bundle's datasource plugin id; every query reads the dashboard's
// ${datasource} variable, so the dashboards work with whatever uid a user's datasource has.
const datasourceID = "xenbench-xenserver-datasource"

func dsRef() map[string]any { return map[string]any{"type": datasourceID, "uid": "${datasource}"} }

// query is one target of the datasource: refId, datasource and the query model, built
// from the contract's typed query so the model holds only fields the back end reads.
func query(refID string, model contract.Query) map[string]any {
	q, err := contract.Model(model)
	if err != nil {
		panic(fmt.Sprintf("dashgen builds a query the back end refuses: %v", err))
	}
	q["refId"] = refID
	q["datasource"] = dsRef()
	return q
}

// exchangeQuery reads a catalog counter (`\Object(Instance)\Counter`) on the servers of
// $server, in one volume role when role is set.
func exchangeQuery(counter, role, alias string) map[string]any {
	return query("A", &contract.ExchangeQuery{CommonQuery: contract.CommonQuery{Alias: alias},
		Counters: []string{`\\*` + counter}, Servers: "$server", VolumeRole: role})
}

// panel is one panel under construction.
type panel map[string]any

// row is a row panel: a question the panels below it answer.
type row struct {
	id    int
	title string
}

// section is a row with its panels, laid out left to right, wrapping at 24 columns.
type section struct {
	row    row
	panels []sized
}

type sized struct {
	p    panel
	w, h int
}

func base(id int, typ, title, description string, targets ...map[string]any) panel {
	if targets == nil {
		targets = []map[string]any{}
	}
	return panel{
		"id": id, "type": typ, "title": title, "description": description,
		"datasource": dsRef(), "targets": targets,
		"fieldConfig": map[string]any{"defaults": map[string]any{}, "overrides": []any{}},
	}
}

func (p panel) defaults() map[string]any {
	return p["fieldConfig"].(map[string]any)["defaults"].(map[string]any)
}

func (p panel) override(matcherID, matcherOptions string, properties ...map[string]any) panel {
	fc := p["fieldConfig"].(map[string]any)
	fc["overrides"] = append(fc["overrides"].([]any), map[string]any{
		"matcher":    map[string]any{"id": matcherID, "options": matcherOptions},
		"properties": properties,
	})
	return p
}

func property(id string, value any) map[string]any { return map[string]any{"id": id, "value": value} }

// platformColours fixes native and virtual to the same colours on every panel (the
// legend names end in "(native)" / "(virtual)": the queries' "$server ($platform)" alias).
func (p panel) platformColours() panel {
	for _, pc := range []struct{ platform, color string }{{"native", colorNative}, {"virtual", colorVirtual}, {"unknown", colorUnknown}} {
		p.override("byRegexp", fmt.Sprintf(`/.*\(%s\).*/`, pc.platform),
			property("color", map[string]any{"mode": "fixed", "fixedColor": pc.color}))
	}
	return p
}

// timeseries is a time series panel with a unit and, when e is set, the catalog
// entry's levels as threshold steps drawn as line and area.
func timeseries(id int, title, description, unit string, e *thresholds.Entry, q map[string]any) panel {
	p := base(id, "timeseries", title, description, q)
	d := p.defaults()
	d["unit"] = unit
	custom := map[string]any{"lineWidth": 1, "fillOpacity": 0, "spanNulls": false}
	d["custom"] = custom
	if s := steps(e); s != nil {
		d["thresholds"] = map[string]any{"mode": "absolute", "steps": s}
		custom["thresholdsStyle"] = map[string]any{"mode": "line+area"}
	}
	p["options"] = map[string]any{
		"legend":  map[string]any{"displayMode": "list", "placement": "bottom", "showLegend": true, "calcs": []string{}},
		"tooltip": map[string]any{"mode": "multi", "sort": "desc"},
	}
	return p
}

// The panels below are each written once and placed in every dashboard that shows
// them (an earlier hand-copied RPC latency panel had drifted between dashboards).

func (l *limits) rpcLatency(id int, title string) panel {
	e := l.counterEntry(`\MSExchangeIS\RPC Averaged Latency`, dashboardVersion, "")
	return timeseries(id, title, l.limitDescription(
		"Average time the Information Store takes to answer an Outlook RPC request, per Exchange server (MSExchangeIS RPC Averaged Latency); native and virtual servers in fixed colours.", e),
		"ms", e, exchangeQuery(`\MSExchangeIS\RPC Averaged Latency`, "", "$server ($platform)")).platformColours()
}

func (l *limits) rpcRequests(id int) panel {
	e := l.counterEntry(`\MSExchangeIS\RPC Requests`, dashboardVersion, "")
	return timeseries(id, "RPC requests outstanding", l.limitDescription(
		"RPC requests the Information Store is serving at once, per server: a growing queue means the store cannot keep up.", e),
		"short", e, exchangeQuery(`\MSExchangeIS\RPC Requests`, "", "$server ($platform)")).platformColours()
}

func (l *limits) processorTime(id int) panel {
	e := l.counterEntry(`\Processor(_Total)\% Processor Time`, dashboardVersion, "")
	return timeseries(id, "Processor time", l.limitDescription(
		"Share of time the Exchange server's processors are busy (inside the VM for virtual servers).", e),
		"percent", e, exchangeQuery(`\Processor(_Total)\% Processor Time`, "", "$server ($platform)")).platformColours()
}

// diskLatency is one panel per counter and volume role: database and log volumes have
// different limits (a log write is slow at 10 ms, a database write at 100 ms), so one
// panel for both would show green where the log volume's rule fires.
func (l *limits) diskLatency(id int, direction, role string) panel {
	counter := `\LogicalDisk(*)\Avg. Disk sec/` + direction
	e := l.counterEntry(counter, dashboardVersion, role)
	if e == nil {
		l.errs = append(l.errs, fmt.Errorf("catalog has no %s entry for %s volumes", counter, role))
	}
	what := fmt.Sprintf("Average time per %s on the Exchange servers' %s volumes (LogicalDisk Avg. Disk sec/%s; volume roles from the datasource settings, else guessed from the volume name).",
		map[string]string{"Read": "read", "Write": "write"}[direction], role, direction)
	return timeseries(id, fmt.Sprintf("Disk sec/%s: %s volumes", map[string]string{"Read": "read", "Write": "write"}[direction], role),
		l.limitDescription(what, e), "s", e, exchangeQuery(counter, role, "$server $instance ($platform)")).platformColours()
}

func (l *limits) sendMailCompare(id int, title, extra, workloads string) panel {
	avg, p95 := l.entry("sendmail-latency-avg"), l.entry("sendmail-latency-p95")
	desc := "SendMail latency of the load-test runs per workload, native and virtual side by side: bars are averages, markers 95th percentiles, bands the catalog's limits. " + extra
	if avg != nil && p95 != nil {
		desc += " " + describe(avg) + " " + describe(p95)
	}
	p := base(id, "xenbench-latencycompare-panel", title, desc, query("A", &contract.LoadgenQuery{
		Tasks: []string{"SendMail"}, Format: contract.FormatTable, Workloads: workloads}))
	p["options"] = map[string]any{}
	return p
}

func hostMetric(id int, title, description, metric, unit, selector string) panel {
	return timeseries(id, title, description, unit, nil, query("A", &contract.MetricsQuery{
		CommonQuery: contract.CommonQuery{Alias: "$host"}, Object: contract.ObjectKindHost,
		SelectorMode: contract.SelectorModeName, Selector: selector, Metrics: []string{metric}, CF: contract.CFAverage,
	}))
}

func vmMetric(id int, title, description, metrics, unit string) panel {
	return timeseries(id, title, description, unit, nil, query("A", &contract.MetricsQuery{
		CommonQuery: contract.CommonQuery{Alias: "$vm $metric"}, Object: contract.ObjectKindVM,
		SelectorMode: contract.SelectorModeName, Selector: "$vm", Metrics: []string{metrics}, CF: contract.CFAverage,
	}))
}

// eventsTable lists XenMotion and/or HA events; each row links to the dashboard of its
// kind over the event's own time window (start to end), keeping the variables.
func eventsTable(id int, title, description string, kinds ...contract.EventKind) panel {
	p := base(id, "table", title, description, query("A", &contract.EventsQuery{Format: contract.FormatTable, EventKinds: kinds}))
	p["options"] = map[string]any{"showHeader": true, "cellHeight": "sm", "frameIndex": 0}
	window := "from=${__data.fields.start.numeric}&to=${__data.fields.end.numeric}&${datasource:queryparam}"
	links := []any{}
	if len(kinds) == 0 || contains(kinds, contract.EventKindMigration) {
		links = append(links, map[string]any{"title": "XenMotion dashboard over this event's time window", "url": "/d/xenbench-migration?" + window})
	}
	if len(kinds) == 0 || contains(kinds, contract.EventKindHA) {
		links = append(links, map[string]any{"title": "HA recovery dashboard over this event's time window", "url": "/d/xenbench-ha?" + window})
	}
	p.defaults()["links"] = links
	p.override("byName", "duration", property("unit", "s"))
	return p
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// complianceLevels colours the level column of a compliance table: the back end's
// verdicts (pkg/thresholds levels) in the threshold colours.
func complianceLevels(p panel) panel {
	return p.override("byName", "level",
		property("custom.cellOptions", map[string]any{"type": "color-background"}),
		property("mappings", []any{map[string]any{"type": "value", "options": map[string]any{
			"ok":       map[string]any{"color": colorOK, "text": "within limit", "index": 0},
			"warning":  map[string]any{"color": colorWarning, "text": "warning level reached", "index": 1},
			"critical": map[string]any{"color": colorCritical, "text": "critical level reached", "index": 2},
			"unknown":  map[string]any{"color": colorUnknown, "text": "no samples", "index": 3},
		}}}))
}

// haRecoveryStat shows each incident's time to recovery against the study's target,
// the same constant the HA alert rule fires on (pkg/alertrules).
func haRecoveryStat(id int) panel {
	target := float64(alertrules.HARecoveryTargetSeconds)
	p := base(id, "stat", "Time to recovery (target 3 min)",
		fmt.Sprintf("Per HA incident in the time range: time from the host failure to the last of its protected VMs running again. Red from %g s, the Citrix XenServer study's target (HA restarts the Exchange VM on another host in under three minutes), the limit of the HA recovery alert rule (pkg/alertrules HARecoveryTargetSeconds).", target),
		query("A", &contract.EventsQuery{CommonQuery: contract.CommonQuery{Reducer: contract.ReducerMax, Alias: "$host"},
			EventKinds: []contract.EventKind{contract.EventKindHA}}))
	d := p.defaults()
	d["unit"] = "s"
	d["thresholds"] = map[string]any{"mode": "absolute", "steps": []any{step(nil, colorOK), step(&target, colorCritical)}}
	p["options"] = map[string]any{
		"reduceOptions": map[string]any{"calcs": []string{"lastNotNull"}, "fields": "", "values": false},
		"colorMode":     "background", "graphMode": "none", "textMode": "value_and_name", "justifyMode": "auto", "orientation": "auto",
		"wideLayout": true, "showPercentChange": false, "percentChangeColorMode": "standard",
	}
	return p
}

// hostsLiveNow is host_metrics.live per host now: the value the host-down rule reads.
func hostsLiveNow(id int) panel {
	p := base(id, "stat", "Hosts live now",
		"host_metrics.live of each host as the pool master reports it now (1 live, 0 not heard from): the value the \"XenServer host down\" alert rule fires on (below 1).",
		query("A", &contract.InventoryQuery{CommonQuery: contract.CommonQuery{Reducer: contract.ReducerLast},
			InventoryKind: contract.InventoryKindHosts}))
	d := p.defaults()
	d["thresholds"] = map[string]any{"mode": "absolute", "steps": []any{step(nil, colorCritical), step(ptr(1), colorOK)}}
	d["mappings"] = []any{map[string]any{"type": "value", "options": map[string]any{
		"0": map[string]any{"text": "down", "color": colorCritical, "index": 0},
		"1": map[string]any{"text": "live", "color": colorOK, "index": 1},
	}}}
	p["options"] = map[string]any{
		"reduceOptions": map[string]any{"calcs": []string{"lastNotNull"}, "fields": "", "values": false},
		"colorMode":     "background", "graphMode": "none", "textMode": "value_and_name", "justifyMode": "auto", "orientation": "auto",
		"wideLayout": true, "showPercentChange": false, "percentChangeColorMode": "standard",
	}
	return p
}

// hostStateTimeline shows each host's liveness over time: a host that is down writes
// no RRD samples, so its CPU series is empty (NaN) for that span.
func hostStateTimeline(id int) panel {
	p := base(id, "state-timeline", "Host state over time",
		"Each host's state over the time range: live while its RRD has samples (cpu_avg), down where it has none, which is how a failed host shows in XenServer's metrics. The HA annotations mark the failure and each VM restart; \"Hosts live now\" is the pool master's current view, which the host-down alert rule reads.",
		query("A", &contract.MetricsQuery{
			CommonQuery: contract.CommonQuery{Alias: "$host"}, Object: contract.ObjectKindHost,
			SelectorMode: contract.SelectorModeName, Selector: "$host", Metrics: []string{"cpu_avg"}, CF: contract.CFAverage,
		}))
	d := p.defaults()
	d["color"] = map[string]any{"mode": "thresholds"}
	d["thresholds"] = map[string]any{"mode": "absolute", "steps": []any{step(nil, colorOK)}}
	d["mappings"] = []any{
		map[string]any{"type": "range", "options": map[string]any{"from": 0, "to": 1e12, "result": map[string]any{"text": "live", "color": colorOK, "index": 0}}},
		map[string]any{"type": "special", "options": map[string]any{"match": "nan", "result": map[string]any{"text": "down (no samples)", "color": colorCritical, "index": 1}}},
		map[string]any{"type": "special", "options": map[string]any{"match": "null", "result": map[string]any{"text": "down (no samples)", "color": colorCritical, "index": 2}}},
	}
	// A gap longer than two RRD steps becomes a null, so a missing span shows as down
	// instead of being bridged by the neighbouring "live" samples.
	d["custom"] = map[string]any{"fillOpacity": 80, "lineWidth": 0, "insertNulls": 120000, "spanNulls": false}
	p["options"] = map[string]any{
		"showValue": "never", "mergeValues": true, "alignValue": "left", "rowHeight": 0.9,
		"legend":  map[string]any{"displayMode": "list", "placement": "bottom", "showLegend": true, "calcs": []string{}},
		"tooltip": map[string]any{"mode": "single", "sort": "none"},
	}
	return p
}

func ptr(v float64) *float64 { return &v }

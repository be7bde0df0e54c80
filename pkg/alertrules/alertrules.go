// Package alertrules builds the Grafana-managed alert rules that xenbench provisions
// (provisioning/alerting/xenbench.yaml) from the threshold catalog, so each limit is
// written once, in pkg/thresholds/catalog.json. The file format is Grafana's alerting
// file provisioning (docs: alerting/set-up/provision-alerting-resources/file-provisioning):
// groups of rules whose data are a datasource query (refId A) and a server-side
// threshold expression (refId C, datasourceUid __expr__).
package alertrules

import (
	"fmt"

	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/thresholds"
)

// Options name what the rules point at.
type Options struct {
	DatasourceUID   string // the provisioned xenbench datasource
	Folder          string // Grafana folder of the rules
	ExchangeVersion string // catalog entries to use: 2007 or 2010+
}

// File is the provisioning file.
type File struct {
	APIVersion int     `yaml:"apiVersion"`
	Groups     []Group `yaml:"groups"`
}

// Group is one rule group, evaluated every Interval.
type Group struct {
	OrgID    int    `yaml:"orgId"`
	Name     string `yaml:"name"`
	Folder   string `yaml:"folder"`
	Interval string `yaml:"interval"`
	Rules    []Rule `yaml:"rules"`
}

// Rule is one alert rule.
type Rule struct {
	UID          string            `yaml:"uid"`
	Title        string            `yaml:"title"`
	Condition    string            `yaml:"condition"`
	Data         []Query           `yaml:"data"`
	DashboardUID string            `yaml:"dashboardUid,omitempty"`
	PanelID      int               `yaml:"panelId,omitempty"`
	NoDataState  string            `yaml:"noDataState"`
	ExecErrState string            `yaml:"execErrState"`
	For          string            `yaml:"for"`
	Annotations  map[string]string `yaml:"annotations"`
	Labels       map[string]string `yaml:"labels"`
	IsPaused     bool              `yaml:"isPaused"`
}

// Query is one entry of a rule's data: a datasource query or an expression.
type Query struct {
	RefID             string         `yaml:"refId"`
	RelativeTimeRange TimeRange      `yaml:"relativeTimeRange"`
	DatasourceUID     string         `yaml:"datasourceUid"`
	Model             map[string]any `yaml:"model"`
}

// TimeRange is seconds before now.
type TimeRange struct {
	From int `yaml:"from"`
	To   int `yaml:"to"`
}

// spec says how one catalog entry becomes a rule: the query that produces one number
// per server (or run), which dashboard panel shows it, and what to do about it.
type spec struct {
	entryID  string
	title    string
	query    contract.Query
	window   int // seconds of data the query reads
	forDur   string
	dash     string
	panel    int
	runbook  string
	severity string
}

// HARecoveryTargetSeconds is the study's HA target: a failed host's Exchange VMs are
// running again on another host within three minutes.
const HARecoveryTargetSeconds = 180

// exchangeQuery reads a catalog counter (`\Object(Instance)\Counter`, no machine) on
// every server.
func exchangeQuery(counter string, role string) *contract.ExchangeQuery {
	return &contract.ExchangeQuery{Counters: []string{`\\*` + counter}, VolumeRole: role}
}

// model is a rule's datasource query as Grafana stores it, built from the contract's
// typed query: a rule cannot hold a field or value the back end refuses.
func model(refID string, q contract.Query) (map[string]any, error) {
	m, err := contract.Model(q)
	if err != nil {
		return nil, fmt.Errorf("alert rule query %s: %w", refID, err)
	}
	m["refId"] = refID
	return m, nil
}

// reducerFor maps a catalog aggregation to the query's reducer.
func reducerFor(aggregation string) contract.Reducer {
	switch aggregation {
	case "average":
		return "mean"
	case "p95":
		return "p95"
	default: // max, min: spikes within the window
		return aggregation
	}
}

// Build returns the provisioning file for the catalog entries of opts.ExchangeVersion.
func Build(cat *thresholds.Catalog, opts Options) (*File, error) {
	version, ok := thresholds.NormalizeVersion(opts.ExchangeVersion)
	if !ok {
		return nil, fmt.Errorf("unknown Exchange version %q", opts.ExchangeVersion)
	}
	byID := map[string]*thresholds.Entry{}
	for i := range cat.Entries {
		byID[cat.Entries[i].ID] = &cat.Entries[i]
	}
	suffix := "-2007"
	if version != "2007" {
		suffix = "-2010"
	}
	specs := []spec{
		{entryID: "sendmail-latency-avg", title: "SendMail latency average over the limit",
			query: &contract.LoadgenQuery{Tasks: []string{"SendMail"}}, window: 3 * 3600, forDur: "0s",
			dash: "xenbench-scalability", panel: 1, severity: "critical",
			runbook: "Users wait too long for mail to be sent. Compare native and virtual servers of the same workload on the Scalability dashboard: if only virtual servers exceed the limit, check host CPU and memory overcommit and the SR's latency; if both do, the workload exceeds the servers' sizing."},
		{entryID: "sendmail-latency-p95", title: "SendMail latency 95th percentile over the limit",
			query: &contract.LoadgenQuery{Tasks: []string{"SendMail"}}, window: 3 * 3600, forDur: "0s",
			dash: "xenbench-scalability", panel: 1, severity: "critical",
			runbook: "One send in twenty takes longer than the limit. Look for spikes in disk sec/write on the log volumes and RPC averaged latency during the run; check whether a XenMotion or HA event overlapped the run (annotations)."},
		{entryID: "rpc-averaged-latency" + suffix, title: "RPC averaged latency over the limit",
			window: 600, forDur: "5m", dash: "xenbench-scalability", panel: 3, severity: "warning",
			runbook: "Outlook clients see delays. Check disk latency (database volumes first), processor time and the RPC requests queue on the same server; on a virtual server also the host's CPU and the SR's latency."},
		{entryID: "processor-time-2007", title: "Processor time over the limit",
			window: 600, forDur: "10m", dash: "xenbench-scalability", panel: 8, severity: "warning",
			runbook: "The server's CPU is saturated. On a virtual server add vCPUs or move the VM to a less loaded host (XenMotion); on any server check for background tasks such as online maintenance or backups."},
	}
	if version == "2007" {
		specs = append(specs,
			spec{entryID: "disk-read-database-2007", title: "Database volume read latency over the limit", window: 600, forDur: "5m", dash: "xenbench-scalability", panel: 5, severity: "warning",
				runbook: "Database reads are slow. Check the SR's read latency and IOPS on the host (XenServer metrics) and other VMs sharing the SR; consider a faster SR or spreading databases over more spindles."},
			spec{entryID: "disk-write-database-2007", title: "Database volume write latency over the limit", window: 600, forDur: "5m", dash: "xenbench-scalability", panel: 6, severity: "warning",
				runbook: "Database writes are slow. Check the SR's write latency and the storage controller's cache; checkpoint bursts show as short spikes."},
			spec{entryID: "disk-read-log-2007", title: "Log volume read latency over the limit", window: 600, forDur: "5m", dash: "xenbench-scalability", panel: 12, severity: "warning",
				runbook: "Log volume reads are slow; they happen at replay and backup. Check what else reads the SR at the time."},
			spec{entryID: "disk-write-log-2007", title: "Log volume write latency over the limit", window: 600, forDur: "5m", dash: "xenbench-scalability", panel: 13, severity: "critical",
				runbook: "Transaction log writes are slow, which delays every client operation. Put logs on their own SR or LUN with write cache, separate from the databases."},
		)
	} else {
		specs = append(specs,
			spec{entryID: "disk-read-2010", title: "Disk read latency over the limit", window: 600, forDur: "5m", dash: "xenbench-scalability", panel: 5, severity: "warning",
				runbook: "Disk reads are slow. Check the SR's read latency and IOPS on the host and the VMs sharing the SR."},
			spec{entryID: "disk-write-2010", title: "Disk write latency over the limit", window: 600, forDur: "5m", dash: "xenbench-scalability", panel: 6, severity: "warning",
				runbook: "Disk writes are slow. Check the SR's write latency and the storage controller's cache."},
		)
	}

	var rules []Rule
	for _, s := range specs {
		e := byID[s.entryID]
		if e == nil {
			return nil, fmt.Errorf("catalog has no entry %q", s.entryID)
		}
		limit, level := e.Critical, "critical"
		if limit == nil {
			limit, level = e.Warning, "warning"
		}
		if limit == nil {
			return nil, fmt.Errorf("catalog entry %q has neither a warning nor a critical value", e.ID)
		}
		q := s.query
		if q == nil {
			q = exchangeQuery(e.Counter, e.VolumeRole)
		}
		contract.Base(q).Reducer = reducerFor(e.Aggregation)
		r, err := thresholdRule(s, e, *limit, level, q, opts)
		if err != nil {
			return nil, err
		}
		rules = append(rules, r)
	}
	ha, err := haRecoveryRule(opts)
	if err != nil {
		return nil, err
	}
	down, err := hostDownRule(opts)
	if err != nil {
		return nil, err
	}
	rules = append(rules, ha, down)
	return &File{APIVersion: 1, Groups: []Group{{OrgID: 1, Name: "xenbench", Folder: opts.Folder, Interval: "1m", Rules: rules}}}, nil
}

var comparisonWords = map[string]string{"gt": "above", "ge": "at or above", "lt": "below", "le": "at or below"}

func thresholdRule(s spec, e *thresholds.Entry, limit float64, level string, q contract.Query, opts Options) (Rule, error) {
	a, err := model("A", q)
	if err != nil {
		return Rule{}, fmt.Errorf("catalog entry %s: %w", e.ID, err)
	}
	summary := fmt.Sprintf("{{ $labels.server }}: %s %s %s %g %s ({{ $values.A }})",
		e.Counter, e.Aggregation, comparisonWords[e.Comparison], limit, e.Unit)
	source := e.Source.Title
	if e.Source.URL != "" {
		source += " (" + e.Source.URL + ")"
	}
	return Rule{
		UID:       "xenbench-" + e.ID,
		Title:     s.title,
		Condition: "C",
		Data: []Query{
			{RefID: "A", RelativeTimeRange: TimeRange{From: s.window}, DatasourceUID: opts.DatasourceUID, Model: a},
			{RefID: "C", DatasourceUID: "__expr__", Model: map[string]any{
				"refId": "C", "type": "threshold", "expression": "A",
				"conditions": []any{map[string]any{"evaluator": map[string]any{"type": thresholdType(e.Comparison), "params": []float64{limit}}}},
			}},
		},
		DashboardUID: s.dash,
		PanelID:      s.panel,
		NoDataState:  "OK",
		ExecErrState: "Error",
		For:          s.forDur,
		Annotations: map[string]string{
			"summary":     summary,
			"description": s.runbook,
			"threshold":   fmt.Sprintf("catalog entry %s (%s level): %s", e.ID, level, source),
		},
		Labels: map[string]string{"severity": s.severity, "xenbench": "exchange"},
	}, nil
}

// thresholdType maps a catalog comparison to a threshold evaluator; ge and le use gt
// and lt, the evaluator types Grafana's threshold expression has.
func thresholdType(comparison string) string {
	if comparison == "lt" || comparison == "le" {
		return "lt"
	}
	return "gt"
}

func haRecoveryRule(opts Options) (Rule, error) {
	a, err := model("A", &contract.EventsQuery{CommonQuery: contract.CommonQuery{Reducer: contract.ReducerMax},
		EventKinds: []contract.EventKind{contract.EventKindHA}})
	if err != nil {
		return Rule{}, err
	}
	return Rule{
		UID: "xenbench-ha-recovery", Title: "HA recovery slower than three minutes", Condition: "C",
		Data: []Query{
			{RefID: "A", RelativeTimeRange: TimeRange{From: 3600}, DatasourceUID: opts.DatasourceUID,
				Model: a},
			{RefID: "C", DatasourceUID: "__expr__", Model: map[string]any{
				"refId": "C", "type": "threshold", "expression": "A",
				"conditions": []any{map[string]any{"evaluator": map[string]any{"type": "gt", "params": []float64{HARecoveryTargetSeconds}}}},
			}},
		},
		DashboardUID: "xenbench-ha", PanelID: 6, NoDataState: "OK", ExecErrState: "Error", For: "0s",
		Annotations: map[string]string{
			"summary":     "Host {{ $labels.host }} failed and its VMs took {{ $values.A }} s to run again (target 180 s)",
			"description": "Check the HA plan (pool.ha_plan_exists_for, restart priorities) and the free memory on the surviving hosts: VMs restart only where they fit. Slow SRs also lengthen boot times.",
		},
		Labels: map[string]string{"severity": "critical", "xenbench": "ha"},
	}, nil
}

func hostDownRule(opts Options) (Rule, error) {
	a, err := model("A", &contract.InventoryQuery{CommonQuery: contract.CommonQuery{Reducer: contract.ReducerLast},
		InventoryKind: contract.InventoryKindHosts})
	if err != nil {
		return Rule{}, err
	}
	return Rule{
		UID: "xenbench-host-down", Title: "XenServer host down", Condition: "C",
		Data: []Query{
			{RefID: "A", RelativeTimeRange: TimeRange{From: 600}, DatasourceUID: opts.DatasourceUID,
				Model: a},
			{RefID: "C", DatasourceUID: "__expr__", Model: map[string]any{
				"refId": "C", "type": "threshold", "expression": "A",
				"conditions": []any{map[string]any{"evaluator": map[string]any{"type": "lt", "params": []float64{1}}}},
			}},
		},
		DashboardUID: "xenbench-ha", PanelID: 2, NoDataState: "Alerting", ExecErrState: "Error", For: "1m",
		Annotations: map[string]string{
			"summary":     "Host {{ $labels.host }} is not live (host_metrics.live = false)",
			"description": "The pool master no longer hears from the host. With HA on, its protected VMs restart elsewhere (see the HA recovery dashboard); check the host's power, management network and storage heartbeat.",
		},
		Labels: map[string]string{"severity": "critical", "xenbench": "pool"},
	}, nil
}

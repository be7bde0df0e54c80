package dashboards

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// ruleGroup and alertRule follow Grafana's alert rule provisioning format
// (grafana docs sources/alerting/set-up/provision-alerting-resources/file-provisioning).
type ruleGroup struct {
	OrgID    int         `yaml:"orgId"`
	Name     string      `yaml:"name"`
	Folder   string      `yaml:"folder"`
	Interval string      `yaml:"interval"`
	Rules    []alertRule `yaml:"rules"`
}

type alertRule struct {
	UID          string            `yaml:"uid"`
	Title        string            `yaml:"title"`
	Condition    string            `yaml:"condition"`
	Data         []ruleQuery       `yaml:"data"`
	NoDataState  string            `yaml:"noDataState"`
	ExecErrState string            `yaml:"execErrState"`
	For          string            `yaml:"for"`
	Annotations  map[string]string `yaml:"annotations"`
	Labels       map[string]string `yaml:"labels"`
	DashboardUID string            `yaml:"dashboardUid"`
	PanelID      *int              `yaml:"panelId"`
	IsPaused     bool              `yaml:"isPaused"`
}

type ruleQuery struct {
	RefID             string         `yaml:"refId"`
	DatasourceUID     string         `yaml:"datasourceUid"`
	Model             map[string]any `yaml:"model"`
	RelativeTimeRange *struct {
		From int `yaml:"from"`
		To   int `yaml:"to"`
	} `yaml:"relativeTimeRange"`
}

var (
	noDataStates   = map[string]bool{"NoData": true, "Alerting": true, "OK": true, "KeepLast": true}
	execErrStates  = map[string]bool{"Error": true, "Alerting": true, "OK": true, "KeepLast": true}
	expressionRefs = regexp.MustCompile(`\$\{?([A-Za-z0-9_]+)\}?`)
)

// expressionTypes are Grafana's server-side expression kinds (datasourceUid __expr__).
var expressionTypes = map[string]bool{"math": true, "reduce": true, "resample": true, "classic_conditions": true, "threshold": true, "sql": true}

// CheckAlertRules checks every rule group of a provisioning file: uids, the
// condition, each query's datasource and query type, expression references, and the
// dashboard and panel a rule links to. seenUIDs collects rule uids across files.
func CheckAlertRules(file string, groups []ruleGroup, cat *Catalog, seenUIDs map[string]string) []string {
	var out []string
	for gi, g := range groups {
		gwhere := fmt.Sprintf("%s: groups[%d] (%s)", file, gi, g.Name)
		if g.Name == "" || g.Folder == "" {
			out = append(out, gwhere+": name and folder are required")
		}
		if d, err := time.ParseDuration(g.Interval); err != nil || d <= 0 || d%(10*time.Second) != 0 {
			out = append(out, fmt.Sprintf("%s: interval %q must be a positive multiple of 10s", gwhere, g.Interval))
		}
		for ri, r := range g.Rules {
			where := fmt.Sprintf("%s rules[%d] (%s)", gwhere, ri, r.UID)
			out = append(out, prefix(where, checkRule(r, cat))...)
			if prev, dup := seenUIDs[r.UID]; dup {
				out = append(out, fmt.Sprintf("%s: uid %q is also used in %s", where, r.UID, prev))
			}
			seenUIDs[r.UID] = file
		}
	}
	return out
}

func checkRule(r alertRule, cat *Catalog) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if !uidPattern.MatchString(r.UID) {
		add("uid %q must be 1-40 letters, digits, - or _", r.UID)
	}
	if r.Title == "" {
		add("title is required")
	}
	if r.Annotations["summary"] == "" {
		add("annotations.summary is required: it is what the notification says")
	}
	if r.Annotations["runbook_url"] == "" && r.Annotations["description"] == "" {
		add("annotations need runbook text (description) or a runbook_url")
	}
	if !noDataStates[r.NoDataState] {
		add("noDataState %q is not one of NoData, Alerting, OK, KeepLast", r.NoDataState)
	}
	if !execErrStates[r.ExecErrState] {
		add("execErrState %q is not one of Error, Alerting, OK, KeepLast", r.ExecErrState)
	}
	if r.For != "" {
		if _, err := time.ParseDuration(r.For); err != nil {
			add("for %q is not a duration", r.For)
		}
	}
	refs := map[string]bool{}
	for _, q := range r.Data {
		if q.RefID == "" || refs[q.RefID] {
			add("data refId %q is empty or repeated", q.RefID)
		}
		refs[q.RefID] = true
	}
	if !refs[r.Condition] {
		add("condition %q is not the refId of one of the queries", r.Condition)
	}
	queriesOurs := false
	for _, q := range r.Data {
		where := "data " + q.RefID
		switch t, ok := cat.DatasourceUIDs[q.DatasourceUID]; {
		case q.DatasourceUID == "__expr__":
			out = append(out, prefix(where, checkExpression(q.Model, refs))...)
		case !ok:
			add("%s: datasourceUid %q is not a provisioned datasource (%v)", where, q.DatasourceUID, sortedKeys(cat.DatasourceUIDs))
		case t == DatasourceID:
			queriesOurs = true
			out = append(out, prefix(where, checkQueryType(q.Model))...)
			if q.RelativeTimeRange == nil || q.RelativeTimeRange.From <= q.RelativeTimeRange.To {
				add("%s: relativeTimeRange must look back (from > to, in seconds)", where)
			}
		}
		if ref, _ := q.Model["refId"].(string); ref != "" && ref != q.RefID {
			add("%s: model.refId %q differs from the query's refId", where, ref)
		}
	}
	if !queriesOurs {
		add("no query reads the %s datasource", DatasourceID)
	}
	if r.DashboardUID != "" || r.Annotations["__dashboardUid__"] != "" {
		out = append(out, checkRuleLinks(r, cat)...)
	}
	return out
}

// checkExpression checks a server-side expression and the refIds it reads.
func checkExpression(model map[string]any, refs map[string]bool) []string {
	typ, _ := model["type"].(string)
	if !expressionTypes[typ] {
		return []string{fmt.Sprintf("expression type %q is not one of math, reduce, resample, threshold, classic_conditions, sql", typ)}
	}
	var out []string
	expr, _ := model["expression"].(string)
	switch typ {
	case "reduce", "resample", "threshold":
		if !refs[expr] {
			out = append(out, fmt.Sprintf("%s expression reads %q, which is not a refId of this rule", typ, expr))
		}
	case "math":
		for _, m := range expressionRefs.FindAllStringSubmatch(expr, -1) {
			if !refs[m[1]] {
				out = append(out, fmt.Sprintf("math expression reads $%s, which is not a refId of this rule", m[1]))
			}
		}
	}
	return out
}

// checkRuleLinks checks that the dashboard and panel a rule points at exist; the
// link may be given as fields or as the __dashboardUid__/__panelId__ annotations.
func checkRuleLinks(r alertRule, cat *Catalog) []string {
	uid := r.DashboardUID
	if uid == "" {
		uid = r.Annotations["__dashboardUid__"]
	}
	d, ok := cat.Dashboards[uid]
	if !ok {
		return []string{fmt.Sprintf("dashboard uid %q is not a dashboard of dashboards/ (%v)", uid, sortedKeys(cat.Dashboards))}
	}
	var panel int
	switch {
	case r.PanelID != nil:
		panel = *r.PanelID
	case r.Annotations["__panelId__"] != "":
		p, err := strconv.Atoi(r.Annotations["__panelId__"])
		if err != nil {
			return []string{fmt.Sprintf("annotation __panelId__ %q is not a number", r.Annotations["__panelId__"])}
		}
		panel = p
	default:
		return nil
	}
	if !d.PanelIDs[panel] {
		return []string{fmt.Sprintf("panel id %d is not a panel of dashboard %s (%s)", panel, uid, d.File)}
	}
	return checkPanelShowsRule(r, d.Panel(panel))
}

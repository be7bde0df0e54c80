package dashboards

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Dashboard is a parsed dashboard JSON model, kept generic (map[string]any) because
// the checks walk every place a datasource or query can hide.
type Dashboard struct {
	File     string
	UID      string
	Title    string
	Model    map[string]any
	PanelIDs map[int]bool
}

// uidPattern is what Grafana accepts as a dashboard or rule uid: at most 40
// characters of letters, digits, - and _.
var uidPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,40}$`)

// ParseDashboard decodes a dashboard file. Problems that make the model unusable are
// returned as an error; the rest is CheckDashboard's job.
func ParseDashboard(file string, data []byte) (*Dashboard, error) {
	var model map[string]any
	if err := json.Unmarshal(data, &model); err != nil {
		return nil, fmt.Errorf("%s: not a JSON object: %w", file, err)
	}
	if model == nil {
		return nil, fmt.Errorf("%s: null instead of a dashboard object", file)
	}
	d := &Dashboard{File: file, Model: model, PanelIDs: map[int]bool{}}
	d.UID, _ = model["uid"].(string)
	d.Title, _ = model["title"].(string)
	for _, p := range allPanels(model) {
		if id, ok := intValue(p["id"]); ok {
			d.PanelIDs[id] = true
		}
	}
	return d, nil
}

// Panel returns the panel with the id, or nil.
func (d *Dashboard) Panel(id int) map[string]any {
	for _, p := range allPanels(d.Model) {
		if got, ok := intValue(p["id"]); ok && got == id {
			return p
		}
	}
	return nil
}

// CheckDashboard lists every problem of one dashboard against the catalog.
func CheckDashboard(d *Dashboard, cat *Catalog) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, d.File+": "+fmt.Sprintf(format, args...)) }
	m := d.Model

	if strings.TrimSpace(d.Title) == "" {
		add("title is missing or empty")
	}
	if !uidPattern.MatchString(d.UID) {
		add("uid %q must be set to a stable value of 1-40 letters, digits, - or _ (links, alert rules and embeds use it)", d.UID)
	}
	if id, present := m["id"]; present && id != nil {
		add("id is %v: remove it (or set null); a fixed database id breaks provisioning and import", id)
	}
	if v, ok := m["schemaVersion"].(float64); !ok || v < MinSchemaVersion {
		add("schemaVersion is %v, want %d or later (save it from Grafana 10.4+)", m["schemaVersion"], MinSchemaVersion)
	}
	if _, ok := m["panels"].([]any); !ok {
		add("panels is missing or not a list")
	}

	vars, varProblems := templateVariables(m)
	for _, p := range varProblems {
		add("%s", p)
	}
	seenIDs := map[int]bool{}
	for _, p := range allPanels(m) {
		title, _ := p["title"].(string)
		where := fmt.Sprintf("panel %v (%q)", p["id"], title)
		id, ok := intValue(p["id"])
		switch {
		case !ok || id <= 0:
			add("%s: id must be a positive integer (alert rules and d-solo embeds refer to it)", where)
		case seenIDs[id]:
			add("%s: id %d is used by another panel", where, id)
		}
		seenIDs[id] = true
		out = append(out, prefix(d.File+": "+where, checkPanelType(p))...)
		out = append(out, prefix(d.File+": "+where, checkQueries(p, vars, cat))...)
	}
	for i, v := range listOf(m, "templating") {
		vm, _ := v.(map[string]any)
		if vm == nil || vm["type"] != "query" {
			continue
		}
		where := fmt.Sprintf("%s: templating[%d] (%v)", d.File, i, vm["name"])
		ds, dsProblems := resolveDatasource(vm["datasource"], vars, cat)
		out = append(out, prefix(where, dsProblems)...)
		if ds == DatasourceID {
			query, _ := vm["query"].(map[string]any)
			out = append(out, prefix(where, checkQueryType(query))...)
		}
	}
	for i, a := range listOf(m, "annotations") {
		am, _ := a.(map[string]any)
		if am == nil {
			continue
		}
		where := fmt.Sprintf("%s: annotations[%d] (%v)", d.File, i, am["name"])
		ds, dsProblems := resolveDatasource(am["datasource"], vars, cat)
		out = append(out, prefix(where, dsProblems)...)
		if target, ok := am["target"].(map[string]any); ok && ds == DatasourceID {
			out = append(out, prefix(where, checkQueryType(target))...)
		}
	}
	return out
}

// templateVariables returns the dashboard's variables by name, with the plugin type
// of each datasource variable ("" for other kinds), and any naming problems.
func templateVariables(m map[string]any) (map[string]string, []string) {
	vars := map[string]string{}
	var problems []string
	for i, v := range listOf(m, "templating") {
		vm, _ := v.(map[string]any)
		name, _ := vm["name"].(string)
		if name == "" {
			problems = append(problems, fmt.Sprintf("templating[%d] has no name", i))
			continue
		}
		if _, dup := vars[name]; dup {
			problems = append(problems, fmt.Sprintf("template variable %q is defined twice", name))
		}
		vars[name] = ""
		if vm["type"] == "datasource" {
			query, _ := vm["query"].(string)
			vars[name] = query
			if query == "" {
				problems = append(problems, fmt.Sprintf("datasource variable %q does not say which datasource type it lists (query)", name))
			}
		}
	}
	return vars, problems
}

// listOf returns m[key].list, the shape of both "templating" and "annotations".
func listOf(m map[string]any, key string) []any {
	outer, _ := m[key].(map[string]any)
	list, _ := outer["list"].([]any)
	return list
}

// allPanels returns every panel, including those nested in collapsed rows.
func allPanels(m map[string]any) []map[string]any {
	var out []map[string]any
	var walk func(list []any)
	walk = func(list []any) {
		for _, p := range list {
			pm, ok := p.(map[string]any)
			if !ok {
				continue
			}
			out = append(out, pm)
			if nested, ok := pm["panels"].([]any); ok {
				walk(nested)
			}
		}
	}
	panels, _ := m["panels"].([]any)
	walk(panels)
	return out
}

func checkPanelType(p map[string]any) []string {
	t, _ := p["type"].(string)
	switch {
	case t == "":
		return []string{"type is missing"}
	case removedPanelTypes[t] != "":
		return []string{fmt.Sprintf("type %q is a removed Angular panel; use %q", t, removedPanelTypes[t])}
	case !CorePanelTypes[t] && t != PanelID:
		return []string{fmt.Sprintf("type %q is neither a core Grafana panel nor %s", t, PanelID)}
	}
	return nil
}

// checkQueries checks the panel's datasource and each target's datasource and query
// type. A target without its own datasource uses the panel's.
func checkQueries(p map[string]any, vars map[string]string, cat *Catalog) []string {
	targets, _ := p["targets"].([]any)
	if p["type"] == "row" || p["type"] == "text" || p["type"] == "dashlist" || p["type"] == "news" {
		if len(targets) == 0 {
			return nil
		}
	}
	var out []string
	panelDS, problems := "", []string(nil)
	if raw, present := p["datasource"]; present && raw != nil {
		panelDS, problems = resolveDatasource(raw, vars, cat)
		out = append(out, problems...)
	}
	for i, t := range targets {
		tm, ok := t.(map[string]any)
		if !ok {
			out = append(out, fmt.Sprintf("targets[%d] is not an object", i))
			continue
		}
		ds := panelDS
		if raw, present := tm["datasource"]; present && raw != nil {
			ds, problems = resolveDatasource(raw, vars, cat)
			out = append(out, prefix(fmt.Sprintf("targets[%d]", i), problems)...)
		}
		if ds == "" && panelDS == "" {
			out = append(out, fmt.Sprintf("targets[%d] has no datasource and neither has the panel: set {\"type\": %q, \"uid\": \"${datasource}\"}", i, DatasourceID))
		}
		if ds == DatasourceID {
			out = append(out, prefix(fmt.Sprintf("targets[%d] (refId %v)", i, tm["refId"]), checkQueryType(tm))...)
		}
	}
	return out
}

// checkQueryType checks a query model of our datasource.
func checkQueryType(q map[string]any) []string {
	qt, _ := q["queryType"].(string)
	if !QueryTypes[qt] {
		return []string{fmt.Sprintf("queryType %q is not one the back end answers (%s)", qt, strings.Join(sortedKeys(QueryTypes), ", "))}
	}
	return nil
}

var variableRef = regexp.MustCompile(`^\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))$`)

// resolveDatasource returns the plugin type a datasource reference points at, with
// any problems. Accepted: {type, uid} where uid is a datasource template variable,
// a provisioned uid or a Grafana built-in; a bare "${var}" string (legacy form).
// Rejected: numeric ids, datasource names and unknown uids.
func resolveDatasource(raw any, vars map[string]string, cat *Catalog) (string, []string) {
	switch v := raw.(type) {
	case nil:
		return "", nil
	case float64:
		return "", []string{fmt.Sprintf("datasource is the numeric id %v: use {\"type\", \"uid\"} with a template variable", v)}
	case string:
		if m := variableRef.FindStringSubmatch(v); m != nil {
			return resolveVariable(m[1]+m[2], vars)
		}
		if t, ok := builtinDatasourceUIDs[v]; ok {
			return t, nil
		}
		if _, err := strconv.Atoi(v); err == nil {
			return "", []string{fmt.Sprintf("datasource %q is a numeric id: use a template variable", v)}
		}
		return "", []string{fmt.Sprintf("datasource %q is referenced by name: use {\"type\": %q, \"uid\": \"${datasource}\"}", v, DatasourceID)}
	case map[string]any:
		var problems []string
		if id, present := v["id"]; present {
			problems = append(problems, fmt.Sprintf("datasource carries the hard-coded id %v: remove it", id))
		}
		typ, _ := v["type"].(string)
		uid, isString := v["uid"].(string)
		if !isString {
			return typ, append(problems, fmt.Sprintf("datasource uid %v is not a string", v["uid"]))
		}
		if m := variableRef.FindStringSubmatch(uid); m != nil {
			resolved, more := resolveVariable(m[1]+m[2], vars)
			if typ != "" && resolved != "" && typ != resolved {
				more = append(more, fmt.Sprintf("datasource type %q does not match variable %s, which lists %q", typ, uid, resolved))
			}
			return resolved, append(problems, more...)
		}
		if t, ok := builtinDatasourceUIDs[uid]; ok {
			return t, problems
		}
		if t, ok := cat.DatasourceUIDs[uid]; ok {
			if typ != "" && typ != t {
				problems = append(problems, fmt.Sprintf("datasource uid %q is provisioned as %q, not %q", uid, t, typ))
			}
			return t, problems
		}
		if _, err := strconv.Atoi(uid); err == nil {
			return typ, append(problems, fmt.Sprintf("datasource uid %q is a numeric id: use a template variable", uid))
		}
		return typ, append(problems, fmt.Sprintf("datasource uid %q is neither a template variable nor a provisioned datasource (%s)", uid, strings.Join(sortedKeys(cat.DatasourceUIDs), ", ")))
	}
	return "", []string{fmt.Sprintf("datasource %v has an unexpected form", raw)}
}

func resolveVariable(name string, vars map[string]string) (string, []string) {
	typ, ok := vars[name]
	switch {
	case !ok:
		return "", []string{fmt.Sprintf("datasource refers to ${%s}, which is not a template variable of this dashboard", name)}
	case typ == "":
		return "", []string{fmt.Sprintf("datasource refers to ${%s}, which is not a datasource variable", name)}
	}
	return typ, nil
}

func intValue(v any) (int, bool) {
	f, ok := v.(float64)
	if !ok || f != float64(int(f)) {
		return 0, false
	}
	return int(f), true
}

func prefix(where string, problems []string) []string {
	out := make([]string, len(problems))
	for i, p := range problems {
		out[i] = where + ": " + p
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

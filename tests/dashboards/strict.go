package dashboards

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/xenbench/xenbench/pkg/contract"
)

// StrictQueries decodes every query of our datasource in a tree strictly, as the back
// end does (contract.Decode): the panel targets, annotation targets and query variables
// of dashboards/*.json and the data queries of provisioning/alerting/*.y{a,}ml. A query
// that does not decode, or that carries a field its query type does not read (a typo
// Grafana would store and the back end would only warn about), is a problem. It also
// returns how many queries it decoded, so a test can tell "all clean" from "none found".
func StrictQueries(root string) (problems []string, checked int) {
	check := func(where string, model any) {
		raw, err := json.Marshal(model)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", where, err))
			return
		}
		checked++
		d, err := contract.Decode(raw, "")
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: %v", where, err))
		case len(d.Unknown) > 0:
			problems = append(problems, fmt.Sprintf("%s: %s", where, d.Notice()))
		}
	}

	jsonFiles, err := findFiles(filepath.Join(root, "dashboards"), ".json")
	if err != nil {
		return []string{err.Error()}, 0
	}
	for _, f := range jsonFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		d, err := ParseDashboard(rel(root, f), data)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		for _, p := range allPanels(d.Model) {
			targets, _ := p["targets"].([]any)
			for i, t := range targets {
				tm, _ := t.(map[string]any)
				if isOurs(tm["datasource"]) || (tm["datasource"] == nil && isOurs(p["datasource"])) {
					check(fmt.Sprintf("%s: panel %v (%v) targets[%d]", d.File, p["id"], p["title"], i), tm)
				}
			}
		}
		for i, a := range listOf(d.Model, "annotations") {
			am, _ := a.(map[string]any)
			if !isOurs(am["datasource"]) {
				continue
			}
			where := fmt.Sprintf("%s: annotation %d (%v)", d.File, i, am["name"])
			target, ok := am["target"].(map[string]any)
			if !ok {
				problems = append(problems, where+": no target: the annotation query belongs in target, as Grafana's editor saves it")
				continue
			}
			check(where, target)
		}
		for _, v := range listOf(d.Model, "templating") {
			vm, _ := v.(map[string]any)
			if vm["type"] != "query" || !isOurs(vm["datasource"]) {
				continue
			}
			where := fmt.Sprintf("%s: variable %v", d.File, vm["name"])
			query, ok := vm["query"].(map[string]any)
			if !ok {
				problems = append(problems, where+": query is not a query object (the variable editor saves one)")
				continue
			}
			check(where, query)
		}
	}

	// Alert rules name their datasource by uid: ours are the provisioned ones of our type.
	yamlFiles, err := findFiles(filepath.Join(root, "provisioning"), ".yaml", ".yml")
	if err != nil {
		return append(problems, err.Error()), checked
	}
	type parsed struct {
		name string
		file provisioningFile
	}
	var files []parsed
	ours := map[string]bool{}
	for _, f := range yamlFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		var file provisioningFile
		if err := yaml.Unmarshal(data, &file); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", rel(root, f), err))
			continue
		}
		for _, ds := range file.Datasources {
			if ds.Type == DatasourceID {
				ours[ds.UID] = true
			}
		}
		files = append(files, parsed{rel(root, f), file})
	}
	for _, pf := range files {
		for _, g := range pf.file.Groups {
			for _, r := range g.Rules {
				for _, q := range r.Data {
					if !ours[q.DatasourceUID] {
						continue
					}
					check(fmt.Sprintf("%s: rule %s query %s", pf.name, r.UID, q.RefID), q.Model)
				}
			}
		}
	}
	return problems, checked
}

// isOurs reports whether a datasource reference names our plugin type.
func isOurs(ref any) bool {
	m, _ := ref.(map[string]any)
	return m["type"] == DatasourceID
}

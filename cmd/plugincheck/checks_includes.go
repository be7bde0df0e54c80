package main

import (
	"encoding/json"
	"path"
	"strings"
)

// includesNestedCheck mirrors the includesnested analyzer (every nested plugin is
// declared in the app's includes with its type) and adds two rules of ours: every
// datasource/panel include points at a plugin.json in the zip, and every dashboard
// include points at a dashboard JSON in the zip.
var includesNestedCheck = check{
	Name:    "includesnested",
	Mirrors: "includesnested (+ xenbench: include paths resolve)",
	Needs:   needRoot,
	OK:      "nested plugins are declared and every include resolves",
	Run: func(b *bundle) []Result {
		root := b.root()
		var out []Result
		if root.M.Type != "app" && len(b.Plugins) > 1 {
			return []Result{errorf("nested-plugin-id-in-non-app", "nested plugins are only allowed in an app plugin, but the root plugin is a %s", root.M.Type)}
		}
		declared := map[string]include{}
		for _, inc := range root.M.Includes {
			declared[path.Clean(inc.Path)] = inc
		}
		for _, p := range b.Plugins[1:] {
			if p.M == nil {
				continue
			}
			inc, ok := declared[p.Path]
			switch {
			case !ok:
				out = append(out, errorf("nested-plugins-not-declared", "nested plugin %s is not declared in the root plugin.json includes", p.Path).withDetail(`add {"type": "`+p.M.Type+`", "name": "...", "path": "`+p.Path+`"} to includes`))
			case inc.Type == "":
				out = append(out, errorf("nested-plugin-missing-type", "nested plugin %s is included without a type", p.Path))
			case inc.Type != p.M.Type:
				out = append(out, errorf("nested-plugin-type-missmatch", "nested plugin %s is included as %s but its plugin.json says %s", p.Path, inc.Type, p.M.Type))
			}
		}
		for i, inc := range root.M.Includes {
			switch inc.Type {
			case "datasource", "panel":
				if inc.Path == "" {
					continue // an include by id of a plugin installed separately
				}
				if b.file(path.Clean(inc.Path)) == nil {
					out = append(out, errorf("include-path-missing", "includes[%d] (%s %q) points at %s, which is not in the zip", i, inc.Type, inc.Name, inc.Path))
				}
			case "dashboard":
				out = append(out, dashboardIncludeProblems(b, i, inc)...)
			}
		}
		return out
	},
}

// dashboardIncludeProblems checks that a dashboard include names a file in the zip
// holding a dashboard JSON model (an object with a title and a panels array).
func dashboardIncludeProblems(b *bundle, i int, inc include) []Result {
	e := b.file(path.Clean(inc.Path))
	if inc.Path == "" || e == nil {
		return []Result{errorf("dashboard-include-missing", "includes[%d] (dashboard %q) points at %q, which is not in the zip", i, inc.Name, inc.Path)}
	}
	var model struct {
		Title  *string           `json:"title"`
		Panels []json.RawMessage `json:"panels"`
	}
	if err := json.Unmarshal(e.Data, &model); err != nil {
		return []Result{errorf("dashboard-include-invalid", "includes[%d]: %s is not a dashboard JSON model: %v", i, inc.Path, err)}
	}
	if model.Title == nil || strings.TrimSpace(*model.Title) == "" {
		return []Result{errorf("dashboard-include-invalid", "includes[%d]: %s has no title", i, inc.Path)}
	}
	return nil
}

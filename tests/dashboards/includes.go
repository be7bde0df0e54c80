package dashboards

import (
	"encoding/json"
	"fmt"
	"path"
	"sort"
)

// CheckIncludes compares the app's plugin.json dashboard includes with the files of
// dashboards/: every include names an existing file (the build copies dashboards/
// to dist/dashboards/, so include paths are "dashboards/<file>"), every file is
// included, and every include carries the dashboard's uid (Grafana's nav builder
// skips an addToNav dashboard include without one: Includes.DashboardURLPath returns
// "" for it). The app must not be autoEnabled: Grafana imports an app's dashboards
// when its plugin setting is first saved as enabled (PluginStateChangedEvent), which
// never happens for an app that is enabled without a saved setting.
func CheckIncludes(pluginJSON []byte, byFile map[string]*Dashboard) []string {
	var m struct {
		ID          string `json:"id"`
		AutoEnabled bool   `json:"autoEnabled"`
		Includes    []struct {
			Type string `json:"type"`
			Name string `json:"name"`
			Path string `json:"path"`
			UID  string `json:"uid"`
		} `json:"includes"`
	}
	if err := json.Unmarshal(pluginJSON, &m); err != nil {
		return []string{fmt.Sprintf("plugin.json: %v", err)}
	}
	var out []string
	included := map[string]bool{}
	for i, inc := range m.Includes {
		if inc.Type != "dashboard" {
			continue
		}
		dir, file := path.Split(path.Clean(inc.Path))
		d, ok := byFile[file]
		switch {
		case dir != "dashboards/":
			out = append(out, fmt.Sprintf("plugin.json includes[%d] (%s): path %q must be dashboards/<file>.json", i, inc.Name, inc.Path))
		case !ok:
			out = append(out, fmt.Sprintf("plugin.json includes[%d] (%s): %s does not exist in dashboards/", i, inc.Name, inc.Path))
		case inc.UID == "":
			out = append(out, fmt.Sprintf("plugin.json includes[%d] (%s): no uid; set \"uid\": %q (Grafana leaves a dashboard include without uid out of the app's menu)", i, inc.Name, d.UID))
		case inc.UID != d.UID:
			out = append(out, fmt.Sprintf("plugin.json includes[%d] (%s): uid %q but the dashboard's uid is %q", i, inc.Name, inc.UID, d.UID))
		}
		if included[file] {
			out = append(out, fmt.Sprintf("plugin.json includes %s twice", inc.Path))
		}
		included[file] = true
	}
	if m.AutoEnabled && len(included) > 0 {
		out = append(out, "plugin.json: autoEnabled is true, so Grafana never imports the included dashboards (they are imported when the app's setting is saved as enabled); set it to false")
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		if !included[f] {
			out = append(out, fmt.Sprintf("dashboards/%s is not included by plugin.json: add {\"type\": \"dashboard\", \"name\": %q, \"path\": \"dashboards/%s\"}", f, byFile[f].Title, f))
		}
	}
	return out
}

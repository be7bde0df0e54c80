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
// included, and an include's uid, when given, is the dashboard's uid.
func CheckIncludes(pluginJSON []byte, byFile map[string]*Dashboard) []string {
	var m struct {
		ID       string `json:"id"`
		Includes []struct {
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
		case inc.UID != "" && inc.UID != d.UID:
			out = append(out, fmt.Sprintf("plugin.json includes[%d] (%s): uid %q but the dashboard's uid is %q", i, inc.Name, inc.UID, d.UID))
		}
		if included[file] {
			out = append(out, fmt.Sprintf("plugin.json includes %s twice", inc.Path))
		}
		included[file] = true
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

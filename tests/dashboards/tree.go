package dashboards

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// CheckTree runs every check on a repository-shaped tree: root/plugin.json,
// root/dashboards/*.json and root/provisioning/**/*.y{a,}ml. It returns one line per
// problem; an empty result means the tree is clean. Missing dashboards/ or
// provisioning/ folders are not problems (the checks run on whatever exists).
func CheckTree(root string) []string {
	var problems []string
	cat := NewCatalog()

	yamlFiles, err := findFiles(filepath.Join(root, "provisioning"), ".yaml", ".yml")
	if err != nil {
		return []string{err.Error()}
	}
	parsed := map[string]*provisioningFile{}
	for _, f := range yamlFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		pf, err := ParseProvisioning(rel(root, f), data)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		parsed[f] = pf
	}
	// Datasources first: dashboards and rules resolve uids against them.
	for _, f := range yamlFiles {
		if pf := parsed[f]; pf != nil && len(pf.Datasources) > 0 {
			problems = append(problems, CheckProvisioning(rel(root, f), pf, cat)...)
		}
	}
	for _, f := range yamlFiles {
		if pf := parsed[f]; pf != nil && len(pf.Datasources) == 0 {
			problems = append(problems, CheckProvisioning(rel(root, f), pf, cat)...)
		}
	}

	jsonFiles, err := findFiles(filepath.Join(root, "dashboards"), ".json")
	if err != nil {
		return append(problems, err.Error())
	}
	byFile := map[string]*Dashboard{}
	byUID := map[string]string{}
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
		if other, dup := byUID[d.UID]; dup && d.UID != "" {
			problems = append(problems, fmt.Sprintf("%s: uid %q is also the uid of %s", d.File, d.UID, other))
		}
		byUID[d.UID] = d.File
		byFile[filepath.Base(f)] = d
		cat.Dashboards[d.UID] = d
	}
	for _, f := range sortedKeys(byFile) {
		problems = append(problems, CheckDashboard(byFile[f], cat)...)
	}

	pluginJSON, err := os.ReadFile(filepath.Join(root, "plugin.json"))
	switch {
	case err == nil:
		problems = append(problems, CheckIncludes(pluginJSON, byFile)...)
	case !errors.Is(err, fs.ErrNotExist) || len(byFile) > 0:
		problems = append(problems, fmt.Sprintf("plugin.json: %v (the app must include the dashboards)", err))
	}

	ruleUIDs := map[string]string{}
	for _, f := range yamlFiles {
		if pf := parsed[f]; pf != nil {
			problems = append(problems, CheckAlertRules(rel(root, f), pf.Groups, cat, ruleUIDs)...)
		}
	}
	return problems
}

// findFiles lists files under dir with one of the extensions, sorted; a missing dir
// yields none.
func findFiles(dir string, exts ...string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return filepath.SkipDir
		}
		if err != nil {
			return err
		}
		for _, ext := range exts {
			if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ext) {
				out = append(out, p)
			}
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

func rel(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil {
		return filepath.ToSlash(r)
	}
	return p
}

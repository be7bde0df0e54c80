package dashboards

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// provisioningFile is the union of the provisioning file kinds we ship; each file
// uses one of the lists.
type provisioningFile struct {
	APIVersion  *int              `yaml:"apiVersion"`
	Datasources []datasourceEntry `yaml:"datasources"`
	Providers   []providerEntry   `yaml:"providers"`
	Apps        []appEntry        `yaml:"apps"`
	Groups      []ruleGroup       `yaml:"groups"`
	DeleteRules []struct {
		OrgID int    `yaml:"orgId"`
		UID   string `yaml:"uid"`
	} `yaml:"deleteRules"`
	ContactPoints []any `yaml:"contactPoints"`
	Policies      []any `yaml:"policies"`
	Templates     []any `yaml:"templates"`
	MuteTimes     []any `yaml:"muteTimes"`
}

type datasourceEntry struct {
	Name           string            `yaml:"name"`
	Type           string            `yaml:"type"`
	UID            string            `yaml:"uid"`
	Access         string            `yaml:"access"`
	JSONData       map[string]any    `yaml:"jsonData"`
	SecureJSONData map[string]string `yaml:"secureJsonData"`
}

type providerEntry struct {
	Name    string `yaml:"name"`
	Type    string `yaml:"type"`
	Options struct {
		Path string `yaml:"path"`
	} `yaml:"options"`
}

type appEntry struct {
	Type string `yaml:"type"`
}

// ParseProvisioning decodes a provisioning YAML file strictly: unknown keys at the
// top level are errors, because Grafana silently ignores a misspelt list.
func ParseProvisioning(file string, data []byte) (*provisioningFile, error) {
	var top map[string]any
	if err := yaml.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("%s: not valid YAML: %w", file, err)
	}
	known := map[string]bool{"apiVersion": true, "datasources": true, "deleteDatasources": true, "prune": true,
		"providers": true, "apps": true, "groups": true, "deleteRules": true, "contactPoints": true,
		"deleteContactPoints": true, "policies": true, "resetPolicies": true, "templates": true,
		"deleteTemplates": true, "muteTimes": true, "deleteMuteTimes": true}
	for k := range top {
		if !known[k] {
			return nil, fmt.Errorf("%s: unknown top-level key %q", file, k)
		}
	}
	var pf provisioningFile
	if err := yaml.Unmarshal(data, &pf); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return &pf, nil
}

// CheckProvisioning checks one provisioning file and records the datasource uids it
// provisions in cat (so call it for datasource files before checking dashboards).
func CheckProvisioning(file string, pf *provisioningFile, cat *Catalog) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, file+": "+fmt.Sprintf(format, args...)) }
	if pf.APIVersion == nil || *pf.APIVersion != 1 {
		add("apiVersion must be 1")
	}
	for i, ds := range pf.Datasources {
		where := fmt.Sprintf("datasources[%d] (%s)", i, ds.Name)
		if ds.Name == "" || ds.Type == "" {
			add("%s: name and type are required", where)
		}
		if !uidPattern.MatchString(ds.UID) {
			add("%s: uid %q must be a stable value (dashboards and alert rules refer to it)", where, ds.UID)
		} else if _, dup := cat.DatasourceUIDs[ds.UID]; dup {
			add("%s: uid %q is provisioned twice", where, ds.UID)
		} else {
			cat.DatasourceUIDs[ds.UID] = ds.Type
		}
		for key, value := range ds.JSONData {
			if s, ok := value.(string); ok && looksSecret(key) && s != "" {
				add("%s: jsonData.%s looks like a secret; put it in secureJsonData", where, key)
			}
		}
		for key, value := range ds.SecureJSONData {
			if value != "" && !strings.HasPrefix(value, "$") {
				add("%s: secureJsonData.%s is written in the file; read it from an environment variable ($VAR)", where, key)
			}
		}
	}
	for i, p := range pf.Providers {
		if p.Name == "" || p.Options.Path == "" {
			add("providers[%d]: name and options.path are required", i)
		}
		if p.Type != "" && p.Type != "file" {
			add("providers[%d]: type %q, want file", i, p.Type)
		}
	}
	for i, a := range pf.Apps {
		if a.Type != AppID {
			add("apps[%d]: type %q is not the bundle's app %s", i, a.Type, AppID)
		}
	}
	return out
}

func looksSecret(key string) bool {
	k := strings.ToLower(key)
	return strings.Contains(k, "password") || strings.Contains(k, "secret") || strings.Contains(k, "token") || strings.Contains(k, "apikey")
}

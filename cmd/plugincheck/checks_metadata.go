package main

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"sort"
	"strings"
)

const metadataDoc = "https://grafana.com/developers/plugin-tools/reference/plugin-json"

// nestedMetadataCheck mirrors the metadata and nestedmetadata analyzers: a root
// plugin.json exists and every plugin.json in the archive is valid JSON.
var nestedMetadataCheck = check{
	Name:    "nestedmetadata",
	Mirrors: "metadata, nestedmetadata",
	Needs:   needLayout,
	OK:      "every plugin.json parses",
	Run: func(b *bundle) []Result {
		var out []Result
		if b.file("plugin.json") == nil {
			out = append(out, errorf("missing-metadata", "missing plugin.json at the root of the plugin folder %s/", b.Base).withDetail(packagingDoc))
		}
		for _, p := range b.Plugins {
			if p.ParseErr != nil {
				out = append(out, errorf("invalid-metadata", "%s is not valid plugin.json: %v", p.Path, p.ParseErr).withDetail(metadataDoc))
			}
		}
		return out
	},
}

// Patterns and enumerations from Grafana's plugin.json schema
// (grafana/grafana docs/sources/developers/plugins/plugin.schema.json). The id
// pattern is narrowed to the three plugin types the catalog publishes for us.
var (
	pluginIDPattern   = regexp.MustCompile(`^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource)$`)
	updatedPattern    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	pluginTypes       = []string{"app", "datasource", "panel", "renderer", "secretsmanager", "transformer"}
	dependencyTypes   = []string{"app", "datasource", "panel", "secretsmanager"}
	categories        = []string{"tsdb", "logging", "cloud", "tracing", "profiling", "sql", "enterprise", "iot", "other"}
	includeTypes      = []string{"dashboard", "page", "panel", "datasource", "secretsmanager"}
	includeRoles      = []string{"Admin", "Editor", "Viewer", "None"}
	releaseStates     = []string{"alpha", "beta"}
	knownTopLevelKeys = []string{
		// from the schema
		"$schema", "id", "type", "name", "info", "dependencies", "alerting", "annotations", "autoEnabled",
		"backend", "builtIn", "category", "enterpriseFeatures", "executable", "hideFromList", "includes",
		"logs", "metrics", "pascalName", "preload", "queryOptions", "routes", "skipDataQuery", "state",
		"streaming", "tracing",
		// buildMode, which create-plugin's BuildModeWebpackPlugin (.config/webpack)
		// writes into dist, and fields newer than the schema copy we read
		// (grafana/grafana @021371ce); the latter list is unverified.
		"buildMode", "iam", "roles", "extensions", "languages", "aliasIDs", "multiValueFilterOperators",
	}
)

// metadataValidCheck mirrors the metadatavalid analyzer (JSON-schema validation of
// plugin.json) with the schema's rules written in Go, plus two of ours: placeholders
// must be replaced by the build and info.author.name is required.
var metadataValidCheck = check{
	Name:    "metadatavalid",
	Mirrors: "metadatavalid (plugin.schema.json)",
	Needs:   needLayout,
	OK:      "every plugin.json follows Grafana's plugin.json schema",
	Run: func(b *bundle) []Result {
		var out []Result
		for _, p := range b.Plugins {
			if p.M == nil {
				continue
			}
			for _, problem := range schemaProblems(p) {
				out = append(out, errorf("invalid-metadata", "%s: %s", p.Path, problem).withDetail(metadataDoc))
			}
			var unknown []string
			for k := range p.Top {
				if !slices.Contains(knownTopLevelKeys, k) {
					unknown = append(unknown, k)
				}
			}
			sort.Strings(unknown)
			if len(unknown) > 0 {
				// The schema sets additionalProperties to false, so plugin-validator's
				// metadatavalid rejects any other field as invalid-metadata.
				out = append(out, errorf("unknown-field", "%s: fields not in Grafana's plugin.json schema: %s; remove them", p.Path, strings.Join(unknown, ", ")).withDetail(metadataDoc))
			}
		}
		return out
	},
}

// schemaProblems lists every way p breaks the schema, as "field: problem".
func schemaProblems(p *plugin) []string {
	m := p.M
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	for _, key := range []string{"id", "type", "name", "info", "dependencies"} {
		if _, ok := p.Top[key]; !ok {
			add("%s: required field is missing", key)
		}
	}
	if !pluginIDPattern.MatchString(m.ID) {
		add("id: %q does not match %s (lower-case org, optional name, then app, panel or datasource)", m.ID, pluginIDPattern)
	}
	if !slices.Contains(pluginTypes, m.Type) {
		add("type: %q is not one of %s", m.Type, strings.Join(pluginTypes, ", "))
	}
	if strings.TrimSpace(m.Name) == "" {
		add("name: must not be empty")
	}
	if m.Category != "" && !slices.Contains(categories, m.Category) {
		add("category: %q is not one of %s", m.Category, strings.Join(categories, ", "))
	}
	if m.State != "" && !slices.Contains(releaseStates, m.State) {
		add("state: %q is not one of %s", m.State, strings.Join(releaseStates, ", "))
	}

	for _, key := range []string{"logos", "version", "updated", "keywords"} {
		if _, ok := p.Info[key]; !ok {
			add("info.%s: required field is missing", key)
		}
	}
	if _, ok := p.Info["keywords"]; ok && len(m.Info.Keywords) == 0 {
		add("info.keywords: must list at least one keyword")
	}
	switch v := m.Info.Version; {
	case v == "%VERSION%":
		add("info.version: the %%VERSION%% placeholder was not replaced: package the built dist/, not src/")
	case !isSemver(v):
		add("info.version: %q is not a semantic version such as 1.2.3", v)
	}
	switch u := m.Info.Updated; {
	case u == "%TODAY%":
		add("info.updated: the %%TODAY%% placeholder was not replaced: package the built dist/, not src/")
	case !updatedPattern.MatchString(u):
		add("info.updated: %q is not a date such as 2026-11-25", u)
	}
	if strings.TrimSpace(m.Info.Author.Name) == "" {
		add("info.author.name: must name the author (shown in the plugin catalog)")
	}
	if m.Info.Author.Email != "" {
		if _, err := mail.ParseAddress(m.Info.Author.Email); err != nil {
			add("info.author.email: %q is not an e-mail address", m.Info.Author.Email)
		}
	}
	if m.Info.Author.URL != "" && !isAbsoluteURL(m.Info.Author.URL) {
		add("info.author.url: %q is not an absolute URL", m.Info.Author.URL)
	}
	for i, l := range m.Info.Links {
		if !isAbsoluteURL(l.URL) {
			add("info.links[%d].url: %q is not an absolute URL", i, l.URL)
		}
	}

	for i, inc := range m.Includes {
		if !slices.Contains(includeTypes, inc.Type) {
			add("includes[%d].type: %q is not one of %s", i, inc.Type, strings.Join(includeTypes, ", "))
		}
		if inc.Role != "" && !slices.Contains(includeRoles, inc.Role) {
			add("includes[%d].role: %q is not one of %s", i, inc.Role, strings.Join(includeRoles, ", "))
		}
	}

	if raw, ok := p.Top["dependencies"]; ok {
		var deps map[string]json.RawMessage
		if json.Unmarshal(raw, &deps) == nil {
			if _, ok := deps["grafanaDependency"]; !ok {
				add("dependencies.grafanaDependency: required field is missing")
			}
		}
	}
	for i, d := range m.Dependencies.Plugins {
		if d.ID == "" || d.Name == "" || d.Type == "" || d.Version == "" {
			add("dependencies.plugins[%d]: id, name, type and version are all required", i)
		}
		if d.Type != "" && !slices.Contains(dependencyTypes, d.Type) {
			add("dependencies.plugins[%d].type: %q is not one of %s", i, d.Type, strings.Join(dependencyTypes, ", "))
		}
	}
	return out
}

// typeSuffixCheck mirrors the typesuffix analyzer: the id ends with the plugin type.
var typeSuffixCheck = check{
	Name:    "typesuffix",
	Mirrors: "typesuffix",
	Needs:   needLayout,
	OK:      "every plugin id ends with its type",
	Run: func(b *bundle) []Result {
		var out []Result
		for _, p := range b.Plugins {
			if p.M == nil || p.M.Type == "" {
				continue
			}
			parts := strings.Split(p.M.ID, "-")
			if parts[len(parts)-1] != p.M.Type {
				out = append(out, errorf("plugin-type-suffix", "%s: id %q should end with its type %q, e.g. myorg-name-%s", p.Path, p.M.ID, p.M.Type, p.M.Type))
			}
		}
		return out
	},
}

// pluginNameCheck mirrors the pluginname analyzer: a human name distinct from the id,
// and an id of the form org-name-type.
var pluginNameCheck = check{
	Name:    "pluginname",
	Mirrors: "pluginname",
	Needs:   needLayout,
	OK:      "names are human-friendly and ids follow org-name-type",
	Run: func(b *bundle) []Result {
		var out []Result
		for _, p := range b.Plugins {
			if p.M == nil {
				continue
			}
			if p.M.ID != "" && p.M.ID == p.M.Name {
				out = append(out, errorf("human-friendly-name", "%s: name %q equals the id; give it a name people can read", p.Path, p.M.Name))
			}
			if len(strings.Split(p.M.ID, "-")) < 3 {
				out = append(out, warnf("invalid-id-format", "%s: id %q should have the form org-name-type", p.Path, p.M.ID))
			}
		}
		return out
	},
}

// grafanaDependencyCheck mirrors the grafanadependency analyzer and the schema's
// pattern for dependencies.grafanaDependency.
var grafanaDependencyCheck = check{
	Name:    "grafanadependency",
	Mirrors: "grafanadependency",
	Needs:   needLayout,
	OK:      "dependencies.grafanaDependency is a valid version range",
	Run: func(b *bundle) []Result {
		var out []Result
		for _, p := range b.Plugins {
			if p.M == nil {
				continue
			}
			dep := p.M.Dependencies.GrafanaDependency
			if err := parseConstraint(dep); err != nil {
				out = append(out, errorf("invalid-grafana-dependency", "%s: dependencies.grafanaDependency %q is not a valid version range: %v; use e.g. \">=11.6.0\"", p.Path, dep, err))
			}
		}
		return out
	},
}

var (
	patchOnlyDependency  = regexp.MustCompile(`^[0-9]+\.[0-9]+\.x$`)
	singleDependency     = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`)
	restrictiveDepDetail = "a plugin should state the oldest Grafana it supports with >=, e.g. \">=11.6.0\""
)

// restrictiveDepCheck mirrors the restrictivedep analyzer: warn about ranges that pin
// one Grafana release or one minor line.
var restrictiveDepCheck = check{
	Name:    "restrictivedep",
	Mirrors: "restrictivedep",
	Needs:   needLayout,
	OK:      "grafanaDependency does not pin a single release",
	Run: func(b *bundle) []Result {
		var out []Result
		for _, p := range b.Plugins {
			if p.M == nil {
				continue
			}
			dep := p.M.Dependencies.GrafanaDependency
			switch {
			case patchOnlyDependency.MatchString(dep):
				out = append(out, warnf("depends-on-patch-releases", "%s: grafanaDependency %q only targets patch releases of Grafana %s", p.Path, dep, strings.TrimSuffix(dep, ".x")).withDetail(restrictiveDepDetail))
			case singleDependency.MatchString(dep):
				out = append(out, warnf("depends-on-single-release", "%s: grafanaDependency %q only targets Grafana %s", p.Path, dep, dep).withDetail(restrictiveDepDetail))
			}
		}
		return out
	},
}

// discoverabilityCheck mirrors the discoverability analyzer.
var discoverabilityCheck = check{
	Name:    "discoverability",
	Mirrors: "discoverability",
	Needs:   needRoot,
	OK:      "description and keywords are set",
	Run: func(b *bundle) []Result {
		m := b.root().M
		var out []Result
		if strings.TrimSpace(m.Info.Description) == "" {
			out = append(out, warnf("empty-description", "plugin.json: info.description is empty; it is shown in the catalog and used for search"))
		}
		if len(m.Info.Keywords) == 0 {
			out = append(out, warnf("empty-keywords", "plugin.json: info.keywords is empty"))
		}
		return out
	},
}

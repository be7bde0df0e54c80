package main

import (
	"encoding/json"
	"path"
	"sort"
	"strings"
)

// plugin is one plugin.json found in the archive: the root app or a nested plugin.
type plugin struct {
	Path     string // relative to the plugin folder: "plugin.json", "datasource/plugin.json"
	Dir      string // folder of Path: "." for the root plugin
	M        *manifest
	Top      map[string]json.RawMessage // top-level keys, for schema checks
	Info     map[string]json.RawMessage // keys of "info"
	ParseErr error
}

// isRoot reports whether p is the plugin at the archive's plugin folder root.
func (p *plugin) isRoot() bool { return p.Path == "plugin.json" }

// bundle is the archive seen as a plugin: Base is the folder holding the plugin files
// ("<id>/" normally, "<id>/dist/" for the legacy layout, "" when the layout is broken).
type bundle struct {
	zip     *archive
	Base    string
	Plugins []*plugin // sorted by path, root first
	// sidecars are the checksum files found beside the zip, by extension.
	sidecars map[string][]byte
}

// rel returns name relative to the plugin folder, and false if it lies outside it.
func (b *bundle) rel(name string) (string, bool) {
	if b.Base == "" {
		return "", false
	}
	if !strings.HasPrefix(name, b.Base+"/") {
		return "", false
	}
	return strings.TrimPrefix(name, b.Base+"/"), true
}

// file returns the entry at rel (relative to the plugin folder) or nil.
func (b *bundle) file(rel string) *entry {
	if b.Base == "" {
		return nil
	}
	return b.zip.file(path.Join(b.Base, rel))
}

// files calls fn for every file under the plugin folder with its relative name.
func (b *bundle) files(fn func(rel string, e *entry)) {
	for _, e := range b.zip.Entries {
		if rel, ok := b.rel(e.Name); ok {
			fn(rel, e)
		}
	}
}

// root returns the root plugin, or nil when it is missing or unreadable.
func (b *bundle) root() *plugin {
	if len(b.Plugins) > 0 && b.Plugins[0].isRoot() && b.Plugins[0].M != nil {
		return b.Plugins[0]
	}
	return nil
}

// ownerOf returns the plugin whose folder most closely contains rel: a file in
// datasource/ belongs to the datasource, not to the app around it.
func (b *bundle) ownerOf(rel string) *plugin {
	var best *plugin
	bestLen := -1
	for _, p := range b.Plugins {
		depth := 0
		if p.Dir != "." {
			if !strings.HasPrefix(rel, p.Dir+"/") {
				continue
			}
			depth = len(p.Dir)
		}
		if depth > bestLen {
			best, bestLen = p, depth
		}
	}
	return best
}

// loadPlugins finds and decodes every plugin.json under the plugin folder, like
// plugin-validator's nestedmetadata analyzer (a glob of **/plugin.json).
func (b *bundle) loadPlugins() {
	b.files(func(rel string, e *entry) {
		if path.Base(rel) != "plugin.json" {
			return
		}
		p := &plugin{Path: rel, Dir: path.Dir(rel)}
		p.M, p.Top, p.Info, p.ParseErr = parseManifest(e.Data)
		b.Plugins = append(b.Plugins, p)
	})
	sort.SliceStable(b.Plugins, func(i, j int) bool {
		if b.Plugins[i].isRoot() != b.Plugins[j].isRoot() {
			return b.Plugins[i].isRoot()
		}
		return b.Plugins[i].Path < b.Plugins[j].Path
	})
}

package main

import (
	"net/url"
	"regexp"
	"strings"
)

// isAbsoluteURL reports whether s is an http(s) URL with a host, the only kind the
// catalog can link to.
func isAbsoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// placeholderLinkHosts and placeholderLinkPaths are what scaffolds and examples put
// in info.links before a plugin has its own pages (create-plugin's older templates
// linked the grafana-starter-* repositories).
var (
	placeholderLinkHosts = []string{"example.com", "example.org", "example.net", "localhost", "127.0.0.1"}
	placeholderLinkPaths = []string{"github.com/grafana/grafana-starter-", "github.com/grafana/plugin-tools", "github.com/grafana/grafana-plugin-examples", "github.com/your-org", "github.com/myorg"}
	markdownLink         = regexp.MustCompile(`\[[^\]]+\]\(([^)\s]+)[^)]*\)`)
)

// linksCheck covers the offline part of the brokenlinks analyzer (README links must be
// absolute; the real one also fetches every URL, which needs the network) and our own
// rule that plugin.json links are real http(s) URLs, not scaffold placeholders.
var linksCheck = check{
	Name:    "links",
	Mirrors: "brokenlinks (offline part) + xenbench",
	Needs:   needLayout,
	OK:      "plugin.json and README links are absolute and not placeholders",
	Run: func(b *bundle) []Result {
		var out []Result
		for _, p := range b.Plugins {
			if p.M == nil {
				continue
			}
			urls := []string{}
			if p.M.Info.Author.URL != "" {
				urls = append(urls, p.M.Info.Author.URL)
			}
			for _, l := range p.M.Info.Links {
				if strings.TrimSpace(l.Name) == "" {
					out = append(out, errorf("link-name", "%s: the link to %q has no name to show", p.Path, l.URL))
				}
				urls = append(urls, l.URL)
			}
			for _, u := range urls {
				switch {
				case !isAbsoluteURL(u):
					out = append(out, errorf("invalid-link", "%s: %q is not an absolute http(s) URL", p.Path, u))
				case isPlaceholderLink(u):
					out = append(out, errorf("placeholder-link", "%s: %q is a scaffold or example link; point it at this plugin's own pages", p.Path, u))
				}
			}
		}
		if readme := b.file("README.md"); readme != nil {
			for _, m := range markdownLink.FindAllStringSubmatch(string(readme.Data), -1) {
				target := m[1]
				if strings.HasPrefix(target, "#") || strings.HasPrefix(target, "mailto:") || isAbsoluteURL(target) {
					continue
				}
				out = append(out, errorf("relative-link", "README.md: convert the relative link %q to an absolute https:// URL; relative links break in the plugin catalog", target))
			}
		}
		return out
	},
}

func isPlaceholderLink(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, h := range placeholderLinkHosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	hostPath := host + strings.ToLower(u.EscapedPath())
	for _, p := range placeholderLinkPaths {
		if strings.HasPrefix(hostPath, p) {
			return true
		}
	}
	return false
}

// minReadmeWords is the least a README can say and still tell a user what the plugin
// does and how to set it up (xenbench rule; the real readme analyzer only rejects an
// empty file).
const minReadmeWords = 40

var readmeComment = regexp.MustCompile(`(?s)<!--.*?-->`)

// readmeCheck mirrors the readme analyzer and adds a minimum length.
var readmeCheck = check{
	Name:    "readme",
	Mirrors: "readme",
	Needs:   needLayout,
	OK:      "README.md exists and says enough",
	Run: func(b *bundle) []Result {
		e := b.file("README.md")
		if e == nil {
			return []Result{errorf("missing-readme", "missing README.md; the plugin catalog shows it as the plugin's page")}
		}
		text := string(e.Data)
		if strings.TrimSpace(text) == "" {
			return []Result{errorf("missing-readme", "README.md is empty")}
		}
		var out []Result
		if words := len(strings.Fields(readmeComment.ReplaceAllString(text, ""))); words < minReadmeWords {
			out = append(out, errorf("readme-too-short", "README.md has %d words; describe what the plugin does, its requirements and its setup (at least %d words)", words, minReadmeWords))
		}
		if readmeComment.MatchString(text) {
			out = append(out, warnf("readme-comment", "README.md contains HTML comments, which the catalog shows as text"))
		}
		return out
	},
}

// templateReadme matches the heading create-plugin's README template starts with.
var templateReadme = regexp.MustCompile(`(?i)Grafana (panel|data ?source|app|data source backend) plugin template`)

// templateReadmeCheck mirrors the templatereadme analyzer.
var templateReadmeCheck = check{
	Name:    "templatereadme",
	Mirrors: "templatereadme",
	Needs:   needLayout,
	OK:      "README.md is not create-plugin's template",
	Run: func(b *bundle) []Result {
		if e := b.file("README.md"); e != nil && templateReadme.Match(e.Data) {
			return []Result{errorf("template-readme", "README.md still is create-plugin's template; describe this plugin instead")}
		}
		return nil
	},
}

// jargonWords are the words the jargon analyzer flags: developer set-up belongs in a
// separate file, not on the catalog page.
var jargonWords = []string{"yarn", "nodejs"}

// jargonCheck mirrors the jargon analyzer.
var jargonCheck = check{
	Name:    "jargon",
	Mirrors: "jargon",
	Needs:   needLayout,
	OK:      "README.md has no developer jargon",
	Run: func(b *bundle) []Result {
		e := b.file("README.md")
		if e == nil {
			return nil
		}
		var found []string
		for _, w := range jargonWords {
			if strings.Contains(string(e.Data), w) {
				found = append(found, w)
			}
		}
		if len(found) > 0 {
			return []Result{warnf("developer-jargon", "README.md contains developer jargon (%s); move development notes to another file", strings.Join(found, ", "))}
		}
		return nil
	},
}

// changelogCheck mirrors the changelog analyzer (a warning there, so here too).
var changelogCheck = check{
	Name:    "changelog",
	Mirrors: "changelog",
	Needs:   needLayout,
	OK:      "CHANGELOG.md exists and is not empty",
	Run: func(b *bundle) []Result {
		e := b.file("CHANGELOG.md")
		switch {
		case e == nil:
			return []Result{warnf("missing-changelog", "missing CHANGELOG.md")}
		case strings.TrimSpace(string(e.Data)) == "":
			return []Result{warnf("missing-changelog", "CHANGELOG.md is empty")}
		}
		return nil
	},
}

// licenseMarkers recognise the licenses Grafana's catalog accepts (the license
// analyzer's list: BSD, MIT, Apache-2.0, LGPL-3, GPL-3, AGPL-3). The real analyzer
// classifies the text with a license database; we look for each license's own
// wording, which is enough to tell them from a missing or foreign license.
var licenseMarkers = []struct {
	Name    string
	Phrases []string
}{
	{"Apache-2.0", []string{"Apache License", "Version 2.0"}},
	{"MIT", []string{"Permission is hereby granted, free of charge"}},
	{"BSD", []string{"Redistribution and use in source and binary forms"}},
	{"AGPL-3.0", []string{"GNU AFFERO GENERAL PUBLIC LICENSE", "Version 3"}},
	{"LGPL-3.0", []string{"GNU LESSER GENERAL PUBLIC LICENSE", "Version 3"}},
	{"GPL-3.0", []string{"GNU GENERAL PUBLIC LICENSE", "Version 3"}},
}

// licenseCheck mirrors the license analyzer.
var licenseCheck = check{
	Name:    "license",
	Mirrors: "license",
	Needs:   needLayout,
	OK:      "LICENSE is an accepted open-source license",
	Run: func(b *bundle) []Result {
		e := b.file("LICENSE")
		if e == nil {
			return []Result{errorf("license-not-provided", "LICENSE file not found in the plugin folder")}
		}
		text := string(e.Data)
		if licenseName(text) == "" {
			return []Result{errorf("license-not-valid", "LICENSE is not one of the licenses the catalog accepts (Apache-2.0, MIT, BSD, GPL-3.0, LGPL-3.0, AGPL-3.0)").withDetail("https://grafana.com/licensing/")}
		}
		if strings.Contains(text, "{name of copyright owner}") || strings.Contains(text, "{yyyy}") {
			return []Result{warnf("license-with-generic-text", "LICENSE still contains {name of copyright owner} or {yyyy} from the license template")}
		}
		return nil
	},
}

// licenseName returns the accepted license text matches, or "".
func licenseName(text string) string {
	for _, l := range licenseMarkers {
		all := true
		for _, p := range l.Phrases {
			if !strings.Contains(text, p) {
				all = false
				break
			}
		}
		if all {
			return l.Name
		}
	}
	return ""
}

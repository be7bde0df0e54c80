package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoodBundlePasses is the passing case of every rule: the synthetic bundle gets
// OK from every check except the unsigned-plugin warning (we do not sign in tests).
func TestGoodBundlePasses(t *testing.T) {
	rep := packageAndValidate(t, goodDist(t))
	if rep.ID != "acme-example-app" || rep.Version != "1.2.3" {
		t.Errorf("report id/version = %q/%q", rep.ID, rep.Version)
	}
	for _, c := range checks {
		got := findings(rep, c.Name)
		if c.Name == "manifest" {
			if len(got) != 1 || got[0].Rule != "unsigned-plugin" || got[0].Severity != Warning {
				t.Errorf("manifest: want only the unsigned-plugin warning, got %+v", got)
			}
			continue
		}
		if len(got) > 0 {
			t.Errorf("check %s failed on the good bundle: %+v", c.Name, got)
		}
	}
	if rep.Failed(false) {
		t.Errorf("good bundle failed:\n%s", dumpReport(rep))
	}
	if !rep.Failed(true) {
		t.Error("strict mode must fail on the unsigned-plugin warning")
	}
}

// TestRulesFail is the failing case of every rule: each case breaks the good bundle
// in one way and expects exactly that rule to fire.
func TestRulesFail(t *testing.T) {
	root := func(d string) string { return filepath.Join(d, "plugin.json") }
	ds := func(d string) string { return filepath.Join(d, "datasource", "plugin.json") }
	pn := func(d string) string { return filepath.Join(d, "panel", "plugin.json") }
	set := func(file func(string) string, fn func(m map[string]any)) func(t *testing.T, d string) {
		return func(t *testing.T, d string) { editJSON(t, file(d), fn) }
	}
	remove := func(rel string) func(t *testing.T, d string) {
		return func(t *testing.T, d string) {
			if err := os.Remove(filepath.Join(d, rel)); err != nil {
				t.Fatal(err)
			}
		}
	}
	write := func(rel, content string) func(t *testing.T, d string) {
		return func(t *testing.T, d string) { writeFile(t, filepath.Join(d, rel), []byte(content), 0o644) }
	}
	exe := func(platform string) string {
		return filepath.Join("datasource", binaryFileName("gpx_example", platform))
	}

	cases := []struct {
		name   string
		mutate func(t *testing.T, dist string)
		check  string
		rule   string
		sev    Severity
	}{
		{"nested plugin.json not JSON", write("panel/plugin.json", "{not json"), "nestedmetadata", "invalid-metadata", Error},
		{"id pattern", set(pn, func(m map[string]any) { m["id"] = "Acme_Example-panel" }), "metadatavalid", "invalid-metadata", Error},
		{"type enum", set(pn, func(m map[string]any) { m["type"] = "widget" }), "metadatavalid", "invalid-metadata", Error},
		{"name missing", set(ds, func(m map[string]any) { delete(m, "name") }), "metadatavalid", "invalid-metadata", Error},
		{"keywords empty", set(root, func(m map[string]any) { info(m)["keywords"] = []any{} }), "metadatavalid", "invalid-metadata", Error},
		{"version placeholder", set(ds, func(m map[string]any) { info(m)["version"] = "%VERSION%" }), "metadatavalid", "invalid-metadata", Error},
		{"version not semver", set(pn, func(m map[string]any) { info(m)["version"] = "1.2" }), "metadatavalid", "invalid-metadata", Error},
		{"updated placeholder", set(pn, func(m map[string]any) { info(m)["updated"] = "%TODAY%" }), "metadatavalid", "invalid-metadata", Error},
		{"author name missing", set(ds, func(m map[string]any) { info(m)["author"] = map[string]any{} }), "metadatavalid", "invalid-metadata", Error},
		{"logos missing", set(pn, func(m map[string]any) { delete(info(m), "logos") }), "metadatavalid", "invalid-metadata", Error},
		{"dependencies missing", set(pn, func(m map[string]any) { delete(m, "dependencies") }), "metadatavalid", "invalid-metadata", Error},
		{"category enum", set(ds, func(m map[string]any) { m["category"] = "virtualization" }), "metadatavalid", "invalid-metadata", Error},
		{"include role enum", set(root, func(m map[string]any) {
			m["includes"].([]any)[0].(map[string]any)["role"] = "Owner"
		}), "metadatavalid", "invalid-metadata", Error},
		{"unknown field", set(ds, func(m map[string]any) { m["backendd"] = true }), "metadatavalid", "unknown-field", Error},
		{"$comment field", set(root, func(m map[string]any) { m["$comment"] = "generated" }), "metadatavalid", "unknown-field", Error},
		{"type suffix", set(pn, func(m map[string]any) { m["id"] = "acme-example-datasource" }), "typesuffix", "plugin-type-suffix", Error},
		{"name equals id", set(pn, func(m map[string]any) { m["name"] = "acme-example-panel" }), "pluginname", "human-friendly-name", Error},
		{"id with two parts", set(pn, func(m map[string]any) { m["id"] = "acme-panel" }), "pluginname", "invalid-id-format", Warning},
		{"grafanaDependency invalid", set(ds, func(m map[string]any) { m["dependencies"] = map[string]any{"grafanaDependency": "eleven or newer"} }), "grafanadependency", "invalid-grafana-dependency", Error},
		{"grafanaDependency empty", set(root, func(m map[string]any) { m["dependencies"] = map[string]any{"grafanaDependency": ""} }), "grafanadependency", "invalid-grafana-dependency", Error},
		{"grafanaDependency pins patch line", set(pn, func(m map[string]any) { m["dependencies"] = map[string]any{"grafanaDependency": "11.6.x"} }), "restrictivedep", "depends-on-patch-releases", Warning},
		{"grafanaDependency pins release", set(pn, func(m map[string]any) { m["dependencies"] = map[string]any{"grafanaDependency": "11.6.0"} }), "restrictivedep", "depends-on-single-release", Warning},
		{"nested plugin not declared", set(root, func(m map[string]any) {
			m["includes"] = m["includes"].([]any)[:2] // drops the panel and dashboard
		}), "includesnested", "nested-plugins-not-declared", Error},
		{"nested plugin without type", set(root, func(m map[string]any) {
			m["includes"].([]any)[2].(map[string]any)["type"] = ""
		}), "includesnested", "nested-plugin-missing-type", Error},
		{"nested plugin type mismatch", set(root, func(m map[string]any) {
			m["includes"].([]any)[2].(map[string]any)["type"] = "datasource"
		}), "includesnested", "nested-plugin-type-missmatch", Error},
		{"include path missing", set(root, func(m map[string]any) {
			m["includes"] = append(m["includes"].([]any), map[string]any{"type": "panel", "name": "Gone", "path": "gone/plugin.json"})
		}), "includesnested", "include-path-missing", Error},
		{"dashboard include missing", remove("dashboards/overview.json"), "includesnested", "dashboard-include-missing", Error},
		{"dashboard include not a dashboard", write("dashboards/overview.json", `{"panels": []}`), "includesnested", "dashboard-include-invalid", Error},
		{"logo empty", set(ds, func(m map[string]any) { info(m)["logos"] = map[string]any{"small": "", "large": "img/logo.svg"} }), "logos", "logos", Error},
		{"logo file missing", remove("panel/img/logo.svg"), "metadatapaths", "path-not-exists", Error},
		{"logo is a URL", set(pn, func(m map[string]any) {
			info(m)["logos"] = map[string]any{"small": "https://acme.test/logo.svg", "large": "img/logo.svg"}
		}), "metadatapaths", "path-relative-to-metadata", Error},
		{"logo path starts with ./", set(pn, func(m map[string]any) {
			info(m)["logos"] = map[string]any{"small": "./img/logo.svg", "large": "img/logo.svg"}
		}), "metadatapaths", "invalid-relative-path", Error},
		{"svg with script", write("img/logo.svg", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "unsafesvg", "unsafe-svg-file", Error},
		{"svg with onload", write("panel/img/logo.svg", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "unsafesvg", "unsafe-svg-file", Error},
		{"link not absolute", set(root, func(m map[string]any) {
			info(m)["links"] = []any{map[string]any{"name": "Docs", "url": "docs/index.html"}}
		}), "links", "invalid-link", Error},
		{"scaffold link", set(root, func(m map[string]any) {
			info(m)["links"] = []any{map[string]any{"name": "Website", "url": "https://github.com/grafana/grafana-starter-app"}}
		}), "links", "placeholder-link", Error},
		{"link without name", set(root, func(m map[string]any) {
			info(m)["links"] = []any{map[string]any{"url": "https://github.com/acme/example"}}
		}), "links", "link-name", Error},
		{"README relative link", write("README.md", strings.Repeat("word ", 50)+"\n[setup](docs/setup.md)\n"), "links", "relative-link", Error},
		{"README missing", remove("README.md"), "readme", "missing-readme", Error},
		{"README empty", write("README.md", "  \n"), "readme", "missing-readme", Error},
		{"README too short", write("README.md", "# Example\n\nA plugin.\n"), "readme", "readme-too-short", Error},
		{"README comment", write("README.md", strings.Repeat("word ", 50)+"<!-- todo -->\n"), "readme", "readme-comment", Warning},
		{"README template", write("README.md", "# Grafana App Plugin Template\n"+strings.Repeat("word ", 50)), "templatereadme", "template-readme", Error},
		{"README jargon", write("README.md", strings.Repeat("word ", 50)+"Run yarn install.\n"), "jargon", "developer-jargon", Warning},
		{"CHANGELOG missing", remove("CHANGELOG.md"), "changelog", "missing-changelog", Warning},
		{"LICENSE missing", remove("LICENSE"), "license", "license-not-provided", Error},
		{"LICENSE foreign", write("LICENSE", "All rights reserved. Do not copy.\n"), "license", "license-not-valid", Error},
		{"LICENSE template text", write("LICENSE", "Apache License\nVersion 2.0\nCopyright {yyyy} {name of copyright owner}\n"), "license", "license-with-generic-text", Warning},
		{"module.js missing", remove("panel/module.js"), "modulejs", "missing-modulejs", Error},
		{"source map missing", remove("datasource/module.js.map"), "jsMap", "js-map-not-found", Error},
		{"source map invalid", write("module.js.map", `{"version":2,"sources":[]}`), "jsMap", "js-map-invalid", Error},
		{"tracking script", write("panel/module.js", `var s="https://www.google-analytics.com/analytics.js";`), "trackingscripts", "tracking-scripts", Error},
		{"angular", write("module.js", `define(["app/plugins/sdk"],function(s){class C extends s.PanelCtrl{}})`), "legacyplatform", "legacy-platform", Error},
		{"alerting without backend", set(ds, func(m map[string]any) { m["backend"] = false; delete(m, "executable") }), "backendbinary", "alerting-found-but-backend-false", Error},
		{"executable without backend", set(ds, func(m map[string]any) { m["backend"] = false; m["alerting"] = false }), "backendbinary", "backend-found-but-not-declared", Error},
		{"backend without executable", set(ds, func(m map[string]any) { delete(m, "executable") }), "backendbinary", "backend-binary-mission", Error},
		{"no binaries at all", func(t *testing.T, d string) {
			for _, p := range requiredPlatforms {
				remove(exe(p))(t, d)
			}
		}, "backendbinary", "backend-binary-mission", Error},
		{"one platform missing", remove(exe("darwin_arm64")), "backendbinary", "binary-platform-missing", Error},
		{"linux amd64 missing", remove(exe("linux_amd64")), "backendbinary", "backend-binary-not-linux-amd64", Error},
		{"binary for the wrong platform", func(t *testing.T, d string) {
			writeFile(t, filepath.Join(d, exe("linux_arm64")), fakeBinary(t, "linux_amd64"), 0o755)
		}, "backendbinary", "binary-platform-mismatch", Error},
		{"binary is not an executable", write(exe("darwin_arm64"), "#!/bin/sh\necho hi\n"), "backendbinary", "binary-platform-mismatch", Error},
		{"binary in a frontend plugin", func(t *testing.T, d string) {
			writeFile(t, filepath.Join(d, "panel", "gpx_panel_linux_amd64"), fakeBinary(t, "linux_amd64"), 0o755)
		}, "backendbinary", "binary-in-frontend-plugin", Error},
		{"description empty", set(root, func(m map[string]any) { info(m)["description"] = "" }), "discoverability", "empty-description", Warning},
		{"no screenshots", set(root, func(m map[string]any) { info(m)["screenshots"] = []any{} }), "screenshots", "screenshots", Warning},
		{"screenshot not an image", write("img/screenshot.png", "this is text, not a PNG"), "screenshots", "screenshots-image-type", Error},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dist := goodDist(t)
			tc.mutate(t, dist)
			rep := packageAndValidate(t, dist)
			if !hasFinding(rep, tc.check, tc.rule, tc.sev) {
				t.Errorf("want %s %s/%s, got:\n%s", tc.sev, tc.check, tc.rule, dumpReport(rep))
			}
		})
	}
}

// TestRawArchiveRules covers layouts and permissions Package never produces, with
// zips built by hand.
func TestRawArchiveRules(t *testing.T) {
	good := func(t *testing.T) []rawEntry { return entriesOf(t, goodDist(t), "acme-example-app") }
	cases := []struct {
		name    string
		entries func(t *testing.T) []rawEntry
		check   string
		rule    string
	}{
		{"empty", func(t *testing.T) []rawEntry { return nil }, "archive", "empty-archive"},
		{"two folders", func(t *testing.T) []rawEntry {
			return append(good(t), rawEntry{Name: "other/README.md", Data: []byte("x")})
		}, "archive", "more-than-one-dir"},
		{"file at root", func(t *testing.T) []rawEntry {
			return []rawEntry{{Name: "plugin.json", Data: []byte("{}")}}
		}, "archive", "no-root-dir"},
		{"dist subfolder", func(t *testing.T) []rawEntry { return entriesOf(t, goodDist(t), "acme-example-app/dist") }, "archive", "dist"},
		{"root folder not the id", func(t *testing.T) []rawEntry { return entriesOf(t, goodDist(t), "dist") }, "archivename", "no-ident-root-dir"},
		{"zip slip folder", func(t *testing.T) []rawEntry {
			return append(good(t), rawEntry{Name: "acme-example-app/../up/", Mode: 0o755})
		}, "archivefiles", "unsafe-path"},
		{"zip slip", func(t *testing.T) []rawEntry {
			return append(good(t), rawEntry{Name: "acme-example-app/../../etc/passwd", Data: []byte("x")})
		}, "archivefiles", "unsafe-path"},
		{"symlink", func(t *testing.T) []rawEntry {
			return append(good(t), rawEntry{Name: "acme-example-app/link", Data: []byte("/etc/passwd"), Symlink: true})
		}, "archivefiles", "symlink"},
		{".DS_Store", func(t *testing.T) []rawEntry {
			return append(good(t), rawEntry{Name: "acme-example-app/img/.DS_Store", Data: []byte("x")})
		}, "archivefiles", "forbidden-file"},
		{"node_modules", func(t *testing.T) []rawEntry {
			return append(good(t), rawEntry{Name: "acme-example-app/node_modules/x/index.js", Data: []byte("x")})
		}, "archivefiles", "forbidden-file"},
		{"binary not executable", func(t *testing.T) []rawEntry {
			entries := good(t)
			for i := range entries {
				if strings.HasSuffix(entries[i].Name, "_linux_arm64") {
					entries[i].Mode = 0o644
				}
			}
			return entries
		}, "binarypermissions", "binary-executable-permissions"},
		{"missing root plugin.json", func(t *testing.T) []rawEntry {
			var out []rawEntry
			for _, e := range good(t) {
				if e.Name != "acme-example-app/plugin.json" {
					out = append(out, e)
				}
			}
			return out
		}, "nestedmetadata", "missing-metadata"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := ValidateZip(buildZip(t, tc.entries(t)))
			if err != nil {
				t.Fatal(err)
			}
			if !hasFinding(rep, tc.check, tc.rule, Error) {
				t.Errorf("want error %s/%s, got:\n%s", tc.check, tc.rule, dumpReport(rep))
			}
		})
	}
}

// TestLargeZipWarns checks the size warning without writing 100 MB: the rule reads
// the archive's recorded size.
func TestLargeZipWarns(t *testing.T) {
	a := &archive{Path: "big.zip", Size: zipSizeWarning + 1, dirs: map[string]bool{}, byName: map[string]*entry{}}
	if got := archiveFilesCheck.Run(&bundle{zip: a}); len(got) != 1 || got[0].Rule != "archive-size" || got[0].Severity != Warning {
		t.Errorf("want one archive-size warning, got %+v", got)
	}
	a.Size = zipSizeWarning
	if got := archiveFilesCheck.Run(&bundle{zip: a}); len(got) != 0 {
		t.Errorf("at the limit: want no finding, got %+v", got)
	}
}

func TestChecksumSidecars(t *testing.T) {
	res, err := Package(goodDist(t), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ValidateZip(res.ZipPath)
	if err != nil {
		t.Fatal(err)
	}
	if f := findings(rep, "checksum"); len(f) != 0 {
		t.Fatalf("fresh checksums rejected: %+v", f)
	}
	writeFile(t, res.ZipPath+".md5", []byte("0123456789abcdef0123456789abcdef  x.zip\n"), 0o644)
	rep, err = ValidateZip(res.ZipPath)
	if err != nil {
		t.Fatal(err)
	}
	if !hasFinding(rep, "checksum", "checksum-mismatch", Error) {
		t.Errorf("stale md5 not reported:\n%s", dumpReport(rep))
	}
}

func TestSkippedChecksDoNotPass(t *testing.T) {
	rep, err := ValidateZip(buildZip(t, []rawEntry{{Name: "a/x.txt", Data: []byte("x")}, {Name: "b/y.txt", Data: []byte("y")}}))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Count(Skipped) == 0 || !rep.Failed(false) {
		t.Errorf("a broken layout must fail and skip the dependent checks:\n%s", dumpReport(rep))
	}
	for _, r := range rep.Results {
		// archivefiles and checksum look at the zip as a whole, not at the plugin.
		if r.Severity == OK && r.Check != "checksum" && r.Check != "archivefiles" {
			t.Errorf("check %s passed on a zip without a plugin", r.Check)
		}
	}
}

func TestValidateZipErrors(t *testing.T) {
	dir := t.TempDir()
	notZip := filepath.Join(dir, "x.zip")
	writeFile(t, notZip, []byte("not a zip"), 0o644)
	for name, p := range map[string]string{"missing": filepath.Join(dir, "none.zip"), "folder": dir, "not a zip": notZip} {
		if _, err := ValidateZip(p); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

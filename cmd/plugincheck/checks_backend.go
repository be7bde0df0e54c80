package main

import (
	"io/fs"
	"path"
	"strings"
)

// backendFiles returns the files (relative names) in the folder of p's executable
// whose name starts with the executable's base name, as plugin-validator's
// backendbinary analyzer globs <dir>/<executable>*.
func backendFiles(b *bundle, p *plugin) (dir, base string, files []string) {
	exe := p.M.Executable
	dir = path.Join(p.Dir, path.Dir(exe))
	base = path.Base(exe)
	b.files(func(rel string, _ *entry) {
		if path.Dir(rel) == dir && strings.HasPrefix(path.Base(rel), base) {
			files = append(files, rel)
		}
	})
	return dir, base, files
}

// backendBinaryCheck mirrors the backendbinary analyzer (backend, alerting and
// executable agree; binaries exist; a linux/amd64 one is among them) and adds our
// rules: every platform we ship is present, each binary's header matches the
// platform in its name, and front-end-only plugins carry no executables.
var backendBinaryCheck = check{
	Name:    "backendbinary",
	Mirrors: "backendbinary (+ xenbench: all four platforms, header matches name)",
	Needs:   needLayout,
	OK:      "back-end binaries match plugin.json for every platform",
	Run: func(b *bundle) []Result {
		var out []Result
		for _, p := range b.Plugins {
			if p.M == nil {
				continue
			}
			m := p.M
			switch {
			case m.Alerting && !m.Backend:
				out = append(out, errorf("alerting-found-but-backend-false", "%s: alerting is true but backend is not; alerting needs a back end", p.Path))
				continue
			case m.Executable != "" && !m.Backend:
				out = append(out, errorf("backend-found-but-not-declared", "%s: executable is set but backend is not true", p.Path))
				continue
			case m.Backend && m.Executable == "":
				// plugin-validator spells this rule "backend-binary-mission".
				out = append(out, errorf("backend-binary-mission", "%s: backend is true but no executable is named", p.Path))
				continue
			case !m.Backend:
				out = append(out, strayExecutables(b, p)...)
				continue
			}
			dir, base, files := backendFiles(b, p)
			if len(files) == 0 {
				out = append(out, errorf("backend-binary-mission", "%s: no back-end binary %s_<os>_<arch> in %s/; build it with scripts/build-backend.sh", p.Path, base, dir))
				continue
			}
			present := map[string]bool{}
			for _, rel := range files {
				name := path.Base(rel)
				want := platformOfName(base, name)
				got, err := binaryPlatform(b.file(rel).Data)
				switch {
				case err != nil:
					out = append(out, errorf("binary-platform-mismatch", "%s: %v", rel, err))
				case want != "" && got != want:
					out = append(out, errorf("binary-platform-mismatch", "%s is named for %s but is a %s executable", rel, want, got))
				default:
					present[got] = true
				}
			}
			if !present["linux_amd64"] {
				out = append(out, errorf("backend-binary-not-linux-amd64", "%s: no linux/amd64 back-end binary among %s", p.Path, strings.Join(files, ", ")))
			}
			for _, platform := range requiredPlatforms {
				want := path.Join(dir, binaryFileName(base, platform))
				if b.file(want) == nil {
					out = append(out, errorf("binary-platform-missing", "%s: missing %s; the bundle ships a back end for %s", p.Path, want, strings.Join(requiredPlatforms, ", ")))
				}
			}
		}
		return out
	},
}

// strayExecutables finds native executables owned by a plugin without a back end:
// Grafana would never start them, so they only add weight and risk.
func strayExecutables(b *bundle, p *plugin) []Result {
	var out []Result
	b.files(func(rel string, e *entry) {
		if b.ownerOf(rel) == p && (strings.HasPrefix(path.Base(rel), "gpx_") || looksExecutable(e.Data)) {
			out = append(out, errorf("binary-in-frontend-plugin", "%s is an executable, but %s declares no back end", rel, p.Path))
		}
	})
	return out
}

// requiredBinaryMode is the permission plugin-validator's binarypermissions analyzer
// requires of every non-Windows binary.
const requiredBinaryMode fs.FileMode = 0o755

// binaryPermissionsCheck mirrors the binarypermissions analyzer.
var binaryPermissionsCheck = check{
	Name:    "binarypermissions",
	Mirrors: "binarypermissions",
	Needs:   needLayout,
	OK:      "back-end binaries are executable (0755)",
	Run: func(b *bundle) []Result {
		var out []Result
		for _, p := range b.Plugins {
			if p.M == nil || p.M.Executable == "" {
				continue
			}
			_, base, files := backendFiles(b, p)
			if len(files) == 0 {
				out = append(out, errorf("binary-executable-found", "%s: no file named %s* found for executable %q", p.Path, base, p.M.Executable))
				continue
			}
			for _, rel := range files {
				if strings.HasSuffix(rel, ".exe") {
					continue
				}
				if perm := b.file(rel).Mode.Perm(); perm != requiredBinaryMode {
					out = append(out, errorf("binary-executable-permissions", "%s has permissions %v; it must be %v so Grafana can start it", rel, perm, requiredBinaryMode))
				}
			}
		}
		return out
	},
}

// manifestCheck mirrors the manifest analyzer's first rule: a plugin without a signed
// MANIFEST.txt only loads where unsigned plugins are allowed. Verifying a signature
// needs Grafana's keys and is out of scope offline.
var manifestCheck = check{
	Name:    "manifest",
	Mirrors: "manifest (unsigned-plugin only)",
	Needs:   needLayout,
	OK:      "MANIFEST.txt present (its signature is not verified offline)",
	Run: func(b *bundle) []Result {
		if b.file("MANIFEST.txt") == nil {
			return []Result{warnf("unsigned-plugin", "the plugin is unsigned (no MANIFEST.txt): Grafana loads it only if listed in allow_loading_unsigned_plugins; sign it with `npx @grafana/sign-plugin` before publishing")}
		}
		return nil
	},
}

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// need says what a check requires from the checks before it; without it the check
// is reported as skipped, as plugin-validator skips analyzers whose inputs failed.
type need int

const (
	needNothing need = iota
	needLayout       // a single root folder (the plugin folder is known)
	needRoot         // additionally a readable root plugin.json
)

// check is one analyzer. Mirrors names the plugin-validator analyzer (folder under
// pkg/analysis/passes/) or the schema rule it re-implements, or "xenbench" for a rule
// of our own.
type check struct {
	Name    string
	Mirrors string
	Needs   need
	OK      string
	Run     func(b *bundle) []Result
}

// checks lists every check in the order they run and print.
var checks = []check{
	archiveCheck,
	archiveNameCheck,
	archiveFilesCheck,
	checksumCheck,
	nestedMetadataCheck,
	metadataValidCheck,
	typeSuffixCheck,
	pluginNameCheck,
	grafanaDependencyCheck,
	restrictiveDepCheck,
	includesNestedCheck,
	logosCheck,
	metadataPathsCheck,
	unsafeSVGCheck,
	linksCheck,
	readmeCheck,
	templateReadmeCheck,
	jargonCheck,
	changelogCheck,
	licenseCheck,
	moduleJSCheck,
	jsSourceMapCheck,
	trackingScriptsCheck,
	legacyPlatformCheck,
	backendBinaryCheck,
	binaryPermissionsCheck,
	discoverabilityCheck,
	screenshotsCheck,
	manifestCheck,
}

// ValidateZip opens the zip at zipPath and runs every check on it. An error means the
// file could not be read at all; problems with its contents are in the report.
func ValidateZip(zipPath string) (*Report, error) {
	st, err := os.Stat(zipPath)
	if err != nil {
		return nil, fmt.Errorf("open the zip to validate: %w (build it with `go run ./cmd/plugincheck package`)", err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a folder; validate takes the zip built by `plugincheck package`", zipPath)
	}
	if st.Size() > maxUncompressedTotal {
		return nil, fmt.Errorf("%s is %d bytes, more than a plugin zip can be (%d)", zipPath, st.Size(), int64(maxUncompressedTotal))
	}
	raw, err := os.ReadFile(zipPath)
	if err != nil {
		return nil, err
	}
	a, err := readArchive(zipPath, raw)
	if err != nil {
		return nil, err
	}
	sidecars := map[string][]byte{}
	for _, ext := range []string{".sha1", ".md5"} {
		data, err := os.ReadFile(zipPath + ext)
		switch {
		case err == nil:
			sidecars[ext] = data
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("read checksum file: %w", err)
		}
	}
	return validateArchive(a, sidecars), nil
}

// validateArchive runs the checks on an opened archive.
func validateArchive(a *archive, sidecars map[string][]byte) *Report {
	b := &bundle{zip: a, Base: pluginFolder(a), sidecars: sidecars}
	b.loadPlugins()
	rep := &Report{Zip: a.Path}
	if root := b.root(); root != nil {
		rep.ID, rep.Version = root.M.ID, root.M.Info.Version
	}
	for _, c := range checks {
		switch {
		case c.Needs >= needLayout && b.Base == "":
			rep.Results = append(rep.Results, Result{Severity: Skipped, Check: c.Name, Rule: "skipped", Message: "the archive has no single plugin folder (see archive)"})
			continue
		case c.Needs >= needRoot && b.root() == nil:
			rep.Results = append(rep.Results, Result{Severity: Skipped, Check: c.Name, Rule: "skipped", Message: "no readable plugin.json at the plugin folder root (see nestedmetadata)"})
			continue
		}
		found := c.Run(b)
		if len(found) == 0 {
			rep.Results = append(rep.Results, Result{Severity: OK, Check: c.Name, Rule: "ok", Message: c.OK})
			continue
		}
		for _, r := range found {
			r.Check = c.Name
			rep.Results = append(rep.Results, r)
		}
	}
	return rep
}

// pluginFolder returns the folder holding the plugin files: the single root folder,
// or its dist/ subfolder for the legacy layout (which archiveCheck reports). It
// returns "" when the archive has no single root folder.
func pluginFolder(a *archive) string {
	top := a.topLevel()
	if len(top) != 1 || !bytes.HasSuffix([]byte(top[0]), []byte("/")) {
		return ""
	}
	root := top[0][:len(top[0])-1]
	if a.isDir(root + "/dist") {
		return root + "/dist"
	}
	return root
}

// errorf and warnf build findings; the runner fills in the check name.
func errorf(rule, format string, args ...any) Result {
	return Result{Severity: Error, Rule: rule, Message: fmt.Sprintf(format, args...)}
}

func warnf(rule, format string, args ...any) Result {
	return Result{Severity: Warning, Rule: rule, Message: fmt.Sprintf(format, args...)}
}

// withDetail adds an explanation of how to fix the finding.
func (r Result) withDetail(detail string) Result {
	r.Detail = detail
	return r
}

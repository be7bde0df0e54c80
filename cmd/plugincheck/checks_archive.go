package main

import (
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"hash"
	"path"
	"strings"
)

const packagingDoc = "https://grafana.com/developers/plugin-tools/publish-a-plugin/package-a-plugin"

// archiveCheck mirrors plugin-validator's archive analyzer: the zip holds exactly one
// folder, and the plugin files sit in it rather than in a dist/ subfolder.
var archiveCheck = check{
	Name:    "archive",
	Mirrors: "archive",
	OK:      "the zip holds a single plugin folder",
	Run: func(b *bundle) []Result {
		top := b.zip.topLevel()
		switch {
		case len(top) == 0:
			return []Result{errorf("empty-archive", "the archive is empty")}
		case len(top) > 1:
			return []Result{errorf("more-than-one-dir", "the archive root holds %d entries (%s); it must hold only the folder named after the plugin id", len(top), strings.Join(top, ", ")).withDetail(packagingDoc)}
		case !strings.HasSuffix(top[0], "/"):
			return []Result{errorf("no-root-dir", "the archive root holds the file %s instead of a folder named after the plugin id", top[0]).withDetail(packagingDoc)}
		case strings.HasSuffix(b.Base, "/dist"):
			return []Result{errorf("dist", "the plugin files are in %s/; rename dist to the plugin id and put it at the archive root", b.Base).withDetail(packagingDoc)}
		}
		return nil
	},
}

// archiveNameCheck mirrors the archivename analyzer: the root folder is named after
// the root plugin's id.
var archiveNameCheck = check{
	Name:    "archivename",
	Mirrors: "archivename",
	Needs:   needRoot,
	OK:      "the root folder is named after the plugin id",
	Run: func(b *bundle) []Result {
		id := b.root().M.ID
		folder := strings.SplitN(b.Base, "/", 2)[0]
		if id != "" && folder != id {
			return []Result{errorf("no-ident-root-dir", "the archive's root folder is %q; it must be named after the plugin id %q", folder, id).withDetail(packagingDoc)}
		}
		return nil
	},
}

// forbiddenNames are files and folders that only leak from a developer's machine or
// build: they must not ship in a plugin (xenbench rule).
var forbiddenNames = map[string]string{
	".DS_Store":    "macOS Finder metadata",
	"__MACOSX":     "macOS archive metadata",
	"Thumbs.db":    "Windows thumbnail cache",
	".git":         "a git repository",
	"node_modules": "npm packages: the bundle must be built, not shipped with its dependencies",
}

// zipSizeWarning is the size above which we warn: Grafana's catalog accepts bigger
// archives, but a plugin zip this large usually carries something by mistake.
const zipSizeWarning = 100 << 20

// archiveFilesCheck is our own hygiene check on what the zip contains.
var archiveFilesCheck = check{
	Name:    "archivefiles",
	Mirrors: "xenbench",
	OK:      "no unsafe paths, links or stray files; size reasonable",
	Run: func(b *bundle) []Result {
		var out []Result
		reported := map[string]bool{}
		for _, d := range b.zip.UnsafeDirs {
			out = append(out, errorf("unsafe-path", "folder entry %s: extracting it could write outside the plugin folder", d))
		}
		for _, e := range b.zip.Entries {
			if e.Unsafe != "" {
				out = append(out, errorf("unsafe-path", "entry %q %s: extracting it could write outside the plugin folder", e.Name, e.Unsafe))
			}
			if e.Symlink {
				out = append(out, errorf("symlink", "entry %q is a symbolic link; Grafana's catalog and installers expect regular files", e.Name))
			}
			parts := strings.Split(e.Name, "/")
			for i, part := range parts {
				why, bad := forbiddenNames[part]
				if !bad {
					continue
				}
				at := path.Join(parts[:i+1]...)
				if !reported[at] {
					reported[at] = true
					out = append(out, errorf("forbidden-file", "%s is %s; remove it from dist/ before packaging", at, why))
				}
				break
			}
		}
		if b.zip.Size > zipSizeWarning {
			out = append(out, warnf("archive-size", "the zip is %.1f MB, above %d MB: check that it carries only the built plugin", float64(b.zip.Size)/(1<<20), zipSizeWarning>>20))
		}
		return out
	},
}

// checksumCheck mirrors the checksum analyzer, which compares the zip with the
// checksum given on submission: here, the .sha1 and .md5 files `plugincheck package`
// writes beside the zip. Absent files are not an error (a zip may come from elsewhere).
var checksumCheck = check{
	Name:    "checksum",
	Mirrors: "checksum",
	OK:      "checksum files beside the zip match it (or there are none)",
	Run: func(b *bundle) []Result {
		var out []Result
		for _, ext := range []string{".sha1", ".md5"} {
			side, ok := b.sidecars[ext]
			if !ok {
				continue
			}
			fields := strings.Fields(string(side))
			if len(fields) == 0 {
				out = append(out, errorf("checksum-mismatch", "%s%s is empty", path.Base(b.zip.Path), ext))
				continue
			}
			want := strings.ToLower(fields[0])
			got := hexDigest(ext, b.zip)
			if want != got {
				out = append(out, errorf("checksum-mismatch", "%s%s says %s but the zip's %s is %s: rebuild with `plugincheck package`", path.Base(b.zip.Path), ext, want, strings.TrimPrefix(ext, "."), got))
			}
		}
		return out
	},
}

func hexDigest(ext string, a *archive) string {
	var h hash.Hash
	if ext == ".md5" {
		h = md5.New()
	} else {
		h = sha1.New()
	}
	if a.raw == nil {
		return fmt.Sprintf("(zip bytes unavailable for %s)", ext)
	}
	h.Write(a.raw)
	return hex.EncodeToString(h.Sum(nil))
}

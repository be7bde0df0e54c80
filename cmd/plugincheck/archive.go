package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Limits that keep a hostile or broken zip from exhausting memory: a real bundle is
// well under these (four Go binaries of ~30 MB plus the front end).
const (
	maxEntries           = 20000
	maxUncompressedTotal = 1 << 30 // 1 GiB
)

// entry is one file of the archive, with its path relative to the zip root.
type entry struct {
	Name    string // as stored, cleaned of a trailing slash
	Mode    fs.FileMode
	Data    []byte
	Unsafe  string // non-empty when the stored name is unsafe (absolute, "..", backslash)
	Symlink bool
}

// archive is an opened plugin zip: every entry in name order, read into memory.
type archive struct {
	Path    string
	Size    int64  // bytes of the zip file itself
	raw     []byte // the zip file, for checksums
	Entries []*entry
	// UnsafeDirs are directory entries whose names could escape the extraction folder.
	UnsafeDirs []string
	dirs       map[string]bool
	byName     map[string]*entry
}

// readArchive loads the zip at r. Errors are returned only when the file is not a
// readable zip; layout problems are left to the checks so they can be reported.
func readArchive(name string, raw []byte) (*archive, error) {
	size := int64(len(raw))
	zr, err := zip.NewReader(bytes.NewReader(raw), size)
	if err != nil {
		return nil, fmt.Errorf("%s is not a readable zip: %w", name, err)
	}
	if len(zr.File) > maxEntries {
		return nil, fmt.Errorf("%s has %d entries, more than the %d a plugin can reasonably have", name, len(zr.File), maxEntries)
	}
	a := &archive{Path: name, Size: size, raw: raw, dirs: map[string]bool{}, byName: map[string]*entry{}}
	var total int64
	for _, f := range zr.File {
		clean := strings.TrimSuffix(f.Name, "/")
		if f.FileInfo().IsDir() {
			if why := unsafeName(f.Name); why != "" {
				a.UnsafeDirs = append(a.UnsafeDirs, fmt.Sprintf("%q %s", f.Name, why))
				continue
			}
			a.addDirs(clean)
			continue
		}
		e := &entry{Name: clean, Mode: f.Mode(), Unsafe: unsafeName(f.Name)}
		e.Symlink = f.Mode()&fs.ModeSymlink != 0
		total += int64(f.UncompressedSize64)
		if total > maxUncompressedTotal {
			return nil, fmt.Errorf("%s expands to more than %d bytes: refusing to read it", name, int64(maxUncompressedTotal))
		}
		e.Data, err = readEntry(f)
		if err != nil {
			return nil, fmt.Errorf("%s: entry %q: %w", name, f.Name, err)
		}
		a.Entries = append(a.Entries, e)
		a.byName[clean] = e
		a.addDirs(path.Dir(clean))
	}
	sort.Slice(a.Entries, func(i, j int) bool { return a.Entries[i].Name < a.Entries[j].Name })
	return a, nil
}

func readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// The limit guards against a header that understates the real size.
	data, err := io.ReadAll(io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	if err != nil {
		return nil, err
	}
	if uint64(len(data)) != f.UncompressedSize64 {
		return nil, errors.New("stored size does not match its contents")
	}
	return data, nil
}

// addDirs records dir and all its parents, so that zips without explicit directory
// entries are understood the same as those with them.
func (a *archive) addDirs(dir string) {
	for dir != "." && dir != "/" && dir != "" && !a.dirs[dir] {
		a.dirs[dir] = true
		dir = path.Dir(dir)
	}
}

// unsafeName explains why a stored name could escape the extraction folder ("zip
// slip"), or returns "".
func unsafeName(name string) string {
	switch {
	case strings.Contains(name, `\`):
		return "contains a backslash"
	case strings.HasPrefix(name, "/"):
		return "is absolute"
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return `contains ".."`
		}
	}
	return ""
}

// topLevel lists the names directly at the zip root, directories first marked with
// a trailing slash.
func (a *archive) topLevel() []string {
	seen := map[string]bool{}
	var out []string
	for dir := range a.dirs {
		if !strings.Contains(dir, "/") && !seen[dir+"/"] {
			seen[dir+"/"] = true
			out = append(out, dir+"/")
		}
	}
	for _, e := range a.Entries {
		if !strings.Contains(e.Name, "/") && !seen[e.Name] {
			seen[e.Name] = true
			out = append(out, e.Name)
		}
	}
	sort.Strings(out)
	return out
}

// file returns the entry at name (relative to the zip root) or nil.
func (a *archive) file(name string) *entry { return a.byName[name] }

// isDir reports whether name is a folder of the archive.
func (a *archive) isDir(name string) bool { return a.dirs[name] }

// Package safepath confines file access to one configured folder.
//
// The perfmon and loadgen readers take their folder from the datasource
// settings and their file patterns from queries, which any dashboard editor
// can write. Every read therefore goes through a Dir, which
//   - rejects absolute paths, "..", and other non-local names from queries
//     (filepath.IsLocal), before touching the disk;
//   - opens files through an os.Root, so a symbolic link inside the folder
//     that points outside it is refused by the kernel-level walk instead of a
//     racy EvalSymlinks check (os.Root follows links only while they stay
//     inside the root);
//   - enforces a per-file size limit, so a stray multi-gigabyte file cannot
//     exhaust the plugin's memory or time.
package safepath

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Sentinel errors, for errors.Is in callers that classify errors as the user's.
var (
	ErrNotLocal     = errors.New("path is not inside the configured folder")
	ErrFolder       = errors.New("log folder is not usable")
	ErrFileTooLarge = errors.New("file exceeds the size limit")
	ErrTooManyFiles = errors.New("pattern matches too many files")
)

// MaxWalkEntries bounds how many directory entries one Glob call visits, so a
// pattern like "**/*" over a huge tree fails fast instead of hanging a query.
const MaxWalkEntries = 200_000

// Dir is an open, confined folder. It is safe for concurrent use.
type Dir struct {
	root *os.Root
	path string
}

// Open opens the folder configured in the settings. The folder itself is an
// administrator's choice and may be any absolute path; only names given later
// (patterns, file names) are confined to it.
func Open(dir string) (*Dir, error) {
	if strings.TrimSpace(dir) == "" {
		return nil, fmt.Errorf("%w: no folder is configured; set the log folder in the datasource settings", ErrFolder)
	}
	if !filepath.IsAbs(dir) {
		return nil, fmt.Errorf("%w: %q is not an absolute path; set an absolute folder in the datasource settings", ErrFolder, dir)
	}
	// An if chain rather than a tagless switch: gremlins (npm run mutation) cannot see
	// Go's coverage of case expressions and would call them not covered.
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %q does not exist; check the folder in the datasource settings and that it is mounted into the Grafana server", ErrFolder, dir)
	}
	if errors.Is(err, fs.ErrPermission) {
		return nil, fmt.Errorf("%w: %q is not readable by the Grafana server process; grant it read and list permission", ErrFolder, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrFolder, dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%w: %q is a file, not a folder", ErrFolder, dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %q cannot be opened: %v", ErrFolder, dir, err)
	}
	return &Dir{root: root, path: dir}, nil
}

// Path returns the folder as configured.
func (d *Dir) Path() string { return d.path }

// Close releases the folder handle.
func (d *Dir) Close() error { return d.root.Close() }

// CheckName validates a slash-separated name relative to the folder without
// touching the disk: no absolute path, no "..", no empty element, no
// backslash (which is a separator on Windows and would dodge the check).
func CheckName(name string) error {
	if name == "" || strings.ContainsRune(name, '\\') || strings.ContainsRune(name, 0) ||
		path.IsAbs(name) || !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("%w: %q; use a path relative to the configured folder, without \"..\"", ErrNotLocal, name)
	}
	return nil
}

// OpenFile opens a regular file below the folder and checks its size against
// maxBytes (0 means no limit). The caller closes the file.
func (d *Dir) OpenFile(name string, maxBytes int64) (*os.File, fs.FileInfo, error) {
	if err := CheckName(name); err != nil {
		return nil, nil, err
	}
	f, err := d.root.Open(filepath.FromSlash(name))
	if err != nil {
		// os.Root reports a link or name leaving the root as "path escapes
		// from parent" and exports no sentinel for it.
		if strings.Contains(err.Error(), "escapes") {
			return nil, nil, fmt.Errorf("%w: %s: %v", ErrNotLocal, name, err)
		}
		return nil, nil, fmt.Errorf("open %s: %w", name, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("stat %s: %w", name, err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, fmt.Errorf("%s is not a regular file", name)
	}
	if maxBytes > 0 && st.Size() > maxBytes {
		f.Close()
		return nil, nil, fmt.Errorf("%w: %s is %d bytes, the limit is %d; raise the per-file limit in the datasource settings or roll the logs more often", ErrFileTooLarge, name, st.Size(), maxBytes)
	}
	return f, st, nil
}

// Match reports whether a slash-separated relative name matches a pattern.
// Patterns use path.Match syntax per element ("*", "?", "[a-z]"), plus "**"
// as a whole element matching zero or more elements, e.g. "perfmon/**/*.csv".
// Matching is case-insensitive because the logs come from Windows, where
// EXMBX01_x.CSV and exmbx01_x.csv are the same file.
func Match(pattern, name string) (bool, error) {
	return matchElems(strings.Split(strings.ToLower(pattern), "/"), strings.Split(strings.ToLower(name), "/"))
}

func matchElems(pat, name []string) (bool, error) {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				ok, err := matchElems(pat[1:], name[i:])
				if ok || err != nil {
					return ok, err
				}
			}
			return false, nil
		}
		if len(name) == 0 {
			return false, nil
		}
		ok, err := path.Match(pat[0], name[0])
		if !ok || err != nil {
			return false, err
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0, nil
}

// Glob returns the regular files below the folder whose slash-separated
// relative names match any of the patterns, sorted, at most maxFiles of them
// (0 means no limit). Symbolic links are not followed during the walk, so a
// link cannot pull files from outside into the result.
func (d *Dir) Glob(patterns []string, maxFiles int) ([]string, error) {
	if len(patterns) == 0 {
		return nil, errors.New("no file pattern given; set at least one pattern such as \"**/*.csv\"")
	}
	for _, p := range patterns {
		if err := CheckName(strings.ReplaceAll(strings.ReplaceAll(p, "*", "x"), "?", "x")); err != nil {
			return nil, fmt.Errorf("bad file pattern: %w", err)
		}
		if _, err := Match(p, ""); err != nil {
			return nil, fmt.Errorf("bad file pattern %q: %w", p, err)
		}
	}
	var out []string
	visited := 0
	err := fs.WalkDir(d.root.FS(), ".", func(name string, e fs.DirEntry, err error) error {
		if err != nil {
			if name == "." {
				return fmt.Errorf("%w: %q cannot be listed: %v", ErrFolder, d.path, err)
			}
			return nil // an unreadable subfolder is skipped, not fatal
		}
		visited++
		if visited > MaxWalkEntries {
			return fmt.Errorf("%w: more than %d entries below %q; use narrower patterns", ErrTooManyFiles, MaxWalkEntries, d.path)
		}
		if !e.Type().IsRegular() {
			return nil
		}
		for _, p := range patterns {
			if ok, _ := Match(p, name); ok {
				out = append(out, name)
				if maxFiles > 0 && len(out) > maxFiles {
					return fmt.Errorf("%w: more than %d files match %q; use narrower patterns", ErrTooManyFiles, maxFiles, patterns)
				}
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

package safepath

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The per-file and per-query limits on both sides of their boundary: a file of exactly
// the limit and exactly maxFiles matches are allowed, one more is not.
func TestLimitBoundaries(t *testing.T) {
	root := t.TempDir()
	for _, n := range []string{"a.csv", "b.csv", "c.csv"} {
		if err := os.WriteFile(filepath.Join(root, n), []byte("0123456789"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	f, _, err := d.OpenFile("a.csv", 10)
	if err != nil {
		t.Fatalf("a 10-byte file at a 10-byte limit: %v", err)
	}
	f.Close()
	if _, _, err := d.OpenFile("a.csv", 9); !errors.Is(err, ErrFileTooLarge) {
		t.Fatalf("a 10-byte file at a 9-byte limit: err = %v, want ErrFileTooLarge", err)
	}

	if got, err := d.Glob([]string{"*.csv"}, 3); err != nil || len(got) != 3 {
		t.Fatalf("3 matches at a limit of 3: %v, %v", got, err)
	}
	if _, err := d.Glob([]string{"*.csv"}, 2); !errors.Is(err, ErrTooManyFiles) {
		t.Fatalf("3 matches at a limit of 2: err = %v, want ErrTooManyFiles", err)
	}
}

// TestOpenStatError: a path through a regular file cannot be stat'ed (ENOTDIR), which is
// neither "does not exist" nor "permission denied"; the error still names the folder.
func TestOpenStatError(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(file, "sub")
	_, err := Open(dir)
	if !errors.Is(err, ErrFolder) || !strings.Contains(err.Error(), dir) || strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("err = %v, want ErrFolder naming %q with the stat error", err, dir)
	}
}

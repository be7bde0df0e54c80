package safepath

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestCheckName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"a.csv", true}, {"perfmon/EXVM01/x.csv", true}, {"./a.csv", true},
		{"", false}, {"../a.csv", false}, {"a/../../b", false}, {"/etc/passwd", false},
		{`..\a.csv`, false}, {`C:\logs\a.csv`, false}, {"a\x00b", false}, {"..", false},
	}
	for _, tt := range tests {
		err := CheckName(tt.name)
		if (err == nil) != tt.ok {
			t.Errorf("CheckName(%q) = %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrNotLocal) {
			t.Errorf("CheckName(%q) error is not ErrNotLocal", tt.name)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"*.csv", "a.csv", true}, {"*.csv", "d/a.csv", false}, {"**/*.csv", "a.csv", true},
		{"**/*.csv", "perfmon/S/a.CSV", true}, {"perfmon/*/*.csv", "perfmon/S/a.csv", true},
		{"perfmon/*/*.csv", "perfmon/a.csv", false}, {"loadgen/**", "loadgen/x/y.json", true},
		{"EXVM0?/*.csv", "exvm01/a.csv", true},
	}
	for _, tt := range tests {
		if got, err := Match(tt.pattern, tt.name); err != nil || got != tt.want {
			t.Errorf("Match(%q, %q) = %v, %v; want %v", tt.pattern, tt.name, got, err, tt.want)
		}
	}
	if _, err := Match("[", "a"); err == nil {
		t.Error("malformed pattern must fail")
	}
}

func TestDir(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "S"), 0o755))
	must(os.WriteFile(filepath.Join(root, "S", "a.csv"), []byte("0123456789"), 0o644))
	must(os.WriteFile(filepath.Join(root, "S", "b.txt"), nil, 0o644))
	must(os.WriteFile(filepath.Join(outside, "secret.csv"), []byte("secret"), 0o644))
	must(os.Symlink(filepath.Join(outside, "secret.csv"), filepath.Join(root, "S", "abs-link.csv")))
	must(os.Symlink("../../"+filepath.Base(outside)+"/secret.csv", filepath.Join(root, "S", "rel-link.csv")))
	must(os.Symlink("a.csv", filepath.Join(root, "S", "inside-link.csv")))
	must(os.Symlink(outside, filepath.Join(root, "dirlink")))

	d, err := Open(root)
	must(err)
	defer d.Close()

	names, err := d.Glob([]string{"**/*.csv"}, 0)
	must(err)
	if strings.Join(names, ",") != "S/a.csv" {
		t.Errorf("Glob = %v, want only the regular file (links are not followed)", names)
	}
	if _, _, err := d.OpenFile("S/a.csv", 0); err != nil {
		t.Errorf("regular file: %v", err)
	}
	if f, _, err := d.OpenFile("S/inside-link.csv", 0); err != nil {
		t.Errorf("link staying inside: %v", err)
	} else {
		f.Close()
	}
	for _, name := range []string{"S/abs-link.csv", "S/rel-link.csv", "dirlink/secret.csv", "../" + filepath.Base(outside) + "/secret.csv"} {
		if f, _, err := d.OpenFile(name, 0); err == nil {
			f.Close()
			t.Errorf("OpenFile(%q) escaped the folder", name)
		} else if !errors.Is(err, ErrNotLocal) {
			t.Errorf("OpenFile(%q) = %v, want ErrNotLocal", name, err)
		}
	}
	if _, _, err := d.OpenFile("S/a.csv", 5); !errors.Is(err, ErrFileTooLarge) {
		t.Errorf("size limit: %v", err)
	}
	if _, _, err := d.OpenFile("S", 0); err == nil {
		t.Error("a folder is not a file")
	}
	if _, err := d.Glob([]string{"**/*.csv"}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Glob([]string{"**/*"}, 1); !errors.Is(err, ErrTooManyFiles) {
		t.Errorf("file limit: %v", err)
	}
	if _, err := d.Glob(nil, 0); err == nil {
		t.Error("no pattern must fail")
	}
}

func TestOpenErrors(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "f")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ dir, want string }{
		{"", "no folder"}, {"relative/dir", "not an absolute"}, {filepath.Join(root, "missing"), "does not exist"}, {file, "is a file"},
	}
	if runtime.GOOS != "windows" && os.Getuid() != 0 {
		locked := filepath.Join(root, "locked")
		if err := os.Mkdir(locked, 0o000); err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct{ dir, want string }{filepath.Join(locked, "x"), "not readable"})
	}
	for _, tt := range tests {
		_, err := Open(tt.dir)
		if !errors.Is(err, ErrFolder) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%q) = %v, want ErrFolder mentioning %q", tt.dir, err, tt.want)
		}
	}
}

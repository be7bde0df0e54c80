package compose

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot is the repository root seen from this package's folder.
const repoRoot = "../.."

// TestRepository runs every check on the repository's docker-compose.yml,
// .config/Dockerfile and scripts/test-all.sh.
func TestRepository(t *testing.T) {
	s, err := Load(repoRoot, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range Checks {
		t.Run(c.Name, func(t *testing.T) {
			for _, p := range c.Run(s) {
				t.Error(p)
			}
		})
	}
}

func TestGoodFixture(t *testing.T) {
	s, err := Load("testdata/good", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range Checks {
		for _, p := range c.Run(s) {
			t.Errorf("%s: %s", c.Name, p)
		}
	}
}

// TestBadFixtures proves each check can fail: every folder of testdata/bad holds
// files replacing those of testdata/good, and expect.txt (first line: the check's
// name; second: a text its problems must contain).
func TestBadFixtures(t *testing.T) {
	cases, err := os.ReadDir("testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, c := range cases {
		caseDir := filepath.Join("testdata/bad", c.Name())
		expect, err := os.ReadFile(filepath.Join(caseDir, "expect.txt"))
		if err != nil {
			t.Fatal(err)
		}
		checkName, want, _ := strings.Cut(strings.TrimSpace(string(expect)), "\n")
		covered[checkName] = true
		t.Run(c.Name(), func(t *testing.T) {
			tree := filepath.Join(t.TempDir(), "tree")
			if err := os.CopyFS(tree, os.DirFS("testdata/good")); err != nil {
				t.Fatal(err)
			}
			overlay(t, caseDir, tree)
			s, err := Load(tree, nil)
			if checkName == "load" {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("want a load error containing %q, got %v", want, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var problems []string
			for _, chk := range Checks {
				if chk.Name == checkName {
					problems = chk.Run(s)
				}
			}
			for _, p := range problems {
				if strings.Contains(p, want) {
					return
				}
			}
			t.Errorf("check %s: want a problem containing %q, got %q", checkName, want, problems)
		})
	}
	for _, c := range Checks {
		if !covered[c.Name] {
			t.Errorf("check %s has no failing fixture in testdata/bad", c.Name)
		}
	}
}

// overlay copies every file of src except expect.txt over dst.
func overlay(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "expect.txt" {
			return err
		}
		r, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, r)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

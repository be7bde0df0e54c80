package dashboards

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot is the repository root seen from this package's folder.
const repoRoot = "../.."

// TestRepository runs every check on the repository's own dashboards/,
// provisioning/ and plugin.json.
func TestRepository(t *testing.T) {
	dashboards, _ := filepath.Glob(filepath.Join(repoRoot, "dashboards", "*.json"))
	yamls, _ := findFiles(filepath.Join(repoRoot, "provisioning"), ".yaml", ".yml")
	t.Logf("checking %d dashboards and %d provisioning files", len(dashboards), len(yamls))
	for _, p := range CheckTree(repoRoot) {
		t.Error(p)
	}
}

func TestGoodFixture(t *testing.T) {
	for _, p := range CheckTree("testdata/good") {
		t.Errorf("clean fixture reported: %s", p)
	}
}

// TestBadFixtures proves each check can fail: every folder of testdata/bad holds
// files that replace or join those of testdata/good, and expect.txt, a text the
// problem list must contain.
func TestBadFixtures(t *testing.T) {
	cases, err := os.ReadDir("testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 30 {
		t.Fatalf("only %d bad fixtures found", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name(), func(t *testing.T) {
			caseDir := filepath.Join("testdata/bad", c.Name())
			expect, err := os.ReadFile(filepath.Join(caseDir, "expect.txt"))
			if err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSpace(string(expect))
			tree := filepath.Join(t.TempDir(), "tree")
			if err := os.CopyFS(tree, os.DirFS("testdata/good")); err != nil {
				t.Fatal(err)
			}
			overlay(t, caseDir, tree)
			problems := CheckTree(tree)
			for _, p := range problems {
				if strings.Contains(p, want) {
					return
				}
			}
			t.Errorf("want a problem containing %q, got %d:\n%s", want, len(problems), strings.Join(problems, "\n"))
		})
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

func TestMissingFoldersAreNotProblems(t *testing.T) {
	if p := CheckTree(t.TempDir()); len(p) != 0 {
		t.Errorf("an empty tree reported %v", p)
	}
}

func TestQueryTypesComeFromTheBackEnd(t *testing.T) {
	if len(QueryTypes) == 0 || QueryTypes[""] {
		t.Fatalf("QueryTypes = %v", QueryTypes)
	}
	for _, qt := range []string{"metrics", "exchange", "loadgen", "events", "inventory"} {
		if !QueryTypes[qt] {
			t.Errorf("query type %q of the design is not a back-end constant", qt)
		}
	}
}

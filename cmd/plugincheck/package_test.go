package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestPackageLayoutModesAndTimes(t *testing.T) {
	res, err := Package(goodDist(t), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(res.ZipPath) != "acme-example-app-1.2.3.zip" {
		t.Errorf("zip name = %s", filepath.Base(res.ZipPath))
	}
	zr, err := zip.OpenReader(res.ZipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	want := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !strings.HasPrefix(f.Name, "acme-example-app/") {
			t.Errorf("%s is outside the plugin id folder", f.Name)
		}
		if !f.Modified.Equal(want) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, want)
		}
		wantMode := fs.FileMode(0o644)
		switch {
		case f.FileInfo().IsDir():
			wantMode = fs.ModeDir | 0o755
		case strings.Contains(f.Name, "/gpx_"):
			wantMode = 0o755
		}
		if f.Mode() != wantMode {
			t.Errorf("%s: mode %v, want %v", f.Name, f.Mode(), wantMode)
		}
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] && !strings.HasPrefix(names[i], names[i-1]) {
			t.Errorf("entries not in walk order: %s before %s", names[i-1], names[i])
		}
	}
	data, err := os.ReadFile(res.ZipPath)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum(data)
	side, err := os.ReadFile(res.ZipPath + ".sha1")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(side), hex.EncodeToString(sum[:])+"  acme-example-app-1.2.3.zip\n"; got != want {
		t.Errorf(".sha1 = %q, want %q", got, want)
	}
	if _, err := os.Stat(res.ZipPath + ".md5"); err != nil {
		t.Error(err)
	}
}

// TestPackageIsReproducible packages the same tree twice, with different file times,
// and expects identical bytes.
func TestPackageIsReproducible(t *testing.T) {
	dist := goodDist(t)
	first, err := Package(dist, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(dist, "README.md"), later, later); err != nil {
		t.Fatal(err)
	}
	second, err := Package(dist, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(first.ZipPath)
	b, _ := os.ReadFile(second.ZipPath)
	if !bytes.Equal(a, b) || first.SHA1 != second.SHA1 {
		t.Error("two packages of the same tree differ")
	}
}

func TestPackageRefuses(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(t *testing.T, dist string)
		want   string
	}{
		{"no plugin.json", func(t *testing.T, d string) { os.Remove(filepath.Join(d, "plugin.json")) }, "npm run build"},
		{"unbuilt version", func(t *testing.T, d string) {
			editJSON(t, filepath.Join(d, "plugin.json"), func(m map[string]any) { info(m)["version"] = "%VERSION%" })
		}, "%VERSION%"},
		{"bad date", func(t *testing.T, d string) {
			editJSON(t, filepath.Join(d, "plugin.json"), func(m map[string]any) { info(m)["updated"] = "%TODAY%" })
		}, "info.updated"},
		{"node_modules", func(t *testing.T, d string) {
			writeFile(t, filepath.Join(d, "node_modules", "x", "index.js"), []byte("x"), 0o644)
		}, "node_modules"},
		{"symlink", func(t *testing.T, d string) {
			if err := os.Symlink("/etc/hostname", filepath.Join(d, "link")); err != nil {
				t.Fatal("cannot create the symbolic link the case needs:", err)
			}
		}, "symbolic link"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dist := goodDist(t)
			tc.mutate(t, dist)
			out := t.TempDir()
			_, err := Package(dist, out)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want an error mentioning %q, got %v", tc.want, err)
			}
			if left, _ := filepath.Glob(filepath.Join(out, "*")); len(left) != 0 {
				t.Errorf("a failed package left files behind: %v", left)
			}
		})
	}
}

// TestBinaryPlatformOfRealExecutable reads the header of this test binary, a real Go
// executable, so the header parsing is checked against more than our fakes.
func TestBinaryPlatformOfRealExecutable(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal("cannot find this test binary to read its header:", err)
	}
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	got, err := binaryPlatform(data)
	if err != nil {
		t.Fatal(err)
	}
	if want := runtime.GOOS + "_" + runtime.GOARCH; got != want {
		t.Errorf("binaryPlatform(test binary) = %s, want %s", got, want)
	}
}

func TestBinaryPlatformOfFakes(t *testing.T) {
	for _, p := range requiredPlatforms {
		if got, err := binaryPlatform(fakeBinary(t, p)); err != nil || got != p {
			t.Errorf("%s: got %q, %v", p, got, err)
		}
	}
	if _, err := binaryPlatform([]byte("#!/bin/sh\n")); err == nil {
		t.Error("a shell script must not pass as an executable")
	}
}

func TestRunCLI(t *testing.T) {
	dist := goodDist(t)
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if err := run([]string{"package", "-dist", dist, "-out", out}, &stdout, &stderr); err != nil {
		t.Fatalf("package: %v (%s)", err, stderr.String())
	}
	zipPath := filepath.Join(out, "acme-example-app-1.2.3.zip")
	stdout.Reset()
	if err := run([]string{"validate", zipPath}, &stdout, &stderr); err != nil {
		t.Fatalf("validate: %v\n%s", err, stdout.String())
	}
	if !strings.Contains(stdout.String(), "ok:      backendbinary:") || !strings.Contains(stdout.String(), "warning: manifest/unsigned-plugin:") {
		t.Errorf("unexpected output:\n%s", stdout.String())
	}
	if err := run([]string{"validate", "-strict", zipPath}, &stdout, &stderr); err != errChecksFailed {
		t.Errorf("strict: want errChecksFailed, got %v", err)
	}
	stdout.Reset()
	if err := run([]string{"validate", "-json", zipPath}, &stdout, &stderr); err != nil || !strings.Contains(stdout.String(), `"severity": "warning"`) {
		t.Errorf("json: %v\n%s", err, stdout.String())
	}
	stdout.Reset()
	if err := run([]string{"checks"}, &stdout, &stderr); err != nil || strings.Count(stdout.String(), "\n") != len(checks) {
		t.Errorf("checks: %v\n%s", err, stdout.String())
	}
	for _, args := range [][]string{nil, {"frobnicate"}, {"validate"}, {"package", "extra"}} {
		if err := run(args, &stdout, &stderr); err == nil {
			t.Errorf("run(%q): want an error", args)
		}
	}
}

// TestPackageLeavesTheExporterOut: scripts/build-backend.sh also writes the Prometheus
// exporter's binaries to dist/exporter/; they ship beside the zip, not in it.
func TestPackageLeavesTheExporterOut(t *testing.T) {
	dist := goodDist(t)
	if err := os.MkdirAll(filepath.Join(dist, "exporter"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dist, "exporter", "xenbench-exporter_linux_amd64"), fakeBinary(t, "linux_amd64"), 0o755); err != nil {
		t.Fatal(err)
	}
	res, err := Package(dist, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(res.ZipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if strings.Contains(f.Name, "exporter") {
			t.Errorf("%s is in the zip", f.Name)
		}
	}
}

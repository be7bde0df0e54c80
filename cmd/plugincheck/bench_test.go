package main

import (
	"os"
	"testing"
)

// benchReport keeps the compiler from discarding the benchmarked work.
var benchReport *Report

// BenchmarkValidateArchive bounds the cost of reading a plugin zip and running every
// check on it (the synthetic bundle: three plugins, four back-end binaries); bytes/s
// is the zip's size. It excludes reading the file from disk.
func BenchmarkValidateArchive(b *testing.B) {
	dist := b.TempDir() + "/dist"
	if err := os.CopyFS(dist, os.DirFS("testdata/good")); err != nil {
		b.Fatal(err)
	}
	for _, platform := range requiredPlatforms {
		writeFile(b, dist+"/datasource/"+binaryFileName("gpx_example", platform), fakeBinary(b, platform), 0o755)
	}
	res, err := Package(dist, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(res.ZipPath)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		a, err := readArchive(res.ZipPath, raw)
		if err != nil {
			b.Fatal(err)
		}
		benchReport = validateArchive(a, nil)
	}
}

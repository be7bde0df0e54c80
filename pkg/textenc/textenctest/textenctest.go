// Package textenctest keeps generated fixtures (files as Windows tools write them) equal
// to their generator, for the readers' tests in pkg/loadgen and pkg/perfmon.
package textenctest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Fixture is one generated file: its name, the tool whose output it reproduces, and
// its bytes.
type Fixture struct {
	File, Tool string
	Data       []byte
}

// Check compares each fixture with the file of that name in dir, or with update writes
// the files (go test -run ... -update).
func Check(t *testing.T, dir string, fixtures []Fixture, update bool) {
	t.Helper()
	for _, f := range fixtures {
		path := filepath.Join(dir, f.File)
		if update {
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (regenerate with -update)", err)
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s differs from what the generator writes for %s (regenerate with -update)", path, f.Tool)
		}
	}
}

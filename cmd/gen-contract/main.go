// Command gen-contract writes src/datasource/contract.gen.ts, the TypeScript side of the
// data contract, from the Go package pkg/contract (the one source). Run it after
// changing that package:
//
//	go generate ./pkg/contract
//
// TestGeneratedTypeScriptIsCurrent fails while the file in the repository differs from
// what this command writes.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	root, err := repoRoot()
	if err == nil {
		var out []byte
		if out, err = generate(root); err == nil {
			err = os.WriteFile(filepath.Join(root, outputPath), out, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-contract:", err)
		os.Exit(1)
	}
}

// repoRoot is the nearest folder above the working directory that holds go.mod, so the
// command works from the root (go run) and from pkg/contract (go generate).
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

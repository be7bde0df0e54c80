package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedTypeScriptIsCurrent fails when src/datasource/contract.gen.ts differs
// from what pkg/contract generates: run `go generate ./pkg/contract` and commit it.
func TestGeneratedTypeScriptIsCurrent(t *testing.T) {
	root := filepath.Join("..", "..")
	want, err := generate(root)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, outputPath))
	if err != nil {
		t.Fatalf("%v: run go generate ./pkg/contract", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s is stale (run go generate ./pkg/contract); first difference at line %d:\n have %q\n want %q", outputPath, i+1, g, w)
			}
		}
	}
}

// TestGeneratorRejectsBrokenConventions proves the checks the generator relies on fail.
func TestGeneratorRejectsBrokenConventions(t *testing.T) {
	cases := map[string]string{
		"misnamed constant": "package contract\ntype Format = string\nconst Table Format = \"table\"\n",
		"non-literal value": "package contract\ntype Format = string\nconst FormatTable Format = \"ta\" + \"ble\"\n",
		"empty enumeration": "package contract\ntype Format = string\n",
		"unsupported field": "package contract\ntype Q struct {\n\tN int `json:\"n\"`\n}\n",
	}
	for name, code := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(code), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := parse(dir); err == nil {
				t.Errorf("parse accepted %q", code)
			}
		})
	}
}

func TestValuesMustListEveryConstant(t *testing.T) {
	src, err := parse(filepath.Join("..", "..", sourcePath))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range src.enums {
		if e.name == "Platform" {
			e.members = append(e.members, member{key: "Cloud", value: "cloud"})
		}
	}
	if err := checkValues(src); err == nil || !strings.Contains(err.Error(), "Values.Platform") {
		t.Errorf("checkValues = %v, want a complaint about Values.Platform", err)
	}
}

package main

import (
	"strings"
	"testing"
)

// FuzzSVGProblem feeds arbitrary documents to the SVG safety check: it must answer
// without panicking, the same way every time, and never accept a <script> element.
func FuzzSVGProblem(f *testing.F) {
	for _, s := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`,
		`<svg><script>alert(1)</script></svg>`,
		`<svg onload="x()"/>`,
		`<svg><a href="javascript:x()">a</a></svg>`,
		`<?xml version="1.0"?><!DOCTYPE svg><svg/>`,
		``, `<svg`, `<svg><SCRIPT/></svg>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		first := svgProblem(data)
		if again := svgProblem(data); (first == nil) != (again == nil) {
			t.Fatalf("svgProblem is not deterministic on %q", data)
		}
		// Whatever follows, a document whose first child is <script> is rejected.
		if svgProblem(append([]byte("<svg><script/>"), data...)) == nil {
			t.Errorf("accepted <script> followed by %q", data)
		}
	})
}

// FuzzValidateArchive feeds arbitrary bytes as a zip: reading either fails with an
// error or the checks run to a report, never a panic.
func FuzzValidateArchive(f *testing.F) {
	good := buildZip(f, []rawEntry{
		{Name: "acme-x-panel/plugin.json", Data: []byte(`{"id":"acme-x-panel","type":"panel","name":"X","info":{"keywords":["x"],"logos":{"small":"a.svg","large":"a.svg"},"version":"1.0.0","updated":"2026-01-01"},"dependencies":{"grafanaDependency":">=11.0.0"}}`)},
		{Name: "acme-x-panel/module.js", Data: []byte("x")},
		{Name: "acme-x-panel/a.svg", Data: []byte("<svg/>")},
	})
	data, err := readFileForFuzz(good)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Add([]byte("not a zip"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := readArchive("fuzz.zip", raw)
		if err != nil {
			return
		}
		rep := validateArchive(a, nil)
		if len(rep.Results) < len(checks) {
			t.Errorf("only %d results for %d checks", len(rep.Results), len(checks))
		}
	})
}

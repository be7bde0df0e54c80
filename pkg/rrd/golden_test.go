package rrd

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// update rewrites the golden files from the current output; review the diff.
var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the parsers' current output")

// goldenFloat renders a value so NaN and ±Inf survive JSON.
func goldenFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func goldenFloats(vs []float64) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = goldenFloat(v)
	}
	return out
}

type goldenColumn struct {
	Legend Legend   `json:"legend"`
	Values []string `json:"values"`
}

type goldenUpdates struct {
	Start      int64          `json:"start"`
	End        int64          `json:"end"`
	Step       int64          `json:"step"`
	Timestamps []int64        `json:"timestamps"`
	Columns    []goldenColumn `json:"columns"`
}

func toGoldenUpdates(u *Updates) goldenUpdates {
	g := goldenUpdates{Start: u.Start, End: u.End, Step: u.Step, Timestamps: u.Timestamps, Columns: []goldenColumn{}}
	for i, l := range u.Legends {
		g.Columns = append(g.Columns, goldenColumn{Legend: l, Values: goldenFloats(u.Values[i])})
	}
	return g
}

// checkGolden compares got (as indented JSON) with testdata/<name>.golden.json.
func checkGolden(t *testing.T, name string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pkg/rrd -run Golden -update to create it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("%s differs from the parser output:\n got: %s\nwant: %s", path, b, want)
	}
}

func TestGoldenUpdates(t *testing.T) {
	for _, tc := range []struct {
		file   string
		format Format
	}{
		{"updates_host_vm.xml", FormatXML},
		{"updates_host_vm.json5", FormatJSON5},
		{"updates_host_vm.json", FormatJSONStrings},
		{"updates_data_in_meta.json", FormatJSONStrings},
		{"updates_empty.xml", FormatXML},
		{"updates_pretty.xml", FormatXML},
		{"updates_pretty.json5", FormatJSON5},
	} {
		t.Run(tc.file, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if f, err := DetectFormat(in); err != nil || f != tc.format {
				t.Fatalf("DetectFormat = %v, %v; want %v", f, err, tc.format)
			}
			u, err := ParseUpdates(bytes.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.file, toGoldenUpdates(u))
		})
	}
}

// TestFormatsAgree checks that the same payload in each wire format (and the
// PR #5456 layout) decodes to exactly the same Updates.
func TestFormatsAgree(t *testing.T) {
	var first []byte
	for _, file := range []string{"updates_host_vm.xml", "updates_host_vm.json5", "updates_host_vm.json", "updates_data_in_meta.json"} {
		in, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		u, err := ParseUpdates(bytes.NewReader(in))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		got, _ := json.Marshal(toGoldenUpdates(u))
		if first == nil {
			first = got
		} else if !bytes.Equal(got, first) {
			t.Errorf("%s decodes differently from updates_host_vm.xml:\n%s\n%s", file, got, first)
		}
	}
}

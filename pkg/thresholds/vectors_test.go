package thresholds

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xenbench/xenbench/pkg/perfmon"
)

// vectors mirrors testdata/vectors.json (format in testdata/README.md); the
// panel's jest suite reads the same file.
type vectors struct {
	About    string `json:"about"`
	Versions []struct {
		In  string  `json:"in"`
		Out *string `json:"out"`
	} `json:"versions"`
	Find []struct {
		Name          string   `json:"name"`
		Key           Key      `json:"key"`
		Version       string   `json:"version"`
		Role          string   `json:"role"`
		Entries       []string `json:"entries"`
		RolesNeeded   []string `json:"rolesNeeded"`
		OtherVersions []string `json:"otherVersions"`
	} `json:"find"`
	Evaluate []struct {
		Name  string `json:"name"`
		ID    string `json:"id"`
		Entry *struct {
			Comparison string   `json:"comparison"`
			Warning    *float64 `json:"warning"`
			Critical   *float64 `json:"critical"`
		} `json:"entry"`
		Value json.RawMessage `json:"value"`
		Level Level           `json:"level"`
	} `json:"evaluate"`
}

func loadVectors(t *testing.T) vectors {
	t.Helper()
	b, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	var v vectors
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("testdata/vectors.json: %v", err)
	}
	if len(v.Versions) == 0 || len(v.Find) == 0 || len(v.Evaluate) == 0 {
		t.Fatal("testdata/vectors.json has an empty section")
	}
	return v
}

// vectorValue reads a number or one of "NaN", "+Inf", "-Inf" (JSON has no
// literal for them).
func vectorValue(raw json.RawMessage) (float64, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		switch s {
		case "NaN":
			return math.NaN(), nil
		case "+Inf":
			return math.Inf(1), nil
		case "-Inf":
			return math.Inf(-1), nil
		}
		return 0, fmt.Errorf("value %q is not a number, NaN, +Inf or -Inf", s)
	}
	var f float64
	err := json.Unmarshal(raw, &f)
	return f, err
}

// TestSharedVectors runs every shared vector; src/panel/thresholds/
// vectors.test.ts runs the same ones against the panel's implementation.
func TestSharedVectors(t *testing.T) {
	v := loadVectors(t)
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, tt := range v.Versions {
		got, ok := NormalizeVersion(tt.In)
		if want := tt.Out; (want == nil) == ok || want != nil && *want != got {
			t.Errorf("versions: NormalizeVersion(%q) = %q, %v; want %v", tt.In, got, ok, tt.Out)
		}
		ran++
	}
	for _, tt := range v.Find {
		t.Run("find/"+tt.Name, func(t *testing.T) {
			m := c.Find(tt.Key, tt.Version, tt.Role)
			var got []string
			for _, e := range m.Entries {
				got = append(got, e.ID)
			}
			slices.Sort(got)
			want := slices.Clone(tt.Entries)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("entries %v, want %v", got, want)
			}
			if !slices.Equal(m.RolesNeeded, tt.RolesNeeded) {
				t.Errorf("rolesNeeded %v, want %v", m.RolesNeeded, tt.RolesNeeded)
			}
			if !slices.Equal(m.OtherVersions, tt.OtherVersions) {
				t.Errorf("otherVersions %v, want %v", m.OtherVersions, tt.OtherVersions)
			}
		})
		ran++
	}
	byID := map[string]Entry{}
	for _, e := range c.Entries {
		byID[e.ID] = e
	}
	for _, tt := range v.Evaluate {
		t.Run("evaluate/"+tt.Name, func(t *testing.T) {
			var e Entry
			switch {
			case tt.Entry != nil:
				e = Entry{Comparison: tt.Entry.Comparison, Warning: tt.Entry.Warning, Critical: tt.Entry.Critical}
			case byID[tt.ID].ID != "":
				e = byID[tt.ID]
			default:
				t.Fatalf("no entry and no catalog id %q", tt.ID)
			}
			x, err := vectorValue(tt.Value)
			if err != nil {
				t.Fatal(err)
			}
			if got := e.Evaluate(x); got != tt.Level {
				t.Errorf("Evaluate(%v) = %s, want %s", x, got, tt.Level)
			}
		})
		ran++
	}
	t.Logf("%d shared vectors run (%d versions, %d find, %d evaluate)", ran, len(v.Versions), len(v.Find), len(v.Evaluate))
}

// FuzzFindPathEqualsLabels checks that the two ways of naming a counter, the
// full path (perfmon logs, query patterns) and the back end's labels (object,
// instance, counter), find the same limits, and that no key makes Find panic.
func FuzzFindPathEqualsLabels(f *testing.F) {
	c, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{`\\EXVM01\MSExchangeIS\RPC Averaged Latency`, `\\EX\LogicalDisk(D:)\Avg. Disk sec/Read`,
		`\\EX\MSExchange Database ==> Instances(Information Store/SG1#2)\I/O Database Reads Average Latency`,
		`\Processor(_Total)\% Processor Time`, `\Memory\Available MBytes`, `SendMail`, `\\x\(\y`} {
		f.Add(s, "2007", "database")
	}
	f.Fuzz(func(t *testing.T, key, version, role string) {
		byPath := c.Find(Key{Path: key}, version, role)
		_ = c.Find(Key{Task: key}, version, role)
		p, err := perfmon.ParseCounterPath(strings.TrimSpace(key))
		if err != nil || p.HasInstance && p.InstanceLabel() == "" {
			return // the labels cannot name an empty instance "()"
		}
		byLabels := c.Find(Key{Object: p.Object, Instance: p.InstanceLabel(), Counter: p.Counter}, version, role)
		if ids(byPath.Entries) != ids(byLabels.Entries) || !slices.Equal(byPath.RolesNeeded, byLabels.RolesNeeded) ||
			!slices.Equal(byPath.OtherVersions, byLabels.OtherVersions) {
			t.Fatalf("%q: by path %v, by labels %v", key, byPath, byLabels)
		}
	})
}

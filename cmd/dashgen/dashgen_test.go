package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/xenbench/xenbench/pkg/thresholds"
)

const dashboardsDir = "../../dashboards"

// TestDashboardsAreGenerated fails when dashboards/ differs from what the generator
// writes from the catalog: edit cmd/dashgen or the catalog, then `go run ./cmd/dashgen`.
func TestDashboardsAreGenerated(t *testing.T) {
	files, err := Render()
	if err != nil {
		t.Fatal(err)
	}
	onDisk, _ := filepath.Glob(filepath.Join(dashboardsDir, "*.json"))
	if len(onDisk) != len(files) {
		t.Errorf("dashboards/ has %d files, the generator writes %d", len(onDisk), len(files))
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dashboardsDir, name))
		if err != nil {
			t.Errorf("%v (run `go run ./cmd/dashgen`)", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("dashboards/%s is out of date with cmd/dashgen and pkg/thresholds/catalog.json: run `go run ./cmd/dashgen`", name)
		}
	}
}

type model struct {
	UID        string `json:"uid"`
	Time       struct{ From string }
	Templating struct {
		List []struct{ Name string }
	}
	Panels []map[string]any `json:"panels"`
}

func load(t *testing.T) map[string]model {
	t.Helper()
	files, err := Render()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]model{}
	for name, data := range files {
		var m model
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		out[name] = m
	}
	return out
}

func targets(p map[string]any) []map[string]any {
	var out []map[string]any
	list, _ := p["targets"].([]any)
	for _, t := range list {
		if m, ok := t.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func defaults(p map[string]any) map[string]any {
	fc, _ := p["fieldConfig"].(map[string]any)
	d, _ := fc["defaults"].(map[string]any)
	return d
}

// TestPanelsAreInRowsWithDescriptions: every dashboard starts with a row, every panel
// sits under a row that asks one of the questions, and every panel says what it shows.
func TestPanelsAreInRowsWithDescriptions(t *testing.T) {
	questions := map[string]bool{qLimits: true, qHost: true, qEvent: true}
	for name, m := range load(t) {
		if len(m.Panels) == 0 || m.Panels[0]["type"] != "row" {
			t.Errorf("%s: does not start with a row", name)
		}
		for _, p := range m.Panels {
			if p["type"] == "row" {
				if !questions[fmt.Sprint(p["title"])] {
					t.Errorf("%s: row %q is not one of the questions", name, p["title"])
				}
				continue
			}
			if d, _ := p["description"].(string); len(d) < 40 {
				t.Errorf("%s: panel %v (%v) has no real description: %q", name, p["id"], p["title"], d)
			}
		}
	}
}

// counterPath is the catalog-style counter a panel's exchange query reads.
func counterPath(q map[string]any) string {
	counters, _ := q["counters"].([]any)
	if len(counters) != 1 {
		return ""
	}
	return `\\EXVM01` + strings.TrimPrefix(fmt.Sprint(counters[0]), `\\*`)
}

// TestThresholdsFollowTheCatalog looks every Exchange counter panel up in the catalog
// with the back end's own matcher (thresholds.Lookup, Exchange 2007, the query's
// volume role) and checks that the panel's coloured levels are exactly the entry's
// warning and critical values, in its unit, and that its description names the entry.
// A counter with a catalog limit must not be drawn without it.
func TestThresholdsFollowTheCatalog(t *testing.T) {
	cat, err := thresholds.Load()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for name, m := range load(t) {
		for _, p := range m.Panels {
			ts := targets(p)
			if len(ts) != 1 || ts[0]["queryType"] != "exchange" || ts[0]["format"] != nil {
				continue
			}
			role, _ := ts[0]["volumeRole"].(string)
			var entry *thresholds.Entry
			for _, e := range cat.Lookup(counterPath(ts[0]), "2007", role) {
				if e.Aggregation == "average" || entry == nil {
					e := e
					entry = &e
				}
			}
			where := fmt.Sprintf("%s: panel %v (%v)", name, p["id"], p["title"])
			d := defaults(p)
			th, _ := d["thresholds"].(map[string]any)
			if entry == nil {
				if th != nil {
					t.Errorf("%s: thresholds without a catalog entry", where)
				}
				continue
			}
			checked++
			if th == nil {
				t.Errorf("%s: counter %s has catalog entry %s but no thresholds", where, entry.Counter, entry.ID)
				continue
			}
			if d["unit"] != entry.Unit {
				t.Errorf("%s: unit %v, catalog entry %s is in %s", where, d["unit"], entry.ID, entry.Unit)
			}
			var got []float64
			for _, s := range th["steps"].([]any) {
				if v, ok := s.(map[string]any)["value"].(float64); ok {
					got = append(got, v)
				}
			}
			var want []float64
			for _, v := range []*float64{entry.Warning, entry.Critical} {
				if v != nil {
					want = append(want, *v)
				}
			}
			sort.Float64s(got)
			sort.Float64s(want)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: threshold steps %v, catalog entry %s (%s) has %v", where, got, entry.ID, role, want)
			}
			if desc, _ := p["description"].(string); !strings.Contains(desc, "catalog entry "+entry.ID) {
				t.Errorf("%s: description does not name catalog entry %s", where, entry.ID)
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d panels checked against the catalog", checked)
	}
}

// TestLevelsOfLowerLimits checks the lt/le conversion on the one such catalog entry
// (available memory): the value at the limit is the warning colour, just above is ok.
func TestLevelsOfLowerLimits(t *testing.T) {
	cat, _ := thresholds.Load()
	l := &limits{cat: cat}
	e := l.entry("memory-available-2007")
	if e == nil || e.Comparison != "le" {
		t.Fatalf("memory-available-2007 is %+v", e)
	}
	s := steps(e)
	if len(s) != 2 || s[0].(map[string]any)["color"] != colorWarning || s[1].(map[string]any)["color"] != colorOK {
		t.Fatalf("steps %v", s)
	}
	if v := *s[1].(map[string]any)["value"].(*float64); !(v > *e.Warning) || v-*e.Warning > 1e-9 {
		t.Errorf("ok starts at %v, want just above %v", v, *e.Warning)
	}
}

var variableUse = regexp.MustCompile(`\$\{?([A-Za-z0-9_]+)`)

// TestNoUnusedVariables: each template variable is used by a query or a link.
func TestNoUnusedVariables(t *testing.T) {
	files, _ := Render()
	for name, data := range files {
		var m model
		_ = json.Unmarshal(data, &m)
		var panelsJSON []byte
		panelsJSON, _ = json.Marshal(m.Panels)
		used := map[string]bool{}
		for _, match := range variableUse.FindAllSubmatch(panelsJSON, -1) {
			used[string(match[1])] = true
		}
		for _, v := range m.Templating.List {
			if !used[v.Name] {
				t.Errorf("%s: variable %s is used by no panel", name, v.Name)
			}
		}
	}
}

// TestPlatformColoursAreFixed: every panel whose series are named by platform pins
// native and virtual to the same colours.
func TestPlatformColoursAreFixed(t *testing.T) {
	for name, m := range load(t) {
		for _, p := range m.Panels {
			ts := targets(p)
			if len(ts) == 0 || !strings.Contains(fmt.Sprint(ts[0]["alias"]), "$platform") {
				continue
			}
			raw, _ := json.Marshal(p["fieldConfig"])
			for _, want := range []string{`\\(native\\)`, `"fixedColor":"` + colorNative + `"`, `\\(virtual\\)`, `"fixedColor":"` + colorVirtual + `"`} {
				if !strings.Contains(string(raw), want) {
					t.Errorf("%s: panel %v (%v) lacks %s", name, p["id"], p["title"], want)
				}
			}
		}
	}
}

// TestDefaultRangeShowsTheDemoEvents: the demo's events recur every 150 minutes, so
// every dashboard opens on a range at least that long.
func TestDefaultRangeShowsTheDemoEvents(t *testing.T) {
	for name, m := range load(t) {
		if m.Time.From != "now-3h" {
			t.Errorf("%s: default range from %s, want now-3h (a 150-minute cycle fits)", name, m.Time.From)
		}
	}
}

// TestEventTablesLinkToTheEventWindow: every events table links each row to a
// dashboard over the row's own start and end.
func TestEventTablesLinkToTheEventWindow(t *testing.T) {
	found := 0
	for name, m := range load(t) {
		for _, p := range m.Panels {
			ts := targets(p)
			if p["type"] != "table" || len(ts) == 0 || ts[0]["queryType"] != "events" {
				continue
			}
			found++
			links, _ := defaults(p)["links"].([]any)
			if len(links) == 0 {
				t.Errorf("%s: events table %v has no data links", name, p["id"])
			}
			for _, l := range links {
				url := fmt.Sprint(l.(map[string]any)["url"])
				if !strings.Contains(url, "from=${__data.fields.start.numeric}") || !strings.Contains(url, "to=${__data.fields.end.numeric}") {
					t.Errorf("%s: link %s does not open the event's window", name, url)
				}
			}
		}
	}
	if found < 3 {
		t.Errorf("only %d events tables", found)
	}
}

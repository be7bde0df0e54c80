// Command dashgen writes the bundle's dashboards (dashboards/*.json) from Go: every
// threshold comes from the catalog (pkg/thresholds/catalog.json) the alert rules are
// built from, per volume role, and each panel shown on several dashboards is written
// once (panels.go). Run it from the repository root after changing the catalog or a
// dashboard:
//
//	go run ./cmd/dashgen
//
// `go test ./cmd/dashgen` fails when the files differ from what it would write.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/thresholds"
)

// schemaVersion is the dashboard schema the files are written in (Grafana 12.0 reads
// and migrates it; tests/dashboards checks the floor).
const schemaVersion = 41

func main() {
	out := flag.String("out", "dashboards", "folder to write the dashboards to")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "dashgen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	files, err := Render()
	if err != nil {
		return err
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Render returns each dashboard file's content by file name.
func Render() (map[string][]byte, error) {
	cat, err := thresholds.Load()
	if err != nil {
		return nil, err
	}
	dashboards, err := Build(cat)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, d := range dashboards {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(d.model()); err != nil {
			return nil, fmt.Errorf("%s: %w", d.file, err)
		}
		files[d.file] = buf.Bytes()
	}
	return files, nil
}

// model is the dashboard JSON model: rows expanded, panels laid out left to right
// below their row, 24 columns wide.
func (d dashboard) model() map[string]any {
	var panels []any
	y := 0
	for _, s := range d.sections {
		panels = append(panels, map[string]any{
			"id": s.row.id, "type": "row", "title": s.row.title, "collapsed": false, "panels": []any{},
			"gridPos": map[string]any{"x": 0, "y": y, "w": 24, "h": 1},
		})
		y++
		x, rowHeight := 0, 0
		for _, p := range s.panels {
			if x+p.w > 24 {
				x, y, rowHeight = 0, y+rowHeight, 0
			}
			p.p["gridPos"] = map[string]any{"x": x, "y": y, "w": p.w, "h": p.h}
			panels = append(panels, map[string]any(p.p))
			x += p.w
			rowHeight = max(rowHeight, p.h)
		}
		y += rowHeight
	}
	vars := []any{map[string]any{
		"name": "datasource", "label": "Datasource", "type": "datasource", "query": datasourceID,
		"hide": 0, "refresh": 1, "options": []any{},
	}}
	for _, name := range d.variables {
		vars = append(vars, inventoryVariable(name))
	}
	annotations := []any{map[string]any{
		"builtIn": 1, "datasource": map[string]any{"type": "grafana", "uid": "-- Grafana --"},
		"enable": true, "hide": true, "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts", "type": "dashboard",
	}}
	for _, a := range d.annotations {
		annotations = append(annotations, a)
	}
	return map[string]any{
		"uid": d.uid, "title": d.title, "description": d.description, "tags": []string{"xenbench"},
		"schemaVersion": schemaVersion, "version": 1, "revision": 1, "editable": true, "graphTooltip": 1,
		"time": map[string]any{"from": defaultRange, "to": "now"}, "refresh": "30s", "timezone": "browser",
		"links": []any{map[string]any{
			"type": "dashboards", "tags": []string{"xenbench"}, "asDropdown": false, "title": "xenbench",
			"includeVars": true, "keepTime": true, "icon": "external link", "targetBlank": false, "tooltip": "", "url": "",
		}},
		"templating":  map[string]any{"list": vars},
		"annotations": map[string]any{"list": annotations},
		"panels":      panels,
	}
}

// variables are the inventory lists a dashboard can filter on.
var variables = map[string]struct {
	label string
	kind  contract.InventoryKind
}{
	"host":     {"Host", "hosts"},
	"vm":       {"VM", "vms"},
	"server":   {"Exchange server", "servers"},
	"workload": {"Workload", "workloads"},
}

func inventoryVariable(name string) map[string]any {
	v := variables[name]
	return map[string]any{
		"name": name, "label": v.label, "type": "query", "datasource": dsRef(),
		"query":      variableQuery(name, v.kind),
		"definition": v.kind, "multi": true, "includeAll": true, "allValue": "*", "refresh": 1,
		"options": []any{}, "hide": 0, "sort": 1,
	}
}

// variableQuery lists one inventory kind for a variable; it is not a panel target, so it
// carries no datasource of its own.
func variableQuery(name string, kind contract.InventoryKind) map[string]any {
	q := query(name, &contract.InventoryQuery{InventoryKind: kind})
	delete(q, "datasource")
	return q
}

func joinErrors(errs []error) error { return errors.Join(errs...) }

package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/xenbench/xenbench/pkg/thresholds"
)

// dashboardVersion is the Exchange version whose catalog limits colour the panels:
// the study's (2007), as the provisioned datasource and alert rules use. Panel
// descriptions also give the 2010+ limit of the same counter.
const dashboardVersion = thresholds.Version2007

// Colours of threshold levels and platforms: the latency-compare panel's own choices
// (src/panel/components/palette.ts), so every view reads the same.
const (
	colorOK       = "green"
	colorWarning  = "yellow"
	colorCritical = "red"
	colorNative   = "blue"
	colorVirtual  = "orange"
	colorUnknown  = "text"
)

// limits finds catalog entries by id; a missing id is a generator error, so a renamed
// catalog entry breaks `go test ./cmd/dashgen` instead of leaving a panel without limit.
type limits struct {
	cat  *thresholds.Catalog
	errs []error
}

func (l *limits) entry(id string) *thresholds.Entry {
	for i := range l.cat.Entries {
		if l.cat.Entries[i].ID == id {
			return &l.cat.Entries[i]
		}
	}
	l.errs = append(l.errs, fmt.Errorf("catalog has no entry %q", id))
	return nil
}

// counterEntry returns the entry for a counter, version and volume role, as the back
// end's catalog lookup matches it (pkg/thresholds Lookup): one entry with exactly that
// counter and role.
func (l *limits) counterEntry(counter, version, role string) *thresholds.Entry {
	var found *thresholds.Entry
	for i := range l.cat.Entries {
		e := &l.cat.Entries[i]
		if e.Counter == counter && e.ExchangeVersion == version && e.VolumeRole == role {
			if found != nil && found.Aggregation == "average" {
				continue // prefer the average entry; max entries are spikes of the same counter
			}
			found = e
		}
	}
	return found
}

// steps turns a catalog entry into Grafana threshold steps. Grafana colours a value with
// the last step whose value is at or below it, so for gt/ge the levels are steps at the
// limits (a value equal to a gt limit already shows the level: stricter than the rule,
// never greener); for lt/le the base is the worst level and green starts just above the
// limit.
func steps(e *thresholds.Entry) []any {
	if e == nil {
		return nil
	}
	type level struct {
		value *float64
		color string
	}
	levels := []level{{e.Warning, colorWarning}, {e.Critical, colorCritical}}
	var out []any
	switch e.Comparison {
	case "gt", "ge":
		out = append(out, step(nil, colorOK))
		for _, lv := range levels {
			if lv.value != nil {
				out = append(out, step(lv.value, lv.color))
			}
		}
	case "lt", "le":
		// From the bottom: critical (if any), then warning, then ok above the warning.
		base := colorWarning
		if e.Critical != nil {
			base = colorCritical
		}
		out = append(out, step(nil, base))
		if e.Critical != nil && e.Warning != nil {
			out = append(out, step(above(*e.Critical, e.Comparison), colorWarning))
		}
		top := e.Warning
		if top == nil {
			top = e.Critical
		}
		out = append(out, step(above(*top, e.Comparison), colorOK))
	}
	return out
}

// above is the first value past a lower limit that no longer reaches it: the limit
// itself for lt (v < limit fires), the next float for le (v <= limit fires).
func above(limit float64, comparison string) *float64 {
	if comparison == "le" {
		limit = math.Nextafter(limit, math.Inf(1))
	}
	return &limit
}

func step(v *float64, color string) map[string]any {
	return map[string]any{"color": color, "value": v}
}

var comparisonText = map[string]string{"gt": ">", "ge": "≥", "lt": "<", "le": "≤"}

// describe says, in one sentence, what an entry's limit is and where it comes from.
func describe(e *thresholds.Entry) string {
	if e == nil {
		return ""
	}
	var levels []string
	if e.Warning != nil {
		levels = append(levels, fmt.Sprintf("warning %s %g %s", comparisonText[e.Comparison], *e.Warning, e.Unit))
	}
	if e.Critical != nil {
		levels = append(levels, fmt.Sprintf("critical %s %g %s", comparisonText[e.Comparison], *e.Critical, e.Unit))
	}
	role := ""
	if e.VolumeRole != "" {
		role = ", " + e.VolumeRole + " volumes"
	}
	verified := ""
	if !e.Verified {
		verified = " (unverified: " + e.Note + ")"
	}
	return fmt.Sprintf("Exchange %s limit%s: %s of the %s (catalog entry %s; source: %s, %s)%s.",
		e.ExchangeVersion, role, strings.Join(levels, ", "), aggregationText[e.Aggregation], e.ID, e.Source.Title, e.Source.URL, verified)
}

var aggregationText = map[string]string{"average": "average", "max": "highest sample", "min": "lowest sample", "p95": "95th percentile"}

// limitDescription is a panel description: what the panel shows, the limit that colours
// it (Exchange 2007, the study's version), and the 2010+ limit of the same counter.
func (l *limits) limitDescription(what string, e *thresholds.Entry) string {
	parts := []string{what}
	if e != nil {
		parts = append(parts, "Colours and the threshold line: "+describe(e))
		if later := l.counterEntry(e.Counter, thresholds.Version2010Up, ""); later != nil && !e.IsTask() {
			parts = append(parts, "On Exchange 2010 and later: "+describe(later))
		}
		parts = append(parts, "The alert rule of this counter uses the same catalog entry (provisioning/alerting, the app's Alert rules page).")
	}
	return strings.Join(parts, " ")
}

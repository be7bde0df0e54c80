package dashboards

import (
	"fmt"
	"math"
	"sort"
)

// checkPanelShowsRule checks that the panel an alert rule links to agrees with the
// rule, so a panel never shows green where its rule fires: its queries read the same
// counter in the same volume role as the rule's query, and its threshold colour just
// past the rule's limit (and far past it) is not green. Our latency-compare panel
// draws the catalog's bands itself and has no threshold steps to compare.
func checkPanelShowsRule(r alertRule, p map[string]any) []string {
	if p == nil || p["type"] == PanelID {
		return nil
	}
	var ruleQuery map[string]any
	var evaluator string
	var limit float64
	haveLimit := false
	for _, q := range r.Data {
		if q.DatasourceUID != "__expr__" {
			ruleQuery = q.Model
			continue
		}
		if q.Model["type"] != "threshold" {
			continue
		}
		conds, _ := q.Model["conditions"].([]any)
		if len(conds) == 0 {
			continue
		}
		c, _ := conds[0].(map[string]any)
		ev, _ := c["evaluator"].(map[string]any)
		evaluator, _ = ev["type"].(string)
		if params, _ := ev["params"].([]any); len(params) > 0 {
			limit, haveLimit = toFloat(params[0])
		}
	}
	var out []string
	if ruleQuery != nil && !panelReadsQuery(p, ruleQuery) {
		out = append(out, fmt.Sprintf("panel %v (%v) does not query what the rule does (queryType %v, counters %v, volumeRole %v)",
			p["id"], p["title"], ruleQuery["queryType"], ruleQuery["counters"], ruleQuery["volumeRole"]))
	}
	if !haveLimit || (evaluator != "gt" && evaluator != "lt") {
		return out
	}
	steps := thresholdSteps(p)
	if len(steps) == 0 {
		return append(out, fmt.Sprintf("panel %v (%v) has no thresholds, but the rule fires %s %g", p["id"], p["title"], evaluator, limit))
	}
	probes := []float64{math.Nextafter(limit, math.Inf(1)), limit*10 + 1e6}
	if evaluator == "lt" {
		probes = []float64{math.Nextafter(limit, math.Inf(-1)), limit*10 - 1e6}
	}
	for _, v := range probes {
		if c := colourAt(steps, v); c == "green" || c == "" {
			out = append(out, fmt.Sprintf("panel %v (%v) shows %q at %g, where the rule fires (%s %g)", p["id"], p["title"], c, v, evaluator, limit))
		}
	}
	return out
}

// panelReadsQuery reports whether one of the panel's targets has the rule query's
// query type, counters, volume role, event kinds and inventory kind.
func panelReadsQuery(p map[string]any, rule map[string]any) bool {
	targets, _ := p["targets"].([]any)
	for _, t := range targets {
		tm, _ := t.(map[string]any)
		if tm == nil {
			continue
		}
		same := true
		for _, key := range []string{"queryType", "counters", "volumeRole", "eventKinds", "inventoryKind"} {
			same = same && fmt.Sprint(tm[key]) == fmt.Sprint(rule[key])
		}
		if same {
			return true
		}
	}
	return false
}

type thresholdStep struct {
	value float64 // -Inf for the base step
	color string
}

func thresholdSteps(p map[string]any) []thresholdStep {
	fc, _ := p["fieldConfig"].(map[string]any)
	defaults, _ := fc["defaults"].(map[string]any)
	th, _ := defaults["thresholds"].(map[string]any)
	raw, _ := th["steps"].([]any)
	var out []thresholdStep
	for _, s := range raw {
		sm, _ := s.(map[string]any)
		color, _ := sm["color"].(string)
		v, ok := toFloat(sm["value"])
		if !ok {
			v = math.Inf(-1)
		}
		out = append(out, thresholdStep{v, color})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].value < out[j].value })
	return out
}

// colourAt is the colour Grafana gives a value: that of the last step at or below it.
func colourAt(steps []thresholdStep, v float64) string {
	color := ""
	for _, s := range steps {
		if s.value <= v {
			color = s.color
		}
	}
	return color
}

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	}
	return 0, false
}

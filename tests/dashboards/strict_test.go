package dashboards

import (
	"strings"
	"testing"
)

// TestProvisionedQueriesDecodeStrictly decodes every query of the provisioned
// dashboards (targets, annotations, variables) and alert rules as the back end does:
// an unknown or misspelt field, or a value outside its list, fails the test.
func TestProvisionedQueriesDecodeStrictly(t *testing.T) {
	problems, checked := StrictQueries(repoRoot)
	for _, p := range problems {
		t.Error(p)
	}
	// The four dashboards and the alert rules hold dozens of queries; finding few means
	// the walk no longer finds them, not that they are clean.
	if checked < 40 {
		t.Errorf("only %d queries found in dashboards/ and provisioning/alerting/", checked)
	}
	t.Logf("%d queries decoded strictly", checked)
}

// TestStrictQueriesReportsEachMistake runs the check on a fixture holding one mistake
// per place a query can hide, and a clean query and another datasource's queries that
// must not be reported.
func TestStrictQueriesReportsEachMistake(t *testing.T) {
	problems, checked := StrictQueries("testdata/strict")
	want := []string{
		`annotation 0 (Runs): unknown format "annotation" for a loadgen query: use table, annotations or compliance`,
		`annotation 1 (Legacy): no target`,
		`variable server: ignored field(s) "inventorykind" (did you mean "inventoryKind"?)`,
		`variable legacy: query is not a query object`,
		`panel 2 (Nested) targets[0]: ignored field(s) "counter" (did you mean "counters"?)`,
		`rule typo-rule query A: ignored field(s) "reduce" (did you mean "reducer"?)`,
		`rule typo-rule query B: unknown reducer "max" for a loadgen query: use mean or p95`,
	}
	if len(problems) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(problems), len(want), strings.Join(problems, "\n"))
	}
	for _, w := range want {
		found := false
		for _, p := range problems {
			found = found || strings.Contains(p, w)
		}
		if !found {
			t.Errorf("no problem contains %q", w)
		}
	}
	// Anno, server, Nested A, the clean metrics target, rule A and B: 6 decoded.
	if checked != 6 {
		t.Errorf("decoded %d queries, want 6", checked)
	}
}

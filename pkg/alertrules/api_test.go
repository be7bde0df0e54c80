package alertrules

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/xenbench/xenbench/pkg/thresholds"
)

// appRules is what the app's Alert rules page installs (src/pages/AlertRules). After
// changing the catalog or the rules, regenerate it with:
//
//	go test ./pkg/alertrules -run TestAppRulesAreGenerated -update
const appRules = "../../src/pages/AlertRules/catalogRules.json"

func renderAppRules(t *testing.T) []byte {
	t.Helper()
	cat, err := thresholds.Load()
	if err != nil {
		t.Fatal(err)
	}
	rules, err := APIRules(cat)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{
		"_comment":              "Generated from pkg/thresholds/catalog.json by pkg/alertrules (APIRules); do not edit. Regenerate: go test ./pkg/alertrules -run TestAppRulesAreGenerated -update",
		"datasourcePlaceholder": DatasourcePlaceholder,
		"rules":                 rules,
	}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAppRulesAreGenerated(t *testing.T) {
	want := renderAppRules(t)
	if *update {
		if err := os.WriteFile(appRules, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(appRules)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date with the catalog; regenerate it (see the comment above)", appRules)
	}
}

// TestAppRulesMatchTheProvisionedOnes: the installable 2007 rules are the provisioned
// rules with the placeholder for the datasource, and every query of ours reads it.
func TestAppRulesMatchTheProvisionedOnes(t *testing.T) {
	cat, _ := thresholds.Load()
	rules, err := APIRules(cat)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := Build(cat, provisionedOptions())
	if len(rules["2007"]) != len(f.Groups[0].Rules) || len(rules["2010+"]) == 0 {
		t.Fatalf("2007: %d rules, provisioned %d; 2010+: %d", len(rules["2007"]), len(f.Groups[0].Rules), len(rules["2010+"]))
	}
	for i, r := range rules["2007"] {
		p := f.Groups[0].Rules[i]
		if r.UID != p.UID || r.Annotations["__dashboardUid__"] != p.DashboardUID || r.Annotations["summary"] != p.Annotations["summary"] {
			t.Errorf("rule %d: %s differs from the provisioned %s", i, r.UID, p.UID)
		}
		for _, q := range r.Data {
			if q.DatasourceUID != "__expr__" && q.DatasourceUID != DatasourcePlaceholder {
				t.Errorf("%s: query %s reads %q", r.UID, q.RefID, q.DatasourceUID)
			}
		}
	}
}

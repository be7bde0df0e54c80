package main

import "testing"

func TestIsSemver(t *testing.T) {
	for v, want := range map[string]bool{
		"1.2.3": true, "0.1.0": true, "10.4.0-beta.1": true, "1.0.0+build.5": true, "1.0.0-rc.1+sha.abc": true,
		"1.2": false, "01.2.3": false, "1.2.3.4": false, "v1.2.3": false, "%VERSION%": false, "": false, "1.2.3-": false,
	} {
		if got := isSemver(v); got != want {
			t.Errorf("isSemver(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestParseConstraint(t *testing.T) {
	valid := []string{">=11.6.0", ">=11.6.0-0", "^10.4", "~11.6.0", "11.x", ">=10.4.0 <13", ">=10.4.0, <13.0.0",
		">= 11.6.0", "10.4.0 - 12.0.0", ">=9.0.0 || >=11.6.0", "*", "=12.0.0", "!=11.0.0", "11.6.x"}
	invalid := []string{"", "  ", "eleven", ">=", ">=11.6.0 ||", "11.6.0 - >=12", "> = 11", "11..6", ">=11.6.0.1"}
	for _, c := range valid {
		if err := parseConstraint(c); err != nil {
			t.Errorf("parseConstraint(%q): %v", c, err)
		}
	}
	for _, c := range invalid {
		if err := parseConstraint(c); err == nil {
			t.Errorf("parseConstraint(%q): want an error", c)
		}
	}
}

// FuzzParseConstraint checks that any input gets an answer without a panic, and that
// accepted ranges stay accepted with surrounding spaces.
func FuzzParseConstraint(f *testing.F) {
	for _, s := range []string{">=11.6.0", "^10.4 || 12.x", "1.0.0 - 2.0.0", ">= 1, <2", "", "||", "- -"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, c string) {
		if parseConstraint(c) == nil {
			if err := parseConstraint(" " + c + " "); err != nil {
				t.Errorf("%q accepted but not with spaces around: %v", c, err)
			}
		}
	})
}

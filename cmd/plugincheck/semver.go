package main

import (
	"fmt"
	"regexp"
	"strings"
)

// semverPattern is Semantic Versioning 2.0.0 (https://semver.org, "Is there a
// suggested regular expression"), written out here: MAJOR.MINOR.PATCH with optional
// pre-release and build metadata, no leading zeros in numbers.
var semverPattern = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)` +
	`(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
	`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// isSemver reports whether v is a full semantic version such as 1.2.3 or 1.2.3-beta.1.
func isSemver(v string) bool { return semverPattern.MatchString(v) }

// constraintTerm is one comparison of a version range: an optional operator and a
// possibly partial version with x/X/* wildcards ("11", "11.6", "11.6.x", "11.6.0-0").
var constraintTerm = regexp.MustCompile(`^(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)?\s*v?` +
	`([0-9]+|[xX*])(?:\.([0-9]+|[xX*]))?(?:\.([0-9]+|[xX*]))?` +
	`(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$`)

// parseConstraint checks a version range in the syntax plugin-validator's
// grafanadependency analyzer accepts (github.com/Masterminds/semver/v3 NewConstraint,
// whose grammar Grafana documents as node-semver ranges): "||" separates
// alternatives; inside one, terms are separated by commas or spaces and all must
// hold; "A - B" is an inclusive range. It returns a description of the first
// problem, or nil.
func parseConstraint(c string) error {
	if strings.TrimSpace(c) == "" {
		return fmt.Errorf("the range is empty")
	}
	for _, alt := range strings.Split(c, "||") {
		alt = strings.TrimSpace(alt)
		if alt == "" {
			return fmt.Errorf("empty alternative around \"||\"")
		}
		if lo, hi, ok := strings.Cut(alt, " - "); ok {
			for _, v := range []string{lo, hi} {
				if err := parseTerm(strings.TrimSpace(v), false); err != nil {
					return err
				}
			}
			continue
		}
		for _, term := range splitTerms(alt) {
			if err := parseTerm(term, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// splitTerms splits "a, b" or "a b" into terms, keeping an operator separated from its
// version by spaces (">= 11.6") as one term.
func splitTerms(alt string) []string {
	fields := strings.FieldsFunc(alt, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	var terms []string
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if strings.Trim(f, "=<>!~^") == "" && i+1 < len(fields) {
			f += fields[i+1]
			i++
		}
		terms = append(terms, f)
	}
	return terms
}

func parseTerm(term string, operatorAllowed bool) error {
	m := constraintTerm.FindStringSubmatch(term)
	if m == nil {
		return fmt.Errorf("%q is not a version comparison such as >=11.6.0", term)
	}
	if m[1] != "" && !operatorAllowed {
		return fmt.Errorf("%q: a hyphen range takes bare versions", term)
	}
	return nil
}

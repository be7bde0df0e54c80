package main

import (
	"encoding/json"
	"fmt"
	"io"
)

// Severity orders results the way plugin-validator does (pkg/analysis/analysis.go):
// an error fails the submission, a warning is shown but does not.
type Severity int

const (
	OK Severity = iota
	// Skipped marks a check that could not run because an earlier one failed (for
	// example no plugin.json); it neither passes nor fails the zip.
	Skipped
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case OK:
		return "ok"
	case Skipped:
		return "skip"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalText makes Severity print as its name in JSON output.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Result is one finding: Check is the check (analyzer) name, Rule the specific rule
// inside it, both spelled as in plugin-validator where we mirror one.
type Result struct {
	Severity Severity `json:"severity"`
	Check    string   `json:"check"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
	Detail   string   `json:"detail,omitempty"`
}

// Report holds every check's results in the order the checks ran.
type Report struct {
	Zip     string   `json:"zip"`
	ID      string   `json:"id"`
	Version string   `json:"version"`
	Results []Result `json:"results"`
}

// Count returns how many results have the given severity.
func (r *Report) Count(s Severity) int {
	n := 0
	for _, res := range r.Results {
		if res.Severity == s {
			n++
		}
	}
	return n
}

// Failed reports whether the zip must be rejected: any error, or with strict any warning.
func (r *Report) Failed(strict bool) bool {
	return r.Count(Error) > 0 || (strict && r.Count(Warning) > 0)
}

// WriteText prints one line per result like plugincheck2's CLI output
// (pkg/analysis/output/output.go: "<severity>: <title>" and an indented detail), with
// the check and rule names added so that a failure points at its rule.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "plugincheck: %s (id %s, version %s)\n", r.Zip, r.ID, r.Version)
	for _, res := range r.Results {
		name := res.Check + "/" + res.Rule
		if res.Severity == OK || res.Severity == Skipped {
			name = res.Check
		}
		fmt.Fprintf(w, "%-8s %s: %s\n", res.Severity.String()+":", name, res.Message)
		if res.Detail != "" {
			fmt.Fprintf(w, "        detail: %s\n", res.Detail)
		}
	}
	fmt.Fprintf(w, "%d error(s), %d warning(s), %d ok, %d skipped\n", r.Count(Error), r.Count(Warning), r.Count(OK), r.Count(Skipped))
}

// WriteJSON prints the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

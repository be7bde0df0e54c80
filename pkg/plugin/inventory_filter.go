package plugin

import (
	"regexp"
	"sort"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// inventoryFilter compiles an inventory query's regex filter; an empty filter keeps
// every name.
func inventoryFilter(expr string) (func(string) bool, error) {
	if expr == "" {
		return func(string) bool { return true }, nil
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, backend.DownstreamErrorf("inventory filter %q is not a valid regular expression: %v", expr, err)
	}
	return re.MatchString, nil
}

// filterNames keeps the names the filter matches.
func filterNames(names []string, expr string) ([]string, error) {
	keep, err := inventoryFilter(expr)
	if err != nil {
		return nil, err
	}
	out := names[:0]
	for _, n := range names {
		if keep(n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// uniqueSorted sorts names and drops duplicates and empty names.
func uniqueSorted(names []string) []string {
	sort.Strings(names)
	out := names[:0]
	for i, n := range names {
		if n != "" && (i == 0 || n != names[i-1]) {
			out = append(out, n)
		}
	}
	return out
}

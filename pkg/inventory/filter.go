package inventory

import (
	"regexp"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// NameFilter compiles an inventory query's regex filter; an empty filter keeps every
// name. A bad expression is the user's to fix, so the error is downstream.
func NameFilter(expr string) (func(string) bool, error) {
	if expr == "" {
		return func(string) bool { return true }, nil
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, backend.DownstreamErrorf("inventory filter %q is not a valid regular expression: %v", expr, err)
	}
	return re.MatchString, nil
}

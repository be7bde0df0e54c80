package exchange

import (
	"math"
	"strings"
	"testing"
)

func TestJudgeMigration(t *testing.T) {
	steady := []float64{10, 11, 12, 10, 11, 12, 10, 11, 12, 13} // p95 13
	for name, tc := range map[string]struct {
		before, after []float64
		complete      bool
		want          string
	}{
		"same latency":        {steady, steady, true, "no lasting performance loss (p95 13 → 13 ms)"},
		"within the margin":   {steady, []float64{12, 14}, true, "no lasting performance loss"},
		"slower":              {steady, []float64{20, 21, 22}, true, "slower after the migration: p95 13 → 22 ms (+69 %)"},
		"faster":              {steady, []float64{5, 6}, true, "no lasting performance loss (p95 13 → 6 ms)"},
		"not yet":             {steady, []float64{20}, false, "pending"},
		"no samples before":   {nil, steady, true, "no RPC latency samples"},
		"only missing after":  {steady, []float64{math.NaN()}, true, "no RPC latency samples"},
		"tiny absolute delta": {[]float64{0.5}, []float64{1.2}, true, "no lasting performance loss"},
	} {
		v := JudgeMigration(tc.before, tc.after, tc.complete)
		if !strings.HasPrefix(v.Text, tc.want) {
			t.Errorf("%s: %q, want it to start with %q", name, v.Text, tc.want)
		}
	}
}

package loadgen

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/xenbench/xenbench/pkg/contract"
)

// Result is one run x server x task.
type Result struct {
	RunID, Workload, Server, Platform, Task string
	Start, End                              time.Time
	Count                                   int64
	AvgMs, P95Ms                            float64
}

func normPlatform(s string) (string, error) {
	switch p := strings.ToLower(strings.TrimSpace(s)); p {
	case "", contract.PlatformNative, contract.PlatformVirtual:
		return p, nil
	default:
		return "", fmt.Errorf("platform %q is neither %q nor %q", s, contract.PlatformNative, contract.PlatformVirtual)
	}
}

// P95 returns the nearest-rank 95th percentile of the values: the
// ceil(0.95*n)-th smallest. It sorts vals in place. NaN for no values.
func P95(vals []float64) float64 {
	if len(vals) == 0 {
		return math.NaN()
	}
	slices.Sort(vals)
	rank := int(math.Ceil(0.95 * float64(len(vals))))
	return vals[rank-1]
}

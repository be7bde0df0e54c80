package exchange

import (
	"context"
	"fmt"
	"sort"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Health says what the log folder holds: servers by platform, counters, load-test
// runs, and the warnings met reading them.
func (s *Source) Health(ctx context.Context) (string, error) {
	store, err := s.perfmonStore()
	if err != nil {
		return "", err
	}
	cols, warnings, err := store.Columns(ctx)
	if err != nil {
		return "", backend.DownstreamError(err)
	}
	servers := map[string]bool{}
	for _, c := range cols {
		servers[c.Server] = true
	}
	rs, lw, err := s.runs.Scan()
	if err != nil {
		return "", backend.DownstreamErrorf("load-test results: %v", err)
	}
	runs := map[string]bool{}
	for _, r := range rs {
		runs[r.RunID] = true
	}
	names := make([]string, 0, len(servers))
	for n := range servers {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return "", backend.DownstreamErrorf("folder %s holds no perfmon logs below perfmon/ (expected perfmon/<server>/*.csv as relog or typeperf write them)", s.cfg.LogFolder)
	}
	resolver, notice := s.Resolver(ctx)
	msg := fmt.Sprintf("folder %s: %d servers (%s), %d counters, %d load-test runs",
		s.cfg.LogFolder, len(names), PlatformCounts(resolver.ResolveAll(names)), len(cols), len(runs))
	for _, w := range append(append(warnings, lw...), notice) {
		if w != "" {
			msg += "\nwarning: " + w
		}
	}
	return msg, nil
}

// PlatformCounts words how many servers are virtual, native and unknown, e.g.
// "3 virtual, 2 native" or "0 virtual, 0 native, 8 unknown"; unknown servers are
// never counted as native.
func PlatformCounts(rs []Resolution) string {
	n := map[string]int{}
	for _, r := range rs {
		n[r.Platform]++
	}
	out := fmt.Sprintf("%d virtual, %d native", n[Virtual], n[Native])
	if n[Unknown] > 0 {
		out += fmt.Sprintf(", %d unknown", n[Unknown])
	}
	return out
}

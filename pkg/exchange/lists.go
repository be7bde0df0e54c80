package exchange

import (
	"context"
	"sort"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/perfmon"
)

// Inventory kinds the log folder lists.
const (
	ListServers   = "servers"
	ListCounters  = "counters"
	ListWorkloads = "workloads"
	ListRuns      = "runs"
	ListTasks     = "tasks"
)

// IsList reports whether an inventory kind lists things from the log folder rather
// than from the pool.
func IsList(kind string) bool {
	switch kind {
	case ListServers, ListCounters, ListWorkloads, ListRuns, ListTasks:
		return true
	}
	return false
}

// List returns the sorted, distinct names of one kind whose names the regex filter
// keeps. Counters are offered as the pattern that selects them on every server
// (\\*\Object(Instance)\Counter), for the servers the servers globs select.
func (s *Source) List(ctx context.Context, kind, servers, filter string) ([]string, error) {
	keep, err := inventory.NameFilter(filter)
	if err != nil {
		return nil, err
	}
	var names []string
	switch kind {
	case ListServers:
		names, err = s.servers(ctx)
		if err != nil {
			return nil, err
		}
	case ListCounters:
		cols, err := s.columns(ctx)
		if err != nil {
			return nil, err
		}
		globs := SplitList(servers)
		for _, c := range cols {
			if MatchAnyGlob(globs, c.Server) {
				p := c.Path
				p.Machine = "*"
				names = append(names, p.String())
			}
		}
	case ListWorkloads, ListRuns, ListTasks:
		rs, _, err := s.scanResults()
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			switch kind {
			case ListWorkloads:
				names = append(names, r.Workload)
			case ListRuns:
				names = append(names, r.RunID)
			default:
				names = append(names, r.Task)
			}
		}
	default:
		return nil, backend.DownstreamErrorf("unknown inventory kind %q", kind)
	}
	out := []string{}
	for _, n := range uniqueSorted(names) {
		if keep(n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// servers lists every server found in the perfmon logs and, when the results folder
// can be read, in the load-test results.
func (s *Source) servers(ctx context.Context) ([]string, error) {
	cols, err := s.columns(ctx)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, c := range cols {
		names = append(names, c.Server)
	}
	if rs, _, err := s.runs.Scan(); err == nil {
		for _, r := range rs {
			names = append(names, r.Server)
		}
	}
	return uniqueSorted(names), nil
}

// Platforms is the settings page's resolution table: every server found in the logs
// and results, and why it is native, virtual or unknown.
func (s *Source) Platforms(ctx context.Context) ([]Resolution, error) {
	servers, err := s.servers(ctx)
	if err != nil {
		return nil, err
	}
	resolver, notice := s.Resolver(ctx)
	out := resolver.ResolveAll(servers)
	if notice != "" {
		for i := range out {
			out[i].Reason += "; " + notice
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

// columns lists the counters the perfmon logs hold.
func (s *Source) columns(ctx context.Context) ([]perfmon.Column, error) {
	store, err := s.perfmonStore()
	if err != nil {
		return nil, err
	}
	cols, _, err := store.Columns(ctx)
	if err != nil {
		return nil, backend.DownstreamError(err)
	}
	return cols, nil
}

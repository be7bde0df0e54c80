package exchange

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/perfmon"
	"github.com/xenbench/xenbench/pkg/series"
)

// CounterQuery selects perfmon counter series.
type CounterQuery struct {
	Counters   []string // path patterns, e.g. \\*\MSExchangeIS\RPC Averaged Latency
	Servers    string   // server globs, comma list or {a,b}; empty or "*" for all
	Platform   string   // native, virtual, unknown; empty for all
	VolumeRole string   // database or log: LogicalDisk series of volumes in that role
	From, To   time.Time
}

// CounterSeries is one perfmon counter of one server, with what the catalog and the
// panel need to know about it as typed fields (not only as labels).
type CounterSeries struct {
	series.Series
	Path       string // full counter path as in the log, e.g. \\EXMBX01\LogicalDisk(D:)\Avg. Disk sec/Read
	Server     string
	Object     string
	Instance   string
	Counter    string
	Platform   string
	Host       string // the XenServer host a virtual server runs on
	VolumeRole string // database or log, for LogicalDisk instances
}

// CounterResult is the series of a counter query and the warnings to show with them
// (skipped files, malformed rows, why servers are unknown).
type CounterResult struct {
	Series   []CounterSeries
	Warnings []string
}

// Counters answers an `exchange` query: perfmon series labelled server, object,
// instance, counter, platform (and host for virtual servers, volume_role for disks).
func (s *Source) Counters(ctx context.Context, q CounterQuery) (*CounterResult, error) {
	if len(q.Counters) == 0 {
		return nil, backend.DownstreamErrorf("no counter given: enter a counter path pattern such as \\\\*\\MSExchangeIS\\RPC Averaged Latency")
	}
	store, err := s.perfmonStore()
	if err != nil {
		return nil, err
	}
	res, err := store.Query(ctx, perfmon.Query{Patterns: q.Counters, From: q.From, To: q.To})
	if err != nil {
		return nil, backend.DownstreamError(err)
	}
	servers := SplitList(q.Servers)
	resolver, notice := s.Resolver(ctx)
	out := &CounterResult{Warnings: res.Warnings}
	if notice != "" {
		out.Warnings = append(out.Warnings, notice)
	}
	for _, ps := range res.Series {
		if !MatchAnyGlob(servers, ps.Server) {
			continue
		}
		r := resolver.Resolve(ps.Server)
		if q.Platform != "" && r.Platform != q.Platform {
			continue
		}
		cs := CounterSeries{Path: ps.Path, Server: ps.Server, Object: ps.Object, Instance: ps.Instance, Counter: ps.Counter, Platform: r.Platform, Host: r.Host}
		if strings.EqualFold(ps.Object, "LogicalDisk") {
			cs.VolumeRole, _ = s.roles.Role(ps.Server, ps.Instance)
		}
		if q.VolumeRole != "" && !strings.EqualFold(cs.VolumeRole, q.VolumeRole) {
			continue
		}
		labels := map[string]string{contract.LabelServer: cs.Server, contract.LabelObject: cs.Object, contract.LabelCounter: cs.Counter, contract.LabelPlatform: cs.Platform}
		if cs.Instance != "" {
			labels[contract.LabelInstance] = cs.Instance
		}
		if cs.Host != "" {
			labels[contract.LabelHost] = cs.Host
		}
		if cs.VolumeRole != "" {
			labels[contract.LabelVolumeRole] = cs.VolumeRole
		}
		cs.Series = series.Series{Name: ps.Counter, Labels: labels, Unit: ps.Unit, Times: ps.Times, Values: ps.Values}
		out.Series = append(out.Series, cs)
	}
	return out, nil
}

// SplitList splits a comma list (multi-value template variables arrive so, or as
// {a,b}); empty or "*" means no filter.
func SplitList(s string) []string {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "{"), "}"))
	if s == "" || s == "*" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// MatchAnyGlob reports whether name matches any of the case-insensitive globs; no
// globs match everything.
func MatchAnyGlob(globs []string, name string) bool {
	if len(globs) == 0 {
		return true
	}
	for _, g := range globs {
		if ok, err := filepath.Match(strings.ToLower(g), strings.ToLower(name)); err == nil && ok {
			return true
		}
	}
	return false
}

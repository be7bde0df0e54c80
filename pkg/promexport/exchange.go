package promexport

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/loadgen"
	"github.com/xenbench/xenbench/pkg/perfmon"
)

// The log folder's layout is the datasource's (README "Log folder layout").
var (
	perfmonPatterns = []string{"perfmon/**/*.csv", "perfmon/**/*.tsv"}
	loadgenPatterns = []string{"loadgen/**/*.csv", "loadgen/**/*.json"}
	// Every counter, single-instance and multi-instance objects.
	allCounters = []string{`\\*\*\*`, `\\*\*(*)\*`}
)

// ExchangeConfig is the Exchange side: the datasource's log folder settings.
type ExchangeConfig struct {
	Folder   string
	Location *time.Location
	// Overrides and VolumeRoles are the datasource's platformOverrides and volumeRoles.
	Overrides   map[string]exchange.Override
	VolumeRoles map[string]map[string]string
}

// exchangeSource reads new perfmon rows and the load-test results each cycle.
type exchangeSource struct {
	cfg   ExchangeConfig
	store *perfmon.Store
	runs  *loadgen.Index
	roles *exchange.VolumeRoles
	// cursor per series: the newest sample handed on (unix ms). Files of different
	// servers may be appended late, so each series has its own.
	cursor map[*Series]int64
	newest time.Time
}

func newExchangeSource(cfg ExchangeConfig) (*exchangeSource, error) {
	roles, err := exchange.NewVolumeRoles(cfg.VolumeRoles)
	if err != nil {
		return nil, fmt.Errorf("volume roles: %w", err)
	}
	return &exchangeSource{cfg: cfg, roles: roles, cursor: map[*Series]int64{},
		runs: loadgen.NewIndex(loadgen.ScanConfig{Folder: cfg.Folder, Patterns: loadgenPatterns})}, nil
}

func (x *exchangeSource) close() {
	if x.store != nil {
		_ = x.store.Close()
	}
}

// resolver matches servers to the pool's VMs as the datasource does; without a pool
// snapshot the servers without an override are platform "unknown", never guessed.
func (x *exchangeSource) resolver(snap *inventory.Snapshot) func(string) exchange.Resolution {
	var vms []exchange.VM
	if snap != nil {
		for _, v := range snap.VMs {
			var g []string
			if v.GuestHostname != "" {
				g = append(g, v.GuestHostname)
			}
			vms = append(vms, exchange.VM{NameLabel: v.Name, GuestHostNames: g, ResidentHost: v.HostName})
		}
	}
	r, err := exchange.NewResolver(vms, x.cfg.Overrides)
	if err != nil || snap == nil {
		known, _ := exchange.NewResolver(nil, x.cfg.Overrides)
		return func(server string) exchange.Resolution {
			res := known.Resolve(server)
			if res.Reason != "override" {
				res.Platform, res.Host = "unknown", ""
			}
			return res
		}
	}
	return r.Resolve
}

// collect appends the perfmon samples newer than each series' cursor and the
// load-test results (stamped now, as a scrape would see them). backfill bounds how far
// back the first read goes.
func (x *exchangeSource) collect(ctx context.Context, in *interner, snap *inventory.Snapshot, now time.Time, backfill time.Duration, out []Sample, latest func(*Series, int64, float64)) ([]Sample, []string, error) {
	if x.store == nil {
		s, err := perfmon.NewStore(perfmon.Config{Folder: x.cfg.Folder, Patterns: perfmonPatterns, Location: x.cfg.Location})
		if err != nil {
			return out, nil, fmt.Errorf("log folder %q: %w", x.cfg.Folder, err)
		}
		x.store = s
	}
	resolve := x.resolver(snap)
	from := now.Add(-backfill)
	if !x.newest.IsZero() {
		// A few minutes of overlap: a server's file may be flushed late; the per-series
		// cursors drop what was already sent.
		from = x.newest.Add(-5 * time.Minute)
	}
	res, err := x.store.Query(ctx, perfmon.Query{Patterns: allCounters, From: from, To: now.Add(time.Hour)})
	if err != nil {
		return out, nil, err
	}
	warnings := res.Warnings
	for _, s := range res.Series {
		r := resolve(s.Server)
		role := ""
		if strings.EqualFold(s.Object, "LogicalDisk") {
			role, _ = x.roles.Role(s.Server, s.Instance)
		}
		name, scale := counterFamily(s.Unit)
		ser := in.get(name, LabelServer, s.Server, LabelObject, s.Object, LabelInstance, s.Instance, LabelCounter, s.Counter,
			LabelPlatform, r.Platform, LabelHost, r.Host, LabelVolumeRole, role)
		cur := x.cursor[ser]
		for i, t := range s.Times {
			ms := t.UnixMilli()
			v := s.Values[i]
			if ms <= cur || math.IsNaN(v) {
				continue
			}
			v *= scale
			out = append(out, Sample{S: ser, T: ms, V: v})
			if latest != nil {
				latest(ser, ms, v)
			}
			x.cursor[ser] = ms
			if t.After(x.newest) {
				x.newest = t
			}
		}
	}
	results, w, err := x.runs.Scan()
	warnings = append(warnings, w...)
	if err != nil {
		return out, warnings, fmt.Errorf("load-test results: %w", err)
	}
	ms := now.UnixMilli()
	for _, r := range results {
		platform := r.Platform
		if platform == "" {
			platform = resolve(r.Server).Platform
		}
		pairs := []string{LabelWorkload, r.Workload, LabelPlatform, platform, LabelServer, r.Server, LabelTask, r.Task, LabelRun, r.RunID}
		for _, f := range []struct {
			name string
			v    float64
		}{{famLoadgenAvg, r.AvgMs / 1000}, {famLoadgenP95, r.P95Ms / 1000}, {famLoadgenCount, float64(r.Count)}} {
			if math.IsNaN(f.v) {
				continue
			}
			s := in.get(f.name, pairs...)
			out = append(out, Sample{S: s, T: ms, V: f.v})
			if latest != nil {
				latest(s, ms, f.v)
			}
		}
	}
	return out, warnings, nil
}

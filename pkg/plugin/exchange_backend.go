package plugin

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/loadgen"
	"github.com/xenbench/xenbench/pkg/perfmon"
	"github.com/xenbench/xenbench/pkg/settings"
	"github.com/xenbench/xenbench/pkg/thresholds"
)

// The log folder's layout: perfmon logs below perfmon/ (one folder per server, or
// mixed), load-test results below loadgen/. Keeping them apart means neither reader
// has to guess what a .csv file is.
var (
	perfmonPatterns = []string{"perfmon/**/*.csv", "perfmon/**/*.tsv"}
	loadgenPatterns = []string{"loadgen/**/*.csv", "loadgen/**/*.json"}
)

// exchangeBackend answers exchange, loadgen and Exchange inventory queries from the
// configured log folder, and resolves each server to native or virtual against the
// pool's VMs.
type exchangeBackend struct {
	cfg     *settings.Settings
	pool    *poolBackend // nil without a pool: every server is then native unless overridden
	runs    *loadgen.Index
	roles   *exchange.VolumeRoles
	catalog *thresholds.Catalog

	mu    sync.Mutex
	store *perfmon.Store // opened on first use, so a folder created later starts working
}

func newExchangeBackend(cfg *settings.Settings, pool *poolBackend) (*exchangeBackend, error) {
	roles := map[string]map[string]string{}
	for _, r := range cfg.VolumeRoles {
		server := r.Server
		if server == "" {
			server = "*"
		}
		if roles[server] == nil {
			roles[server] = map[string]string{}
		}
		roles[server][r.Instance] = r.Role
	}
	vr, err := exchange.NewVolumeRoles(roles)
	if err != nil {
		return nil, backend.DownstreamErrorf("volume roles in the datasource settings: %v", err)
	}
	cat, err := thresholds.Load()
	if err != nil {
		return nil, backend.PluginError(fmt.Errorf("threshold catalog: %w", err))
	}
	return &exchangeBackend{
		cfg:     cfg,
		pool:    pool,
		runs:    loadgen.NewIndex(loadgen.ScanConfig{Folder: cfg.LogFolder, Patterns: loadgenPatterns}),
		roles:   vr,
		catalog: cat,
	}, nil
}

func (b *exchangeBackend) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.store != nil {
		_ = b.store.Close()
		b.store = nil
	}
}

// perfmonStore opens the log folder once. A missing or unreadable folder is the
// user's to fix, so the error is downstream and names the setting.
func (b *exchangeBackend) perfmonStore() (*perfmon.Store, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.store != nil {
		return b.store, nil
	}
	s, err := perfmon.NewStore(perfmon.Config{Folder: b.cfg.LogFolder, Patterns: perfmonPatterns, Location: b.cfg.LogLocation()})
	if err != nil {
		return nil, backend.DownstreamErrorf("log folder %q: %v (check the \"Log folder\" setting and that Grafana's user can read it)", b.cfg.LogFolder, err)
	}
	b.store = s
	return s, nil
}

// resolver matches servers against the pool's VMs. When the pool cannot be read the
// servers are labelled platform "unknown" (not silently native) and the caller gets a
// notice saying why.
func (b *exchangeBackend) resolver(ctx context.Context) (platformResolver, string) {
	overrides := map[string]exchange.Override{}
	for _, o := range b.cfg.PlatformOverrides {
		overrides[o.Server] = exchange.Override{Platform: o.Platform}
	}
	var vms []exchange.VM
	var notice string
	if b.pool != nil {
		pvms, err := b.pool.vms(ctx)
		if err != nil {
			notice = "native/virtual resolution: the pool could not be read (" + err.Error() + "); servers without an override are labelled platform=unknown"
		}
		for _, v := range pvms {
			g := []string{}
			if v.GuestHostname != "" {
				g = append(g, v.GuestHostname)
			}
			vms = append(vms, exchange.VM{NameLabel: v.Name, GuestHostNames: g, ResidentHost: v.HostName})
		}
		if err != nil {
			r, _ := exchange.NewResolver(nil, overrides)
			return &unknownResolver{r}, notice
		}
	}
	r, err := exchange.NewResolver(vms, overrides)
	if err != nil {
		// Settings.Load validated the overrides, so this is not expected; still label
		// servers unknown rather than guess.
		empty, _ := exchange.NewResolver(nil, nil)
		return &unknownResolver{empty}, "native/virtual resolution failed: " + err.Error()
	}
	return r, notice
}

// counters answers an `exchange` query: perfmon series labelled server, object,
// instance, counter, platform (and host for virtual servers, volume_role for disks).
func (b *exchangeBackend) counters(ctx context.Context, m *QueryModel) (frameSet, error) {
	if m.Format == "compliance" {
		return b.counterCompliance(ctx, m)
	}
	if len(m.Counters) == 0 {
		return nil, backend.DownstreamErrorf("no counter given: enter a counter path pattern such as \\\\*\\MSExchangeIS\\RPC Averaged Latency")
	}
	store, err := b.perfmonStore()
	if err != nil {
		return nil, err
	}
	res, err := store.Query(ctx, perfmon.Query{Patterns: m.Counters, From: m.TimeRange.From, To: m.TimeRange.To})
	if err != nil {
		return nil, backend.DownstreamError(err)
	}
	servers := splitList(m.Servers)
	resolver, notice := b.resolver(ctx)
	ss := make([]series, 0, len(res.Series))
	for _, s := range res.Series {
		if !matchAnyGlob(servers, s.Server) {
			continue
		}
		r := resolver.Resolve(s.Server)
		if m.Platform != "" && r.Platform != m.Platform {
			continue
		}
		labels := map[string]string{"server": s.Server, "object": s.Object, "counter": s.Counter, "platform": r.Platform}
		if s.Instance != "" {
			labels["instance"] = s.Instance
		}
		if r.Host != "" {
			labels["host"] = r.Host
		}
		role := ""
		if strings.EqualFold(s.Object, "LogicalDisk") {
			if role, _ = b.roles.Role(s.Server, s.Instance); role != "" {
				labels["volume_role"] = role
			}
		}
		if m.VolumeRole != "" && !strings.EqualFold(role, m.VolumeRole) {
			continue
		}
		ss = append(ss, series{Name: s.Counter, Labels: labels, Unit: s.Unit, Times: s.Times, Values: s.Values})
	}
	frames := seriesFrames(m, ss)
	addNotices(frames, append(res.Warnings, notice)...)
	return frames, nil
}

// splitList splits a comma list (multi-value template variables arrive so, or as
// {a,b}); empty or "*" means no filter.
func splitList(s string) []string {
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

// matchAnyGlob reports whether name matches any of the case-insensitive globs; no
// globs match everything.
func matchAnyGlob(globs []string, name string) bool {
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

// addNotices attaches warnings (skipped files, malformed rows, resolution problems) to
// the first frame, where Grafana shows them in the panel's header.
func addNotices(frames frameSet, msgs ...string) {
	if len(frames) == 0 {
		return
	}
	f := frames[0]
	for _, msg := range msgs {
		if msg == "" {
			continue
		}
		if f.Meta == nil {
			f.Meta = &data.FrameMeta{}
		}
		f.Meta.Notices = append(f.Meta.Notices, data.Notice{Severity: data.NoticeSeverityWarning, Text: msg})
	}
}

// results lists load-test results overlapping the query's range, filtered by runs,
// tasks and servers, each with its platform resolved.
func (b *exchangeBackend) results(ctx context.Context, m *QueryModel) ([]loadgen.Result, []string, error) {
	all, warnings, err := b.runs.Scan()
	if err != nil {
		return nil, nil, backend.DownstreamErrorf("load-test results in %q: %v", b.cfg.LogFolder, err)
	}
	runs, servers, workloads := splitList(m.Runs), splitList(m.Servers), splitList(m.Workloads)
	tasks := map[string]bool{}
	for _, t := range m.Tasks {
		tasks[strings.ToLower(t)] = true
	}
	resolver, notice := b.resolver(ctx)
	if notice != "" {
		warnings = append(warnings, notice)
	}
	var out []loadgen.Result
	for _, r := range all {
		if !m.TimeRange.From.IsZero() && (r.End.Before(m.TimeRange.From) || r.Start.After(m.TimeRange.To)) {
			continue
		}
		if !matchAnyGlob(runs, r.RunID) || !matchAnyGlob(servers, r.Server) || !matchAnyGlob(workloads, r.Workload) || (len(tasks) > 0 && !tasks[strings.ToLower(r.Task)]) {
			continue
		}
		if r.Platform == "" {
			r.Platform = resolver.Resolve(r.Server).Platform
		}
		if m.Platform != "" && r.Platform != m.Platform {
			continue
		}
		out = append(out, r)
	}
	return out, warnings, ctx.Err()
}

// loadgen answers a `loadgen` query: the comparison table, or run regions.
func (b *exchangeBackend) loadgen(ctx context.Context, m *QueryModel) (frameSet, error) {
	rs, warnings, err := b.results(ctx, m)
	if err != nil {
		return nil, err
	}
	var frames frameSet
	switch {
	case m.Reducer != "":
		frames, err = loadgenNumericFrames(m, rs)
		if err != nil {
			return nil, err
		}
	case m.Format == "compliance":
		frames = b.loadgenCompliance(m, rs)
	case m.Format == "annotations":
		frames = runAnnotationFrames(m.RefID, rs)
	default:
		frames = loadgenTableFrames(m.RefID, rs)
	}
	addNotices(frames, warnings...)
	return frames, nil
}

// inventory lists servers, counters, workloads, runs or tasks.
func (b *exchangeBackend) inventory(ctx context.Context, m *QueryModel) (frameSet, error) {
	var names []string
	switch m.InventoryKind {
	case "servers", "counters":
		store, err := b.perfmonStore()
		if err != nil {
			return nil, err
		}
		cols, _, err := store.Columns(ctx)
		if err != nil {
			return nil, backend.DownstreamError(err)
		}
		servers := splitList(m.Servers)
		for _, c := range cols {
			if m.InventoryKind == "servers" {
				names = append(names, c.Server)
			} else if matchAnyGlob(servers, c.Server) {
				// Offer the pattern that selects this counter on every server.
				p := c.Path
				p.Machine = "*"
				names = append(names, p.String())
			}
		}
		if m.InventoryKind == "servers" {
			rs, _, err := b.runs.Scan()
			if err == nil {
				for _, r := range rs {
					names = append(names, r.Server)
				}
			}
		}
	case "workloads", "runs", "tasks":
		rs, _, err := b.runs.Scan()
		if err != nil {
			return nil, backend.DownstreamErrorf("load-test results in %q: %v", b.cfg.LogFolder, err)
		}
		for _, r := range rs {
			switch m.InventoryKind {
			case "workloads":
				names = append(names, r.Workload)
			case "runs":
				names = append(names, r.RunID)
			default:
				names = append(names, r.Task)
			}
		}
	default:
		return nil, backend.DownstreamErrorf("unknown inventory kind %q", m.InventoryKind)
	}
	names, err := filterNames(uniqueSorted(names), m.Filter)
	if err != nil {
		return nil, err
	}
	return inventoryFrame(m.RefID, names, names), nil
}

// platforms is the settings page's resolution table: every server found in the logs
// and results, and why it is native or virtual.
func (b *exchangeBackend) platforms(ctx context.Context) ([]exchange.Resolution, error) {
	m := &QueryModel{QueryType: QueryTypeInventory, InventoryKind: "servers"}
	frames, err := b.inventory(ctx, m)
	if err != nil {
		return nil, err
	}
	items := inventoryItems(frames)
	servers := make([]string, len(items))
	for i, it := range items {
		servers[i] = it.Text
	}
	resolver, notice := b.resolver(ctx)
	out := resolver.ResolveAll(servers)
	if notice != "" {
		for i := range out {
			out[i].Reason += "; " + notice
		}
	}
	return out, nil
}

// health says what the log folder holds.
func (b *exchangeBackend) health(ctx context.Context) (string, error) {
	store, err := b.perfmonStore()
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
	rs, lw, err := b.runs.Scan()
	if err != nil {
		return "", backend.DownstreamErrorf("load-test results: %v", err)
	}
	runs := map[string]bool{}
	for _, r := range rs {
		runs[r.RunID] = true
	}
	names := make([]string, 0, len(servers))
	for s := range servers {
		names = append(names, s)
	}
	sort.Strings(names)
	resolver, notice := b.resolver(ctx)
	virtual := 0
	for _, s := range names {
		if resolver.Resolve(s).Platform == exchange.Virtual {
			virtual++
		}
	}
	msg := fmt.Sprintf("folder %s: %d servers (%d virtual, %d native), %d counters, %d load-test runs",
		b.cfg.LogFolder, len(names), virtual, len(names)-virtual, len(cols), len(runs))
	if len(names) == 0 {
		return "", backend.DownstreamErrorf("folder %s holds no perfmon logs below perfmon/ (expected perfmon/<server>/*.csv as relog or typeperf write them)", b.cfg.LogFolder)
	}
	for _, w := range append(append(warnings, lw...), notice) {
		if w != "" {
			msg += "\nwarning: " + w
		}
	}
	return msg, nil
}

// platformResolver is exchange.Resolver, or unknownResolver when the pool is down.
type platformResolver interface {
	Resolve(server string) exchange.Resolution
	ResolveAll(servers []string) []exchange.Resolution
}

// unknownResolver labels every server without an override "unknown": used when the
// pool is configured but unreachable, so a virtual server is never shown as native.
type unknownResolver struct{ overrides *exchange.Resolver }

func (u *unknownResolver) Resolve(server string) exchange.Resolution {
	r := u.overrides.Resolve(server)
	if r.Reason != "override" {
		r.Platform, r.Reason = "unknown", "pool unreachable"
	}
	return r
}

func (u *unknownResolver) ResolveAll(servers []string) []exchange.Resolution {
	out := make([]exchange.Resolution, len(servers))
	for i, s := range servers {
		out[i] = u.Resolve(s)
	}
	return out
}

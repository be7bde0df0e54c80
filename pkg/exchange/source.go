package exchange

import (
	"context"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/loadgen"
	"github.com/xenbench/xenbench/pkg/perfmon"
	"github.com/xenbench/xenbench/pkg/settings"
)

// The log folder's layout: perfmon logs below perfmon/ (one folder per server, or
// mixed), load-test results below loadgen/. Keeping them apart means neither reader
// has to guess what a .csv file is.
var (
	perfmonPatterns = []string{"perfmon/**/*.csv", "perfmon/**/*.tsv"}
	loadgenPatterns = []string{"loadgen/**/*.csv", "loadgen/**/*.json"}
)

// VMLister lists the pool's VMs (pool.Service does); nil when no pool is configured.
type VMLister interface {
	VMs(ctx context.Context) ([]inventory.VM, error)
}

// Source reads the Exchange side of one datasource instance from its log folder:
// perfmon counter series, load-test results and the lists of servers, counters,
// workloads, runs and tasks, each server resolved to native, virtual or unknown
// against the pool's VMs.
type Source struct {
	cfg   *settings.Settings
	pool  VMLister
	runs  *loadgen.Index
	roles *VolumeRoles

	mu    sync.Mutex
	store *perfmon.Store // opened on first use, so a folder created later starts working
}

// NewSource builds the Exchange side of an instance; pool may be nil. It reads nothing.
func NewSource(cfg *settings.Settings, pool VMLister) (*Source, error) {
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
	vr, err := NewVolumeRoles(roles)
	if err != nil {
		return nil, backend.DownstreamErrorf("volume roles in the datasource settings: %v", err)
	}
	return &Source{
		cfg:   cfg,
		pool:  pool,
		runs:  loadgen.NewIndex(loadgen.ScanConfig{Folder: cfg.LogFolder, Patterns: loadgenPatterns}),
		roles: vr,
	}, nil
}

// Close releases the perfmon store's open files.
func (s *Source) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.store != nil {
		_ = s.store.Close()
		s.store = nil
	}
}

// perfmonStore opens the log folder once. A missing or unreadable folder is the
// user's to fix, so the error is downstream and names the setting.
func (s *Source) perfmonStore() (*perfmon.Store, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.store != nil {
		return s.store, nil
	}
	st, err := perfmon.NewStore(perfmon.Config{Folder: s.cfg.LogFolder, Patterns: perfmonPatterns, Location: s.cfg.LogLocation()})
	if err != nil {
		return nil, backend.DownstreamErrorf("log folder %q: %v (check the \"Log folder\" setting and that Grafana's user can read it)", s.cfg.LogFolder, err)
	}
	s.store = st
	return st, nil
}

// Resolver reads the pool's VMs and builds the platform resolver. When there is no
// pool, or it cannot be read, servers without an override (or a results file's
// platform column) are unknown, and notice says why for the panel.
func (s *Source) Resolver(ctx context.Context) (r *Resolver, notice string) {
	overrides := map[string]Override{}
	for _, o := range s.cfg.PlatformOverrides {
		overrides[o.Server] = Override{Platform: o.Platform}
	}
	var err error
	if s.pool == nil {
		r, err = NewResolverWithoutPool(overrides, ReasonNoPool)
	} else if vms, perr := s.pool.VMs(ctx); perr != nil {
		notice = "native/virtual resolution: the pool could not be read (" + perr.Error() + "); servers without an override are labelled platform=unknown"
		r, err = NewResolverWithoutPool(overrides, ReasonPoolUnreadable)
	} else {
		r, err = NewResolver(poolVMs(vms), overrides)
	}
	if err != nil {
		// Settings.Load validated the overrides, so this is not expected; still label
		// servers unknown rather than guess.
		r, _ = NewResolverWithoutPool(nil, ReasonPoolUnreadable)
		notice = "native/virtual resolution failed: " + err.Error()
	}
	return r, notice
}

func poolVMs(vms []inventory.VM) []VM {
	out := make([]VM, 0, len(vms))
	for _, v := range vms {
		out = append(out, VM{UUID: v.UUID, NameLabel: v.Name, GuestHostNames: v.GuestHostNames, ResidentHost: v.HostName})
	}
	return out
}

// scanResults reads the results folder, wording a failure for the user.
func (s *Source) scanResults() ([]loadgen.Result, []string, error) {
	rs, warnings, err := s.runs.Scan()
	if err != nil {
		return nil, nil, backend.DownstreamErrorf("load-test results in %q: %v", s.cfg.LogFolder, err)
	}
	return rs, warnings, nil
}

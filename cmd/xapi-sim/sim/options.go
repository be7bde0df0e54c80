package sim

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Scenario names accepted by Options.Scenario.
const (
	ScenarioSteady      = "steady"
	ScenarioScalability = "scalability"
	ScenarioMigration   = "migration"
	ScenarioHA          = "ha"
	ScenarioAll         = "all"
)

// Options configures a simulated pool. The zero value plus Start gives the
// default pool: 3 hosts, 4 Exchange VMs, the steady scenario, real time.
type Options struct {
	// Hosts in the pool (1..64 is tested; default 3). Host 0 is the master.
	Hosts int
	// VMs in the pool including the 4 Exchange VMs (default 4, max 2000+).
	VMs int
	// Seed makes UUIDs, placement noise and metric noise reproducible.
	Seed int64
	// Scenario is steady, scalability, migration, ha or all.
	Scenario string
	// XapiVersion picks wire behaviour (see parseVersion); default DefaultXapiVersion.
	XapiVersion string
	// User and Password are the only accepted credentials.
	User, Password string
	// ListenAddrs gives one listen address per host. Empty: host i listens on
	// 127.0.0.(1+i) with one shared free port, so each host has its own IP
	// like a real pool; where that is not possible (no 127/8 routing) every
	// host gets its own port on 127.0.0.1.
	ListenAddrs []string
	// AdvertiseHost replaces the IP in host.address (e.g. a docker service
	// name); the port is then always appended.
	AdvertiseHost string
	// Master is the index of the pool master (default 0). A non-zero value
	// is the "slave host" fault: host 0 then answers logins with
	// HOST_IS_SLAVE naming host Master.
	Master int
	// ControlAddr, when set, serves the fault control endpoint there.
	ControlAddr string
	// TLS serves HTTPS with a generated self-signed certificate.
	TLS bool
	// Clock drives simulated time. Nil: a ScaledClock at Start with TimeScale.
	Clock Clock
	// Start is the simulated time at startup when Clock is nil (default now).
	Start time.Time
	// TimeScale is simulated seconds per real second for the default clock.
	TimeScale float64
	// History is how long the RRDs existed before startup (default 2h); rows
	// older than that are NaN, like a freshly created RRD.
	History time.Duration
	// LogDir receives the Exchange perfmon and Load Generator files; empty
	// disables them.
	LogDir string
	// PerfmonInterval is the perfmon sample interval (default 15 s, the
	// logman default) and PerfmonRoll the file roll period (default 1 h).
	PerfmonInterval, PerfmonRoll time.Duration
	// SessionTTL expires sessions idle longer than this (default 24 h, xapi's
	// inactive_session_timeout in ocaml/xapi/xapi_globs.ml).
	SessionTTL time.Duration
	// MaxSessions: beyond this the oldest session is invalidated (default
	// 400 = max_tasks * 2 in ocaml/xapi/xapi_globs.ml).
	MaxSessions int
	// TickInterval is how often (real time) the default clock advances the
	// model; ignored with a ManualClock (default 250 ms).
	TickInterval time.Duration
	// Faults active from the start.
	Faults Faults
	// Log receives one line per notable event (scenario steps, faults); nil
	// discards. Never receives passwords or session ids.
	Log io.Writer
}

// MaxHosts and MaxVMs bound the model so a typo cannot exhaust memory.
const (
	MaxHosts = 256
	MaxVMs   = 20000
)

func (o *Options) withDefaults() (Options, error) {
	out := *o
	if out.Hosts == 0 {
		out.Hosts = 3
	}
	if out.VMs == 0 {
		out.VMs = len(exchangeVMNames)
	}
	if out.Scenario == "" {
		out.Scenario = ScenarioSteady
	}
	if out.XapiVersion == "" {
		out.XapiVersion = DefaultXapiVersion
	}
	if out.User == "" {
		out.User = "root"
	}
	if out.Password == "" {
		out.Password = "xenbench"
	}
	if out.TimeScale == 0 {
		out.TimeScale = 1
	}
	if out.History == 0 {
		out.History = 2 * time.Hour
	}
	if out.PerfmonInterval == 0 {
		out.PerfmonInterval = 15 * time.Second
	}
	if out.PerfmonRoll == 0 {
		out.PerfmonRoll = time.Hour
	}
	if out.SessionTTL == 0 {
		out.SessionTTL = 24 * time.Hour
	}
	if out.MaxSessions == 0 {
		out.MaxSessions = 400
	}
	if out.TickInterval == 0 {
		out.TickInterval = 250 * time.Millisecond
	}
	if out.Log == nil {
		out.Log = io.Discard
	}
	var errs []error
	if out.Hosts < 1 || out.Hosts > MaxHosts {
		errs = append(errs, fmt.Errorf("hosts = %d: want 1..%d", out.Hosts, MaxHosts))
	}
	if out.VMs < len(exchangeVMNames) || out.VMs > MaxVMs {
		errs = append(errs, fmt.Errorf("vms = %d: want %d..%d (the first %d are the Exchange VMs)", out.VMs, len(exchangeVMNames), MaxVMs, len(exchangeVMNames)))
	}
	switch out.Scenario {
	case ScenarioSteady, ScenarioScalability:
	case ScenarioMigration, ScenarioHA, ScenarioAll:
		if out.Hosts < 3 {
			errs = append(errs, fmt.Errorf("scenario %q needs at least 3 hosts (Exchange host, target and spare), have %d", out.Scenario, out.Hosts))
		}
	default:
		errs = append(errs, fmt.Errorf("scenario %q: want steady, scalability, migration, ha or all", out.Scenario))
	}
	if out.TimeScale < 0 || out.TimeScale > 100000 {
		errs = append(errs, fmt.Errorf("time scale %g: want 0 < scale <= 100000", out.TimeScale))
	}
	if out.PerfmonRoll < out.PerfmonInterval {
		errs = append(errs, fmt.Errorf("perfmon roll %s is shorter than the sample interval %s", out.PerfmonRoll, out.PerfmonInterval))
	}
	if len(out.ListenAddrs) != 0 && len(out.ListenAddrs) != out.Hosts {
		errs = append(errs, fmt.Errorf("%d listen addresses for %d hosts: give one per host", len(out.ListenAddrs), out.Hosts))
	}
	if out.Master < 0 || out.Master >= max(out.Hosts, 1) {
		errs = append(errs, fmt.Errorf("master = %d: want a host index 0..%d", out.Master, out.Hosts-1))
	}
	if out.MaxSessions < 1 {
		errs = append(errs, fmt.Errorf("max sessions %d: want at least 1", out.MaxSessions))
	}
	if _, err := parseVersion(out.XapiVersion); err != nil {
		errs = append(errs, err)
	}
	return out, errors.Join(errs...)
}

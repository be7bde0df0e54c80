// Command xapi-sim runs a simulated XenServer / XCP-ng pool that speaks real
// XAPI (JSON-RPC at /jsonrpc, XML-RPC at /, /rrd_updates, /host_rrd,
// /vm_rrd), plays the Exchange scenarios and writes Exchange perfmon and
// Load Generator files. See package sim for the model.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "xapi-sim:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "healthcheck" {
		return healthcheck(args[1:], stderr)
	}
	opts, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	began := time.Now()
	srv, err := sim.Start(opts)
	if err != nil {
		return err
	}
	if _, ok := opts.Clock.(*sim.CatchUpClock); ok {
		if err := srv.CatchUp(time.Minute); err != nil {
			_ = srv.Close()
			return err
		}
	}
	fmt.Fprintf(stdout, "xapi-sim ready in %s: master=%s hosts=%s", time.Since(began).Round(time.Millisecond), srv.MasterURL(), strings.Join(srv.HostURLs(), ","))
	if c := srv.ControlURL(); c != "" {
		fmt.Fprintf(stdout, " control=%s", c)
	}
	fmt.Fprintln(stdout)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return srv.Close()
}

const usageHeader = `xapi-sim: a simulated XenServer/XCP-ng pool for xenbench.

It answers XAPI JSON-RPC (POST /jsonrpc) and XML-RPC (POST /), serves
/rrd_updates, /host_rrd and /vm_rrd like xcp-rrdd, runs the Exchange
scenarios and writes perfmon CSV logs and Load Generator results.

Usage: xapi-sim [flags]

Passwords on the command line are acceptable for a simulator only; never
pass a real pool's password this way.

Flags:
`

func parseFlags(args []string, stderr io.Writer) (sim.Options, error) {
	fs := flag.NewFlagSet("xapi-sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageHeader)
		fs.PrintDefaults()
	}
	var (
		listen      = fs.String("listen", "127.0.0.1:8080", "address of host 0 (the master); host i listens on the following port (port+i)")
		hostsListen = fs.String("hosts-listen", "", "comma-separated listen address per host, overriding --listen (e.g. 127.0.0.11:8080,127.0.0.12:8080 gives each host its own IP)")
		advertise   = fs.String("advertise-host", "", "host name to publish in host.address instead of the listen IP (e.g. a docker service name)")
		hosts       = fs.Int("hosts", 3, "hosts in the pool (1..256; host 0 is the master)")
		vms         = fs.Int("vms", 4, "VMs in the pool, including the 4 Exchange VMs EXVM01..EXVM04")
		seed        = fs.Int64("seed", 1, "seed for UUIDs, placement and metric noise (same seed, same run)")
		scenario    = fs.String("scenario", sim.ScenarioSteady, "scenario: steady|scalability|migration|ha|all (all loops the three)")
		timeScale   = fs.Float64("time-scale", 1, "simulated seconds per real second (60 = one simulated hour per real minute); timestamps then run ahead of the wall clock")
		backfill    = fs.Duration("backfill", 0, "start the scenario this long ago and play it forward at startup, so its history (runs, migrations, HA) has real timestamps; needs --time-scale 1")
		version     = fs.String("xapi-version", sim.DefaultXapiVersion, "xapi version to imitate: 1.20 (XML-RPC only, XML RRDs), 1.249 or 23.30 (JSON-RPC, JSON5-like rrd_updates), 23.31+ (string-number JSON), 25.3+ (15 significant digits)")
		user        = fs.String("user", "root", "accepted user name")
		password    = fs.String("password", "xenbench", "accepted password (simulator only)")
		useTLS      = fs.Bool("tls", false, "serve HTTPS with a generated self-signed certificate")
		logDir      = fs.String("log-dir", "", "folder for the Exchange perfmon logs and Load Generator results (empty: none)")
		history     = fs.Duration("history", 2*time.Hour, "how long the RRDs existed before startup")
		perfmonIv   = fs.Duration("perfmon-interval", 15*time.Second, "perfmon sample interval (simulated time)")
		perfmonRoll = fs.Duration("perfmon-roll", time.Hour, "start a new perfmon file every this much simulated time")
		sessionTTL  = fs.Duration("session-ttl", 24*time.Hour, "invalidate sessions idle longer than this (simulated time)")
		maxSessions = fs.Int("max-sessions", 400, "invalidate the oldest session beyond this many")
		control     = fs.String("control", "", "address of the fault control endpoint, e.g. 127.0.0.1:8079 (empty: off)")
		master      = fs.Int("master", 0, "fault 'slave host': make host N the master, so host 0 answers logins with HOST_IS_SLAVE")
		fDelay      = fs.Duration("fault-delay", 0, "fault: delay every matching response by this much")
		fStatus     = fs.Int("fault-status", 0, "fault: answer matching requests with this HTTP status (500..599)")
		fDrop       = fs.Bool("fault-drop", false, "fault: close matching connections without an answer")
		fTruncate   = fs.Bool("fault-truncate", false, "fault: send only half of matching bodies, then close")
		fMalformed  = fs.Bool("fault-malformed", false, "fault: send matching bodies cut in half and followed by garbage")
		fEvery      = fs.Int("fault-every", 1, "fault: apply to one matching request in N")
		fPaths      = fs.String("fault-paths", "", "fault: comma-separated path prefixes it applies to (e.g. /rrd_updates,/jsonrpc); empty: all")
		fHosts      = fs.String("fault-hosts", "", "fault: comma-separated host indexes it applies to (e.g. 2 makes only host 2 slow); empty: all")
	)
	if err := fs.Parse(args); err != nil {
		return sim.Options{}, err
	}
	if fs.NArg() > 0 {
		return sim.Options{}, fmt.Errorf("unexpected arguments %q (all settings are flags; see --help)", fs.Args())
	}
	opts := sim.Options{
		Hosts: *hosts, VMs: *vms, Seed: *seed, Scenario: *scenario, XapiVersion: *version,
		User: *user, Password: *password, TLS: *useTLS, TimeScale: *timeScale, History: *history,
		LogDir: *logDir, PerfmonInterval: *perfmonIv, PerfmonRoll: *perfmonRoll,
		SessionTTL: *sessionTTL, MaxSessions: *maxSessions, ControlAddr: *control, AdvertiseHost: *advertise,
		Master: *master, Log: stderr,
		Faults: sim.Faults{Delay: *fDelay, Status: *fStatus, Drop: *fDrop, Truncate: *fTruncate, Malformed: *fMalformed, Every: *fEvery},
	}
	if *fPaths != "" {
		opts.Faults.Paths = strings.Split(*fPaths, ",")
	}
	if *fHosts != "" {
		for _, h := range strings.Split(*fHosts, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(h))
			if err != nil {
				return opts, fmt.Errorf("--fault-hosts %q: want comma-separated host indexes (0 is the master)", *fHosts)
			}
			opts.Faults.Hosts = append(opts.Faults.Hosts, n)
		}
	}
	if *backfill > 0 {
		if *timeScale != 1 {
			return opts, errors.New("--backfill runs the pool on the wall clock: use it with --time-scale 1")
		}
		opts.Clock = sim.NewCatchUpClock(time.Now().Add(-*backfill))
	}
	if *hostsListen != "" {
		opts.ListenAddrs = strings.Split(*hostsListen, ",")
	} else {
		addrs, err := followingPorts(*listen, *hosts)
		if err != nil {
			return opts, err
		}
		opts.ListenAddrs = addrs
	}
	return opts, nil
}

// followingPorts gives host i the base port + i on the base IP.
func followingPorts(base string, n int) ([]string, error) {
	host, portStr, err := net.SplitHostPort(base)
	if err != nil {
		return nil, fmt.Errorf("--listen %q: want HOST:PORT: %w", base, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port+n > 65536 {
		return nil, fmt.Errorf("--listen %q: port must leave room for %d hosts", base, n)
	}
	out := make([]string, n)
	for i := range out {
		p := port + i
		if port == 0 {
			p = 0
		}
		out[i] = net.JoinHostPort(host, strconv.Itoa(p))
	}
	return out, nil
}

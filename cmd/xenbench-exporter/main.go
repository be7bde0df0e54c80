// Command xenbench-exporter puts xenbench's data into Prometheus: the pool's host, VM
// and SR RRD metrics, Exchange perfmon counters and load-test results, with the
// datasource's labels, on /metrics and (with --remote-write-url) by remote write with
// every 5-second row. The work is in pkg/promexport; this file only reads flags.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/promexport"
	"github.com/xenbench/xenbench/pkg/settings"
	"github.com/xenbench/xenbench/pkg/xapi"
)

var version = "dev"

const usage = `xenbench-exporter: XenServer / XCP-ng RRD metrics, Exchange perfmon counters and
load-test results for Prometheus, with the xenbench datasource's metric labels.

Usage:
  xenbench-exporter --url https://pool-master --user root [--log-folder DIR] [flags]

The password is read from --password-file or the XENBENCH_PASSWORD environment
variable (never from a flag: command lines are visible to every user).

/metrics (OpenMetrics) serves the latest value of every series. With
--remote-write-url every 5-second RRD row is pushed with its own timestamp; keep
--state-file so that a restart backfills the gap from the archives XAPI still holds.
Prometheus needs --web.enable-remote-write-receiver and, for backfilled rows,
storage.tsdb.out_of_order_time_window (e.g. 2h) in its configuration.

Flags:
`

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "xenbench-exporter:", err)
		os.Exit(2)
	}
}

type options struct {
	url, user, passwordFile, settingsFile, logFolder      string
	caCert                                                string
	skipVerify                                            bool
	listen                                                string
	interval, backfill, maxSampleAge, timeout, staleAfter time.Duration
	concurrency                                           int
	rwURL, rwTokenFile, stateFile                         string
	rwQueue, rwShards                                     int
	rwRetryFor                                            time.Duration
	logLevel                                              string
	showVersion                                           bool
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("xenbench-exporter", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.url, "url", "", "pool master URL, e.g. https://xenserver-master.example.com (empty: no pool, Exchange logs only)")
	fs.StringVar(&o.user, "user", "", "XAPI user (a pool user with the read-only role is enough)")
	fs.StringVar(&o.passwordFile, "password-file", "", "file holding the XAPI password (default: $XENBENCH_PASSWORD)")
	fs.StringVar(&o.settingsFile, "settings", "", "the datasource's jsonData as a JSON file (platformOverrides, volumeRoles, logTimeZone, timeoutSeconds, ...); flags win")
	fs.StringVar(&o.logFolder, "log-folder", "", "folder with perfmon/ and loadgen/ below it, as in the datasource settings")
	fs.StringVar(&o.caCert, "ca-cert", "", "PEM file of the CA that signed the pool's certificate")
	fs.BoolVar(&o.skipVerify, "tls-skip-verify", false, "accept any certificate from the pool (insecure)")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:9871", "address for /metrics")
	fs.DurationVar(&o.interval, "interval", 5*time.Second, "time between refreshes (the RRD step is 5 s)")
	fs.DurationVar(&o.backfill, "backfill", 10*time.Minute, "how far back the first read of a host goes without a state file (over 10m reaches the 60 s and hourly archives)")
	fs.DurationVar(&o.maxSampleAge, "max-sample-age", 2*time.Hour, "remote write leaves out samples older than this (Prometheus refuses a whole request holding one older than its out_of_order_time_window: keep the two equal)")
	fs.DurationVar(&o.timeout, "timeout", 0, "one XAPI or rrd_updates request (default: the settings' timeoutSeconds, 30 s)")
	fs.DurationVar(&o.staleAfter, "stale-after", 5*time.Minute, "drop a series from /metrics after this long without a value")
	fs.IntVar(&o.concurrency, "concurrency", 8, "hosts read at once")
	fs.StringVar(&o.rwURL, "remote-write-url", "", "push every row to this remote-write endpoint, e.g. http://prometheus:9090/api/v1/write")
	fs.StringVar(&o.rwTokenFile, "remote-write-bearer-token-file", "", "file holding a bearer token for the remote-write endpoint")
	fs.IntVar(&o.rwQueue, "remote-write-queue", 2_000_000, "samples held for sending at most; when full, rows stay in XAPI and are read later")
	fs.IntVar(&o.rwShards, "remote-write-shards", 4, "remote-write requests in flight at once (each series always in the same one, so in order)")
	fs.DurationVar(&o.rwRetryFor, "remote-write-retry-for", 15*time.Minute, "retry one request this long before its samples are dropped (counted in xenbench_exporter_samples_dropped_total)")
	fs.StringVar(&o.stateFile, "state-file", "", "file keeping each host's last row and each perfmon and load-test series' last sample sent, for backfill after a restart (remote write)")
	fs.StringVar(&o.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.BoolVar(&o.showVersion, "version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (every option is a flag; see --help)", fs.Arg(0))
	}
	return o, nil
}

func run(args []string, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if o.showVersion {
		fmt.Fprintln(stderr, "xenbench-exporter", version)
		return nil
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", o.logLevel)
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	cfg, closeFn, err := buildConfig(o, logger)
	if err != nil {
		return err
	}
	defer closeFn()
	exp, err := promexport.New(*cfg)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	mux := http.NewServeMux()
	mux.Handle("/metrics", exp.Handler())
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintln(w, "xenbench-exporter: metrics at /metrics")
	})
	l, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("--listen %s: %w", o.listen, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(l) }()
	logger.Info("xenbench-exporter started", "version", version, "listen", l.Addr().String(), "pool", redactURL(o.url), "logFolder", o.logFolder, "remoteWrite", redactURL(o.rwURL))
	err = exp.Run(ctx)
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shut)
	return err
}

// buildConfig turns flags into the exporter's configuration, through the datasource's
// own settings reader so that overrides and volume roles mean the same thing.
func buildConfig(o *options, logger *slog.Logger) (*promexport.Config, func(), error) {
	jsonData := map[string]any{}
	if o.settingsFile != "" {
		raw, err := os.ReadFile(o.settingsFile)
		if err != nil {
			return nil, nil, fmt.Errorf("--settings: %w", err)
		}
		if err := json.Unmarshal(raw, &jsonData); err != nil {
			return nil, nil, fmt.Errorf("--settings %s: not a JSON object (the datasource's jsonData): %v", o.settingsFile, err)
		}
	}
	if o.user != "" {
		jsonData["username"] = o.user
	}
	if o.logFolder != "" {
		jsonData["logFolder"] = o.logFolder
	}
	rawJSON, _ := json.Marshal(jsonData)
	password := os.Getenv("XENBENCH_PASSWORD")
	if o.passwordFile != "" {
		raw, err := os.ReadFile(o.passwordFile)
		if err != nil {
			return nil, nil, fmt.Errorf("--password-file: %w", err)
		}
		password = strings.TrimRight(string(raw), "\r\n")
	}
	s, err := settings.Load(backend.DataSourceInstanceSettings{URL: o.url, JSONData: rawJSON, DecryptedSecureJSONData: map[string]string{"password": password}})
	if err != nil {
		return nil, nil, err
	}
	timeout := s.Timeout()
	if o.timeout > 0 {
		timeout = o.timeout
	}
	cfg := &promexport.Config{Interval: o.interval, Backfill: o.backfill, MaxSampleAge: o.maxSampleAge, Concurrency: o.concurrency, StaleAfter: o.staleAfter, Logger: logger, StateFile: o.stateFile}
	closeFn := func() {}
	if s.HasPool() {
		if err := s.ValidatePool(); err != nil {
			return nil, nil, err
		}
		if password == "" {
			return nil, nil, errors.New("no XAPI password: set XENBENCH_PASSWORD or --password-file")
		}
		tlsCfg := &tls.Config{InsecureSkipVerify: o.skipVerify} //nolint:gosec // the user's explicit choice, warned about below
		if o.skipVerify {
			logger.Warn("TLS verification of the pool is off (--tls-skip-verify)")
		}
		if o.caCert != "" {
			pem, err := os.ReadFile(o.caCert)
			if err != nil {
				return nil, nil, fmt.Errorf("--ca-cert: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, nil, fmt.Errorf("--ca-cert %s: no PEM certificate in it", o.caCert)
			}
			tlsCfg.RootCAs = pool
		}
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = tlsCfg
		tr.MaxIdleConnsPerHost = 4
		client, err := xapi.New(xapi.Config{URL: s.URL, Username: s.Username, Password: s.Password,
			HTTPClient: &http.Client{Transport: tr, Timeout: timeout}, Timeout: timeout, MaxResponseBytes: s.MaxResponseBytes(),
			Originator: "xenbench-exporter", Logger: sdkLogger{logger.With("component", "xapi")}})
		if err != nil {
			return nil, nil, err
		}
		cfg.Fetch = client.GetRRDUpdates
		cfg.Inventory = inventory.New(client, s.CacheTTL(), func(snap *inventory.Snapshot) { client.SetKnownHosts(snap.HostAddresses()) })
		closeFn = func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = client.Close(ctx)
		}
	}
	if s.LogFolder != "" {
		// The datasource's own Exchange side: same labels, same native/virtual resolution.
		var pool exchange.VMLister
		if cfg.Inventory != nil {
			pool = promexport.InventoryVMs{Inventory: cfg.Inventory}
		}
		src, err := exchange.NewSource(s, pool)
		if err != nil {
			return nil, nil, err
		}
		cfg.Exchange = src
		prev := closeFn
		closeFn = func() { src.Close(); prev() }
	}
	if o.rwURL != "" {
		rw := &promexport.RemoteWriteConfig{URL: o.rwURL, MaxQueueSamples: o.rwQueue, Shards: o.rwShards, RetryFor: o.rwRetryFor,
			Client: &http.Client{Timeout: 30 * time.Second}}
		if o.rwTokenFile != "" {
			raw, err := os.ReadFile(o.rwTokenFile)
			if err != nil {
				return nil, nil, fmt.Errorf("--remote-write-bearer-token-file: %w", err)
			}
			rw.BearerToken = strings.TrimSpace(string(raw))
		}
		cfg.RemoteWrite = rw
	}
	return cfg, closeFn, nil
}

// redactURL drops user information from a URL before it is logged.
func redactURL(raw string) string {
	if i := strings.Index(raw, "@"); i >= 0 {
		if j := strings.Index(raw, "://"); j >= 0 && j < i {
			return raw[:j+3] + "***@" + raw[i+1:]
		}
	}
	return raw
}

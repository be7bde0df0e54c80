package prometheus_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/promexport"
	"github.com/xenbench/xenbench/pkg/xapi"
)

// TestPrometheusScrapesThe64HostPoolWithin5s: the real Prometheus scrapes /metrics of
// the exporter holding the 64-host / 2,000-VM pool (every series, ~30,000) with a
// 5-second scrape timeout, over HTTP with the Accept and gzip headers it sends, and
// keeps every sample. One refresh is enough: /metrics serves the latest values, so
// how long the pool was played does not change the page's size.
func TestPrometheusScrapesThe64HostPoolWithin5s(t *testing.T) {
	clock := sim.NewManualClock(time.Now().Add(-time.Minute).Truncate(5 * time.Second))
	srv, err := sim.Start(sim.Options{Hosts: 64, VMs: 2000, Seed: 3, Scenario: sim.ScenarioSteady, User: "root", Password: password,
		Clock: clock, History: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	if err := srv.Advance(time.Minute); err != nil {
		t.Fatal(err)
	}
	xc, err := xapi.New(xapi.Config{URL: srv.MasterURL(), Username: "root", Password: password, HTTPClient: &http.Client{Timeout: 60 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = xc.Close(context.Background()) })
	inv := inventory.New(xc, time.Hour, func(s *inventory.Snapshot) { xc.SetKnownHosts(s.HostAddresses()) })
	exp, err := promexport.New(promexport.Config{Fetch: xc.GetRRDUpdates, Inventory: inv, Now: srv.Now, Backfill: 15 * time.Second,
		StaleAfter: time.Hour, Logger: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	exp.Refresh(ctx)

	addr := freeAddr(t)
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: exp.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(l) }()
	t.Cleanup(func() { _ = hs.Close() })

	prom := startPrometheus(t, addr)
	// The rows end a minute before the wall clock; the exported series count is the
	// exporter's own gauge, so Prometheus must have scraped all of them.
	var series float64
	waitFor(t, 3*time.Minute, func() error {
		now := time.Now()
		up := prom.query(`up{job="xenbench"}`, now)
		if len(up) != 1 || up[0].Points[latestKey(up[0])] != 1 {
			return fmt.Errorf("up{job=\"xenbench\"} = %v (a scrape that failed or timed out gives 0; see Prometheus's log)", up)
		}
		n := prom.query(`xenbench_exporter_series{job="xenbench"}`, now)
		if len(n) != 1 {
			return fmt.Errorf("xenbench_exporter_series = %v", n)
		}
		series = n[0].Points[latestKey(n[0])]
		return nil
	})
	if series < 30000 {
		t.Fatalf("the exporter holds %g series; the 64-host / 2,000-VM pool has over 30,000", series)
	}
	// Every scrape since the first success: up, within the timeout, all samples kept.
	waitFor(t, time.Minute, func() error {
		ok := prom.query(`count_over_time(up{job="xenbench"}[30s])`, time.Now())
		if len(ok) != 1 || ok[0].Points[latestKey(ok[0])] < 3 {
			return fmt.Errorf("fewer than 3 scrapes in 30 s: %v", ok)
		}
		return nil
	})
	now := time.Now()
	for q, check := range map[string]func(float64) error{
		`min_over_time(up{job="xenbench"}[30s])`: func(v float64) error {
			if v != 1 {
				return fmt.Errorf("a scrape failed (5 s timeout)")
			}
			return nil
		},
		`max_over_time(scrape_duration_seconds{job="xenbench"}[30s])`: func(v float64) error {
			t.Logf("slowest scrape of %g series in 30 s: %.3f s (Prometheus's scrape_duration_seconds)", series, v)
			if v >= 5 {
				return fmt.Errorf("%.3f s, timeout 5 s", v)
			}
			return nil
		},
		`min_over_time(scrape_samples_scraped{job="xenbench"}[30s])`: func(v float64) error {
			if v < series {
				return fmt.Errorf("%g samples scraped, the exporter holds %g pool series", v, series)
			}
			return nil
		},
		`max_over_time(scrape_samples_post_metric_relabeling{job="xenbench"}[30s]) - min_over_time(scrape_samples_scraped{job="xenbench"}[30s])`: func(v float64) error {
			if v != 0 {
				return fmt.Errorf("%g samples lost between parse and storage", v)
			}
			return nil
		},
	} {
		r := prom.query(q, now)
		if len(r) != 1 {
			t.Fatalf("%s: %v", q, r)
		}
		if err := check(r[0].Points[latestKey(r[0])]); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
	// And the values are the exporter's: one VM series read back.
	cpu := prom.query(`count(xenbench_vm_cpu_ratio{job="xenbench"})`, time.Now())
	if len(cpu) != 1 || cpu[0].Points[latestKey(cpu[0])] < 2000 {
		t.Fatalf("scraped VM cpu series: %v", cpu)
	}
}

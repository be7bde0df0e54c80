package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
)

func TestHelpDocumentsEveryFlag(t *testing.T) {
	var out bytes.Buffer
	_, err := parseFlags([]string{"--help"}, &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help: %v", err)
	}
	for _, name := range []string{"listen", "hosts-listen", "hosts", "vms", "seed", "scenario", "time-scale", "xapi-version", "user", "password",
		"tls", "log-dir", "session-ttl", "max-sessions", "control", "master", "fault-delay", "fault-status", "fault-drop", "fault-truncate",
		"fault-malformed", "fault-every", "fault-paths", "fault-hosts", "advertise-host", "history", "perfmon-interval", "perfmon-roll"} {
		if !strings.Contains(out.String(), "  -"+name) {
			t.Errorf("--help does not document --%s", name)
		}
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		args    []string
		want    []string
		wantErr string
	}{
		{[]string{"--listen", "127.0.0.1:9000", "--hosts", "3"}, []string{"127.0.0.1:9000", "127.0.0.1:9001", "127.0.0.1:9002"}, ""},
		{[]string{"--hosts-listen", "127.0.0.11:80,127.0.0.12:80", "--hosts", "2"}, []string{"127.0.0.11:80", "127.0.0.12:80"}, ""},
		{[]string{"--listen", "nonsense"}, nil, "want HOST:PORT"},
		{[]string{"--listen", "127.0.0.1:65535", "--hosts", "3"}, nil, "leave room"},
		{[]string{"extra"}, nil, "unexpected arguments"},
	}
	for _, tc := range tests {
		var out bytes.Buffer
		opts, err := parseFlags(tc.args, &out)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: err %v, want %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%v: %v", tc.args, err)
			continue
		}
		if strings.Join(opts.ListenAddrs, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%v: listen %v, want %v", tc.args, opts.ListenAddrs, tc.want)
		}
	}
}

func TestHealthcheckSubcommand(t *testing.T) {
	srv, err := sim.Start(sim.Options{Hosts: 1, ListenAddrs: []string{"127.0.0.1:0"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if err := run([]string{"healthcheck", "--url", srv.MasterURL() + "/"}, io.Discard, io.Discard); err != nil {
		t.Errorf("healthcheck against a running simulator: %v", err)
	}
	if err := run([]string{"healthcheck", "--url", "http://127.0.0.1:1/", "--timeout", "500ms"}, io.Discard, io.Discard); err == nil {
		t.Error("healthcheck against a closed port: no error")
	}
}

func TestBackfillFlag(t *testing.T) {
	if _, err := parseFlags([]string{"--backfill", "1h", "--time-scale", "10"}, io.Discard); err == nil {
		t.Error("--backfill with --time-scale 10: no error")
	}
	opts, err := parseFlags([]string{"--backfill", "130m", "--scenario", "all", "--listen", "127.0.0.1:0"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := opts.Clock.(*sim.CatchUpClock); !ok {
		t.Fatalf("clock %T, want a catch-up clock", opts.Clock)
	}
	opts.ListenAddrs = []string{"127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0"}
	srv, err := sim.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	// Until the backfill is played the pool must not serve (its clock is 130 min behind),
	// and the compose healthcheck must say so.
	health := []string{"healthcheck", "--url", srv.MasterURL() + "/", "--timeout", "5s"}
	if err := run(health, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "backfill") {
		t.Errorf("healthcheck before the backfill: %v, want not ready", err)
	}
	if srv.Ready() {
		t.Error("Ready before the backfill")
	}
	if err := srv.CatchUp(time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := run(health, io.Discard, io.Discard); err != nil {
		t.Errorf("healthcheck after the backfill: %v", err)
	}
	// The history is in the past and the pool now runs on the wall clock.
	if d := time.Since(srv.Now()); d < -time.Second || d > 5*time.Second {
		t.Errorf("after catching up the pool's clock is %v off the wall clock", d)
	}
	migrated, failed := false, false
	for _, m := range srv.Messages() {
		switch m["name"] {
		case "VM_MIGRATED":
			migrated = true
		case "HA_HOST_FAILED":
			failed = true
		}
	}
	if !migrated || !failed {
		t.Errorf("130 minutes of the all scenario: migration seen %v, HA failure seen %v", migrated, failed)
	}
}

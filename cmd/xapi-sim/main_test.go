package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

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
		"fault-malformed", "fault-every", "fault-paths", "advertise-host", "history", "perfmon-interval", "perfmon-roll"} {
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

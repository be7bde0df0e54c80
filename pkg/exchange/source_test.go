package exchange

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/settings"
)

var (
	day0 = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	day1 = day0.Add(24 * time.Hour)
)

// logFolder holds EXMBX01's perfmon log and two load-test runs: run-2000 (summary,
// EXVM01 declared virtual, EXPHY01 without a platform) and run-4000 (raw, EXVM01).
func logFolder(t *testing.T) string {
	t.Helper()
	dir := perfmonFolder(t)
	for _, f := range []string{"run-2000.csv", "run-4000.latencies.csv"} {
		b, err := os.ReadFile(filepath.Join("../loadgen/testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "loadgen", f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type failingPool struct{}

func (failingPool) VMs(context.Context) ([]inventory.VM, error) {
	return nil, errors.New("connection refused")
}

func newSource(t *testing.T, cfg *settings.Settings, pool VMLister) *Source {
	t.Helper()
	if cfg.LogFolder == "" {
		cfg.LogFolder = logFolder(t)
	}
	s, err := NewSource(cfg, pool)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func TestCountersLabelsAndFilters(t *testing.T) {
	pool := fakePool{{UUID: "u-1", Name: "EXMBX01", HostName: "xs-1"}}
	s := newSource(t, &settings.Settings{VolumeRoles: []settings.VolumeRole{{Server: "*", Instance: "D:", Role: "database"}}}, pool)
	ctx := context.Background()
	res, err := s.Counters(ctx, CounterQuery{Counters: []string{`\\*\LogicalDisk(*)\*`, `\\*\MSExchangeIS\RPC Averaged Latency`}, From: day0, To: day1})
	if err != nil {
		t.Fatal(err)
	}
	byInstance := map[string]CounterSeries{}
	for _, cs := range res.Series {
		byInstance[cs.Instance] = cs
		if cs.Platform != Virtual || cs.Host != "xs-1" || cs.Labels["platform"] != Virtual || cs.Labels["host"] != "xs-1" || cs.Labels["server"] != "EXMBX01" {
			t.Errorf("%s: platform %q host %q labels %v; want virtual on xs-1 (name label)", cs.Path, cs.Platform, cs.Host, cs.Labels)
		}
		if !strings.HasPrefix(cs.Path, `\\EXMBX01\`) || cs.Name != cs.Counter || len(cs.Times) == 0 || len(cs.Times) != len(cs.Values) {
			t.Errorf("series %+v", cs)
		}
	}
	d, l, rpc := byInstance["D:"], byInstance["L:"], byInstance[""]
	if d.VolumeRole != "database" || d.Labels["volume_role"] != "database" || d.Labels["instance"] != "D:" {
		t.Errorf("D: %+v", d)
	}
	if l.VolumeRole != "log" || rpc.VolumeRole != "" || rpc.Labels["volume_role"] != "" || rpc.Labels["instance"] != "" || rpc.Unit != "ms" {
		t.Errorf("L: role %q; RPC role %q labels %v unit %q", l.VolumeRole, rpc.VolumeRole, rpc.Labels, rpc.Unit)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings %v", res.Warnings)
	}

	for name, q := range map[string]CounterQuery{
		"volume role":    {VolumeRole: "LOG"},
		"platform":       {Platform: Virtual},
		"server glob":    {Servers: "{exmbx*,other}"},
		"other platform": {Platform: Native},
		"other server":   {Servers: "EXPHY*"},
	} {
		q.Counters, q.From, q.To = []string{`\\*\LogicalDisk(*)\*`}, day0, day1
		res, err := s.Counters(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"volume role": 1, "platform": 2, "server glob": 2}[name]
		if len(res.Series) != want {
			t.Errorf("%s: %d series, want %d", name, len(res.Series), want)
		}
	}
	if _, err := s.Counters(ctx, CounterQuery{}); err == nil || !strings.Contains(err.Error(), "no counter given") {
		t.Errorf("no counters: %v", err)
	}
}

func TestResultsPrecedenceAndFilters(t *testing.T) {
	ctx := context.Background()
	// EXVM01 is declared virtual in run-2000 and is a VM; EXPHY01 has no column and no VM.
	s := newSource(t, &settings.Settings{PlatformOverrides: []settings.PlatformOverride{{Server: "EXVM01", Platform: Native}}},
		fakePool{{UUID: "u-1", Name: "EXVM01", HostName: "xs-1"}})
	rs, warnings, err := s.Results(ctx, ResultQuery{From: day0, To: day1})
	if err != nil || len(warnings) != 0 {
		t.Fatal(err, warnings)
	}
	got := map[string]string{}
	for _, r := range rs {
		got[r.RunID+"/"+r.Server] = r.Platform
	}
	want := map[string]string{"run-2000/EXVM01": Native, "run-2000/EXPHY01": Native, "run-4000/EXVM01": Native, "run-4000/EXPHY01": Native}
	if len(got) != len(want) {
		t.Fatalf("results %v", got)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q (the override beats the file column)", k, got[k], w)
		}
	}

	s = newSource(t, &settings.Settings{}, failingPool{})
	rs, warnings, err = s.Results(ctx, ResultQuery{From: day0, To: day1})
	if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0], "connection refused") {
		t.Fatalf("unreadable pool: %v %v", err, warnings)
	}
	for _, r := range rs {
		w := Unknown
		if r.RunID == "run-2000" && r.Server == "EXVM01" {
			w = Virtual // its file column
		}
		if r.Platform != w {
			t.Errorf("%s/%s: %q, want %q", r.RunID, r.Server, r.Platform, w)
		}
	}

	for name, tc := range map[string]struct {
		q    ResultQuery
		want int
	}{
		"all":              {ResultQuery{}, 4},
		"run":              {ResultQuery{Runs: "run-4*"}, 2},
		"task":             {ResultQuery{Tasks: []string{"sendmail"}}, 2},
		"workload":         {ResultQuery{Workloads: "2000*"}, 2},
		"server":           {ResultQuery{Servers: "exphy01"}, 2},
		"platform":         {ResultQuery{Platform: Unknown}, 3},
		"range before all": {ResultQuery{From: day0.Add(-48 * time.Hour), To: day0.Add(-24 * time.Hour)}, 0},
	} {
		rs, _, err := s.Results(ctx, tc.q)
		if err != nil || len(rs) != tc.want {
			t.Errorf("%s: %d results (%v), want %d", name, len(rs), err, tc.want)
		}
	}
}

func TestListsPlatformsAndHealth(t *testing.T) {
	ctx := context.Background()
	s := newSource(t, &settings.Settings{}, fakePool{{UUID: "u-1", Name: "Mailbox VM", GuestHostNames: []string{"EXVM01"}, HostName: "xs-2"}})
	for kind, want := range map[string][]string{
		ListServers:   {"EXMBX01", "EXPHY01", "EXVM01"},
		ListWorkloads: {"2000 heavy", "4000 heavy"},
		ListRuns:      {"run-2000", "run-4000"},
		ListTasks:     {"Logon", "SendMail"},
	} {
		got, err := s.List(ctx, kind, "", "")
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s: %v (%v), want %v", kind, got, err, want)
		}
	}
	counters, err := s.List(ctx, ListCounters, "EXMBX01", "RPC")
	if err != nil || !slices.Equal(counters, []string{`\\*\MSExchangeIS\RPC Averaged Latency`, `\\*\MSExchangeIS\RPC Requests`}) {
		t.Errorf("counters %v (%v)", counters, err)
	}
	if none, err := s.List(ctx, ListCounters, "EXPHY*", ""); err != nil || len(none) != 0 {
		t.Errorf("counters of a server without logs: %v %v", none, err)
	}
	if _, err := s.List(ctx, "bogus", "", ""); err == nil {
		t.Error("unknown kind accepted")
	}
	if !IsList(ListTasks) || IsList("vms") {
		t.Error("IsList")
	}

	rows, err := s.Platforms(ctx)
	if err != nil || len(rows) != 3 {
		t.Fatalf("platforms %+v %v", rows, err)
	}
	for _, r := range rows {
		want := map[string]string{"EXMBX01": Native, "EXPHY01": Native, "EXVM01": Virtual}[r.Server]
		if r.Platform != want {
			t.Errorf("%s: %+v, want %s", r.Server, r, want)
		}
	}
	msg, err := s.Health(ctx)
	if err != nil || !strings.Contains(msg, "1 servers (0 virtual, 1 native), 7 counters, 2 load-test runs") {
		t.Errorf("health %q %v", msg, err)
	}

	s = newSource(t, &settings.Settings{}, failingPool{})
	rows, err = s.Platforms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Platform != Unknown || !strings.Contains(r.Reason, ReasonPoolUnreadable) || !strings.Contains(r.Reason, "connection refused") {
			t.Errorf("%+v: want unknown, saying why", r)
		}
	}
	msg, err = s.Health(ctx)
	if err != nil || !strings.Contains(msg, "(0 virtual, 0 native, 1 unknown)") || !strings.Contains(msg, "warning: native/virtual resolution") {
		t.Errorf("health with the pool unreadable: %q %v", msg, err)
	}

	empty := newSource(t, &settings.Settings{LogFolder: t.TempDir()}, nil)
	if _, err := empty.Health(ctx); err == nil || !strings.Contains(err.Error(), "no perfmon logs") {
		t.Errorf("empty folder: %v", err)
	}
	missing := newSource(t, &settings.Settings{LogFolder: filepath.Join(t.TempDir(), "nope")}, nil)
	if _, err := missing.Counters(ctx, CounterQuery{Counters: []string{`\\*\X\Y`}}); err == nil || !strings.Contains(err.Error(), "Log folder") {
		t.Errorf("missing folder: %v", err)
	}
}

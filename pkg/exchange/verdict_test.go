package exchange

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/settings"
)

func TestJudgeMigration(t *testing.T) {
	steady := []float64{10, 11, 12, 10, 11, 12, 10, 11, 12, 13} // p95 13
	for name, tc := range map[string]struct {
		before, after []float64
		complete      bool
		want          string
	}{
		"same latency":        {steady, steady, true, "no lasting performance loss (p95 13 → 13 ms)"},
		"within the margin":   {steady, []float64{12, 14}, true, "no lasting performance loss"},
		"slower":              {steady, []float64{20, 21, 22}, true, "slower after the migration: p95 13 → 22 ms (+69 %)"},
		"faster":              {steady, []float64{5, 6}, true, "no lasting performance loss (p95 13 → 6 ms)"},
		"not yet":             {steady, []float64{20}, false, "pending"},
		"no samples before":   {nil, steady, true, "no RPC latency samples"},
		"only missing after":  {steady, []float64{math.NaN()}, true, "no RPC latency samples"},
		"tiny absolute delta": {[]float64{0.5}, []float64{1.2}, true, "no lasting performance loss"},
	} {
		v := JudgeMigration(tc.before, tc.after, tc.complete)
		if !strings.HasPrefix(v.Text, tc.want) {
			t.Errorf("%s: %q, want it to start with %q", name, v.Text, tc.want)
		}
	}
}

type fakePool []inventory.VM

func (f fakePool) VMs(context.Context) ([]inventory.VM, error) { return f, nil }

func perfmonFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile("../perfmon/testdata/relog_est.csv")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "perfmon", "EXMBX01", "EXMBX01_20261125-0900.csv")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestMigrationVerdictsMatchServersThroughTheResolver: the log of server EXMBX01
// judges the migration of the VM whose guest reports that host name, whatever the
// VM's name label, and not the migration of a VM merely labelled like it when an
// override says the server is not that VM.
func TestMigrationVerdictsMatchServersThroughTheResolver(t *testing.T) {
	vms := fakePool{
		{UUID: "u-1", Name: "Exchange mailbox 1", GuestHostNames: []string{"EXMBX01.contoso.local"}, HostName: "xs-1"},
		{UUID: "u-2", Name: "EXMBX02", HostName: "xs-2"},
	}
	// Samples at 14:00:00, :15 and :30 UTC (12, 14 and none ms).
	start := time.Date(2026, 11, 25, 14, 0, 20, 0, time.UTC)
	migs := []Migration{
		{VMUUID: "u-1", VMName: "Exchange mailbox 1", Start: start, End: start.Add(time.Second)},
		{VMUUID: "u-2", VMName: "EXMBX02", Start: start, End: start.Add(time.Second)},
	}
	src, err := NewSource(&settings.Settings{LogFolder: perfmonFolder(t)}, vms)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	got, err := src.MigrationVerdicts(context.Background(), migs, start.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Before != 14 {
		t.Errorf("VM with guest host name EXMBX01: before p95 %v (%s), want 14 from EXMBX01's log", got[0].Before, got[0].Text)
	}
	if !math.IsNaN(got[1].Before) || !strings.Contains(got[1].Text, "no Exchange server") {
		t.Errorf("VM EXMBX02 (no log): %+v", got[1])
	}

	// An override saying EXMBX01 is native unties it from every VM.
	src2, err := NewSource(&settings.Settings{LogFolder: perfmonFolder(t), PlatformOverrides: []settings.PlatformOverride{{Server: "EXMBX01", Platform: Native}}}, vms)
	if err != nil {
		t.Fatal(err)
	}
	defer src2.Close()
	got, err = src2.MigrationVerdicts(context.Background(), migs[:1], start.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(got[0].Before) {
		t.Errorf("overridden native server judged a VM's migration: %+v", got[0])
	}
}

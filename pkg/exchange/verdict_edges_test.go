package exchange

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/settings"
)

// rpcLog writes a relog-style perfmon log (Eastern Standard Time, as relog_est.csv)
// of EXMBX01's RPC Averaged Latency with one sample per given UTC time.
func rpcLog(t *testing.T, samples map[time.Time]float64, order []time.Time) string {
	t.Helper()
	est := time.FixedZone("EST", -5*3600)
	var b strings.Builder
	b.WriteString(`"(PDH-CSV 4.0) (Eastern Standard Time)(300)","\\EXMBX01\MSExchangeIS\RPC Averaged Latency"` + "\r\n")
	for _, at := range order {
		fmt.Fprintf(&b, "\"%s\",\"%f\"\r\n", at.In(est).Format("01/02/2006 15:04:05.000"), samples[at])
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "perfmon", "EXMBX01", "EXMBX01_rpc.csv")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestMigrationVerdictWindows pins which samples a verdict weighs: the ten minutes
// before the migration starts (both ends included: the start itself is not "before"),
// and from two minutes after it ends (the settling blip left out); and that the
// verdict stays pending until the after-window has ended.
func TestMigrationVerdictWindows(t *testing.T) {
	start := time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)
	end := start.Add(time.Minute)
	at := func(d time.Duration) time.Time { return start.Add(d) }
	order := []time.Time{
		at(-10*time.Minute - time.Second), // just before the before-window: left out
		at(-10 * time.Minute),             // first instant of the before-window
		at(-5 * time.Minute),
		at(0),                                // the migration itself: neither window
		end.Add(2*time.Minute - time.Second), // still settling: left out
		end.Add(2 * time.Minute),             // first instant of the after-window
		end.Add(6 * time.Minute),
	}
	values := []float64{1000, 20, 10, 500, 900, 30, 25}
	samples := map[time.Time]float64{}
	for i, ts := range order {
		samples[ts] = values[i]
	}
	src, err := NewSource(&settings.Settings{LogFolder: rpcLog(t, samples, order)}, fakePool{{UUID: "u-1", Name: "EXMBX01", HostName: "xs-1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	mig := []Migration{{VMUUID: "u-1", Start: start, End: end}}
	afterWindowEnd := end.Add(12 * time.Minute)

	got, err := src.MigrationVerdicts(context.Background(), mig, afterWindowEnd)
	if err != nil {
		t.Fatal(err)
	}
	// before: 20 and 10, p95 20; after: 30 and 25, p95 30.
	if v := got[0]; v.Before != 20 || v.After != 30 || v.Text != "slower after the migration: p95 20 → 30 ms (+50 %)" {
		t.Errorf("verdict once the after-window has ended: %+v, want p95 20 → 30 ms", v)
	}

	for _, now := range []time.Time{afterWindowEnd.Add(-time.Second), end.Add(5 * time.Minute)} {
		got, err = src.MigrationVerdicts(context.Background(), mig, now)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(got[0].Text, "pending") {
			t.Errorf("at %s, %s after the migration ended: %q, want pending", now.Format(time.TimeOnly), now.Sub(end), got[0].Text)
		}
	}
}

// TestJudgeMigrationMarginEdges: an after-p95 up to 10 % above the before-p95 is no
// lasting loss, one just above is a slowdown; an increase below 1 ms is never a loss
// (noise at tiny latencies), one of exactly 1 ms beyond the margin is.
func TestJudgeMigrationMarginEdges(t *testing.T) {
	for _, tc := range []struct {
		before, after float64
		loss          bool
	}{
		{40, 44, false},       // exactly +10 % (40 * 1.1 is 44 in float64)
		{40, 44.01, true},     // just beyond the margin
		{0.5, 1.49, false},    // +0.99 ms: noise
		{0.5, 1.5, true},      // +1 ms, far beyond 10 %
		{1000, 1000.9, false}, // well within both
		{8, 9.2, true},        // +15 %, +1.2 ms
	} {
		v := JudgeMigration([]float64{tc.before}, []float64{tc.after}, true)
		if loss := strings.HasPrefix(v.Text, "slower"); loss != tc.loss || v.Before != tc.before || v.After != tc.after {
			t.Errorf("p95 %v → %v: %q, want loss=%v", tc.before, tc.after, v.Text, tc.loss)
		}
	}
	if v := JudgeMigration(nil, nil, false); !strings.HasPrefix(v.Text, "no RPC latency samples") || !math.IsNaN(v.After) {
		t.Errorf("no samples at all, after-window still open: %+v, want no samples (nothing to wait for)", v)
	}
}

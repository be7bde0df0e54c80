package plugin

import (
	"math"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/pool"
)

// TestEventFramesLeaveUnknownDurationsEmpty: a migration known only from its
// VM_MIGRATED message has no recorded start, so its duration is null (not 0 s) in the
// table and for alerting; one seen live keeps its duration; the verdict columns carry
// what the verdicts say, on migration rows only.
func TestEventFramesLeaveUnknownDurationsEmpty(t *testing.T) {
	end := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	evs := []pool.Event{
		{Kind: pool.KindMigration, VM: "EXVM01", Start: end, End: end, StartUnknown: true},
		{Kind: pool.KindMigration, VM: "EXVM02", Start: end.Add(-40 * time.Second), End: end},
		{Kind: pool.KindHA, Host: "xs-2", Start: end.Add(-time.Minute), End: end, Restarts: 1},
	}
	verdicts := []exchange.Verdict{{Before: math.NaN(), After: math.NaN(), Text: "no samples"}, {Before: 10, After: 11, Text: "no lasting performance loss"}, {}}
	f := eventTableFrames("A", evs, verdicts)[0]
	dur, _ := f.FieldByName("duration")
	if d := dur.At(0).(*float64); d != nil {
		t.Errorf("message-only migration: duration %v, want null", *d)
	}
	if d := dur.At(1).(*float64); d == nil || *d != 40 {
		t.Errorf("live migration: duration %v, want 40 s", d)
	}
	verdict, _ := f.FieldByName("verdict")
	before, _ := f.FieldByName("rpc_p95_before_ms")
	if verdict.At(1).(string) != "no lasting performance loss" || verdict.At(2).(string) != "" || before.At(0).(*float64) != nil || *before.At(1).(*float64) != 10 {
		t.Errorf("verdict columns: %v / %v", verdict, before)
	}

	frames := eventNumericFrames("A", "", evs, end)
	for _, fr := range frames {
		v := fr.Fields[0].At(0).(*float64)
		switch fr.Fields[0].Labels["vm"] {
		case "EXVM01":
			if v != nil {
				t.Errorf("message-only migration for alerting: %v, want null", *v)
			}
		case "EXVM02":
			if v == nil || *v != 40 {
				t.Errorf("live migration for alerting: %v, want 40", v)
			}
		}
	}
}

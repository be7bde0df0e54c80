package plugin

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/loadgen"
	"github.com/xenbench/xenbench/pkg/perfmon"
)

// The study showed XenMotion "with no loss of performance". A migration's verdict
// compares the migrated Exchange server's RPC averaged latency before and after it:
// the 95th percentile of the verdictWindow before the start against the one after the
// end plus verdictSettle (the short blip while the VM's memory is copied and its
// caches warm is expected and not counted). Within verdictMargin is "no lasting loss".
const (
	verdictWindow  = 10 * time.Minute
	verdictSettle  = 2 * time.Minute
	verdictMargin  = 0.10
	verdictCounter = `\MSExchangeIS\RPC Averaged Latency`
)

// migrationVerdict is what the verdict columns say about one migration.
type migrationVerdict struct {
	before, after float64 // p95 in ms, NaN when unknown
	text          string
}

// judgeMigration compares the p95s of the two windows.
func judgeMigration(before, after []float64, afterComplete bool) migrationVerdict {
	v := migrationVerdict{before: p95OrNaN(before), after: p95OrNaN(after)}
	switch {
	case math.IsNaN(v.before) || math.IsNaN(v.after) && afterComplete:
		v.text = "no RPC latency samples around the migration"
	case !afterComplete:
		v.text = "pending: the after-window has not ended"
	case v.after <= v.before*(1+verdictMargin) || v.after-v.before < 1:
		v.text = fmt.Sprintf("no lasting performance loss (p95 %.0f → %.0f ms)", v.before, v.after)
	default:
		v.text = fmt.Sprintf("slower after the migration: p95 %.0f → %.0f ms (+%.0f %%)", v.before, v.after, (v.after/v.before-1)*100)
	}
	return v
}

func p95OrNaN(vs []float64) float64 {
	kept := make([]float64, 0, len(vs))
	for _, v := range vs {
		if !math.IsNaN(v) {
			kept = append(kept, v)
		}
	}
	return loadgen.P95(kept)
}

// addMigrationVerdicts adds rpc_p95_before_ms, rpc_p95_after_ms and verdict columns to
// an events table: for each migration row, from the perfmon log of the Exchange server
// named like the VM. Rows of other kinds get empty cells.
func (b *exchangeBackend) addMigrationVerdicts(ctx context.Context, frames frameSet, now time.Time) error {
	if len(frames) == 0 {
		return nil
	}
	f := frames[0]
	kind, _ := f.FieldByName("kind")
	vm, _ := f.FieldByName("vm")
	start, _ := f.FieldByName("start")
	end, _ := f.FieldByName("end")
	if kind == nil || vm == nil || start == nil || end == nil {
		return nil
	}
	store, err := b.perfmonStore()
	if err != nil {
		return err
	}
	n := kind.Len()
	before, after := make([]*float64, n), make([]*float64, n)
	verdicts := make([]string, n)
	for i := 0; i < n; i++ {
		if kind.At(i).(string) != eventKindMigration {
			continue
		}
		s, e := start.At(i).(time.Time), end.At(i).(time.Time)
		res, err := store.Query(ctx, perfmon.Query{
			Patterns: []string{`\\` + vm.At(i).(string) + verdictCounter},
			From:     s.Add(-verdictWindow), To: e.Add(verdictSettle + verdictWindow),
		})
		if err != nil {
			return err
		}
		var pre, post []float64
		for _, sr := range res.Series {
			for j, t := range sr.Times {
				switch {
				case t.Before(s) && !t.Before(s.Add(-verdictWindow)):
					pre = append(pre, sr.Values[j])
				case !t.Before(e.Add(verdictSettle)):
					post = append(post, sr.Values[j])
				}
			}
		}
		v := judgeMigration(pre, post, !now.Before(e.Add(verdictSettle+verdictWindow)))
		if !math.IsNaN(v.before) {
			before[i] = &v.before
		}
		if !math.IsNaN(v.after) {
			after[i] = &v.after
		}
		verdicts[i] = v.text
	}
	bf := data.NewField("rpc_p95_before_ms", nil, before)
	bf.Config = &data.FieldConfig{Unit: "ms", Description: "95th percentile RPC averaged latency in the 10 minutes before the migration"}
	af := data.NewField("rpc_p95_after_ms", nil, after)
	af.Config = &data.FieldConfig{Unit: "ms", Description: "95th percentile RPC averaged latency in the 10 minutes after it settled (2 minutes)"}
	f.Fields = append(f.Fields, bf, af, data.NewField("verdict", nil, verdicts))
	return nil
}

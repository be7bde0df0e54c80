package exchange

import (
	"context"
	"fmt"
	"math"
	"time"

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

// Verdict is what the verdict columns say about one migration.
type Verdict struct {
	Before, After float64 // p95 in ms, NaN when unknown
	Text          string
}

// JudgeMigration compares the p95s of the two windows.
func JudgeMigration(before, after []float64, afterComplete bool) Verdict {
	v := Verdict{Before: p95OrNaN(before), After: p95OrNaN(after)}
	if math.IsNaN(v.Before) || math.IsNaN(v.After) && afterComplete {
		v.Text = "no RPC latency samples around the migration"
	} else if !afterComplete {
		v.Text = "pending: the after-window has not ended"
	} else if v.After <= v.Before*(1+verdictMargin) || v.After-v.Before < 1 {
		v.Text = fmt.Sprintf("no lasting performance loss (p95 %.0f → %.0f ms)", v.Before, v.After)
	} else {
		v.Text = fmt.Sprintf("slower after the migration: p95 %.0f → %.0f ms (+%.0f %%)", v.Before, v.After, (v.After/v.Before-1)*100)
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

// Migration is what a verdict needs to know about one XenMotion.
type Migration struct {
	VMUUID, VMName string
	Start, End     time.Time
}

// MigrationVerdicts judges each migration from the perfmon logs of the Exchange
// servers that resolve to the migrated VM (through Resolver.Matches: name label or
// guest host name, or an override naming it). Servers the resolver does not tie to the
// VM are not consulted, whatever their names.
func (s *Source) MigrationVerdicts(ctx context.Context, migs []Migration, now time.Time) ([]Verdict, error) {
	out := make([]Verdict, len(migs))
	if len(migs) == 0 {
		return out, nil
	}
	store, err := s.perfmonStore()
	if err != nil {
		return nil, err
	}
	cols, err := s.columns(ctx)
	if err != nil {
		return nil, err
	}
	var servers []string
	seen := map[string]bool{}
	for _, c := range cols {
		if !seen[c.Server] {
			seen[c.Server] = true
			servers = append(servers, c.Server)
		}
	}
	resolver, _ := s.Resolver(ctx)
	for i, m := range migs {
		var patterns []string
		for _, srv := range servers {
			if resolver.Matches(srv, m.VMUUID, m.VMName) {
				patterns = append(patterns, `\\`+srv+verdictCounter)
			}
		}
		if len(patterns) == 0 {
			out[i] = Verdict{Before: math.NaN(), After: math.NaN(), Text: "no Exchange server in the logs resolves to this VM"}
			continue
		}
		res, err := store.Query(ctx, perfmon.Query{
			Patterns: patterns,
			From:     m.Start.Add(-verdictWindow), To: m.End.Add(verdictSettle + verdictWindow),
		})
		if err != nil {
			return nil, err
		}
		var pre, post []float64
		for _, sr := range res.Series {
			for j, t := range sr.Times {
				if t.Before(m.Start) && !t.Before(m.Start.Add(-verdictWindow)) {
					pre = append(pre, sr.Values[j])
				} else if !t.Before(m.End.Add(verdictSettle)) {
					post = append(post, sr.Values[j])
				}
			}
		}
		out[i] = JudgeMigration(pre, post, !now.Before(m.End.Add(verdictSettle+verdictWindow)))
	}
	return out, nil
}

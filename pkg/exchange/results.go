package exchange

import (
	"context"
	"strings"
	"time"

	"github.com/xenbench/xenbench/pkg/loadgen"
)

// ResultQuery selects load-test results.
type ResultQuery struct {
	Runs, Servers, Workloads string // globs, comma lists or {a,b}; empty for all
	Tasks                    []string
	Platform                 string // native, virtual, unknown; empty for all
	From, To                 time.Time
}

// Results lists load-test results overlapping the range, filtered by runs, tasks,
// workloads and servers, each with its platform resolved (a results file's platform
// column is the declaration Resolver.ResolveDeclared weighs). Warnings name skipped
// files and rows.
func (s *Source) Results(ctx context.Context, q ResultQuery) ([]loadgen.Result, []string, error) {
	all, warnings, err := s.scanResults()
	if err != nil {
		return nil, nil, err
	}
	runs, servers, workloads := SplitList(q.Runs), SplitList(q.Servers), SplitList(q.Workloads)
	tasks := map[string]bool{}
	for _, t := range q.Tasks {
		tasks[strings.ToLower(t)] = true
	}
	resolver, notice := s.Resolver(ctx)
	if notice != "" {
		warnings = append(warnings, notice)
	}
	var out []loadgen.Result
	for _, r := range all {
		if !q.From.IsZero() && (r.End.Before(q.From) || r.Start.After(q.To)) {
			continue
		}
		if !MatchAnyGlob(runs, r.RunID) || !MatchAnyGlob(servers, r.Server) || !MatchAnyGlob(workloads, r.Workload) || (len(tasks) > 0 && !tasks[strings.ToLower(r.Task)]) {
			continue
		}
		r.Platform = resolver.ResolveDeclared(r.Server, r.Platform).Platform
		if q.Platform != "" && r.Platform != q.Platform {
			continue
		}
		out = append(out, r)
	}
	return out, warnings, ctx.Err()
}

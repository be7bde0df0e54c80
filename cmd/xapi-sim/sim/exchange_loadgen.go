package sim

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"
)

// LoadGen results follow the shared contract's simple format: per run a
// summary <run_id>.csv (run_id,workload,server,platform,task,start,end,
// count,avg_ms,p95_ms) and the raw <run_id>.latencies.csv (one row per
// operation). Both come from the same simulated operations, so a reader
// recomputing count, average and nearest-rank p95 from the raw file gets
// the summary's numbers.

// loadgenTasks are simulated per heavy user per hour. 20 messages sent per
// 8-hour day gives 2.5 SendMail an hour ("Heavy (20/80)", Dell BP1013 on
// LoadGen); the calendar rate and its latency ratio are model choices.
var loadgenTasks = []struct {
	name         string
	perUserHour  float64
	latencyRatio float64
}{
	{"SendMail", 2.5, 1.0},
	{"BrowseCalendar", 1.0, 0.6},
}

type loadgenOp struct {
	server, platform, task string
	at                     time.Time
	ms                     float64
}

func (ew *exchangeWriter) writeRun(run runInfo) error {
	s := ew.s
	n := noise{seed: uint64(s.opts.Seed)}
	instants := map[int64]*instant{}
	instantFor := func(t time.Time) *instant {
		k := tickOf(t)
		in, ok := instants[k]
		if !ok {
			in = s.instantAt(time.Unix(k*rrdStep, 0).UTC())
			instants[k] = in
		}
		return in
	}
	dur := run.End.Sub(run.Start)
	var ops []loadgenOp
	for _, srv := range ew.servers {
		mailboxes := mailboxesFor(run.Mailboxes, srv.index)
		if mailboxes == 0 {
			continue
		}
		platform := "native"
		if srv.virtual {
			platform = "virtual"
		}
		key := keyHash(run.ID + srv.name)
		for ti, task := range loadgenTasks {
			count := int(math.Round(task.perUserHour * float64(mailboxes) * dur.Hours()))
			for i := 0; i < count; i++ {
				// Spread operations evenly with seeded jitter.
				frac := (float64(i) + n.uniform(key, int64(i), uint64(ti)*2+1)) / float64(count)
				at := run.Start.Add(time.Duration(frac * float64(dur))).Truncate(time.Millisecond)
				x := s.exchangeAt(instantFor(at), srv.index, srv.virtual)
				if !x.Up {
					continue // the server was down: LoadGen logs an exception, not a latency
				}
				z := n.normal(key, int64(i), uint64(ti)*2+2)
				ops = append(ops, loadgenOp{srv.name, platform, task.name, at, sendMailLatency(x.SendMailMs*task.latencyRatio, z)})
			}
		}
	}
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].at.Before(ops[j].at) })
	base := filepath.Join(ew.dir, "loadgen", run.ID)
	if err := writeLoadgenRaw(base+".latencies.csv", run, ops); err != nil {
		return err
	}
	return writeLoadgenSummary(base+".csv", run, ops)
}

func writeLoadgenRaw(path string, run runInfo, ops []loadgenOp) error {
	return writeFile(path, func(w *bufio.Writer) {
		w.WriteString("run_id,workload,server,platform,task,time,latency_ms\n")
		for _, op := range ops {
			fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%s\n", run.ID, run.Workload, op.server, op.platform, op.task,
				op.at.UTC().Format("2006-01-02T15:04:05.000Z"), strconv.FormatFloat(op.ms, 'f', 1, 64))
		}
	})
}

func writeLoadgenSummary(path string, run runInfo, ops []loadgenOp) error {
	type key struct{ server, platform, task string }
	groups := map[key][]float64{}
	var order []key
	for _, op := range ops {
		k := key{op.server, op.platform, op.task}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		// Round like the raw file so both views agree exactly.
		v, _ := strconv.ParseFloat(strconv.FormatFloat(op.ms, 'f', 1, 64), 64)
		groups[k] = append(groups[k], v)
	}
	sort.Slice(order, func(i, j int) bool {
		if order[i].server != order[j].server {
			return order[i].server < order[j].server
		}
		return order[i].task < order[j].task
	})
	return writeFile(path, func(w *bufio.Writer) {
		w.WriteString("run_id,workload,server,platform,task,start,end,count,avg_ms,p95_ms\n")
		for _, k := range order {
			vals := groups[k]
			avg, p95 := summarize(vals)
			fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%s,%d,%s,%s\n", run.ID, run.Workload, k.server, k.platform, k.task,
				run.Start.UTC().Format(time.RFC3339), run.End.UTC().Format(time.RFC3339), len(vals),
				strconv.FormatFloat(avg, 'f', 1, 64), strconv.FormatFloat(p95, 'f', 1, 64))
		}
	})
}

// summarize returns the mean and the nearest-rank 95th percentile (the
// ceil(0.95 n)-th smallest value), as the shared contract defines it.
func summarize(vals []float64) (avg, p95 float64) {
	if len(vals) == 0 {
		return math.NaN(), math.NaN()
	}
	sorted := append([]float64(nil), vals...)
	sort.Float64s(sorted)
	sum := 0.0
	for _, v := range sorted {
		sum += v
	}
	rank := int(math.Ceil(0.95 * float64(len(sorted))))
	return sum / float64(len(sorted)), sorted[max(rank, 1)-1]
}

func writeFile(path string, body func(w *bufio.Writer)) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("loadgen results: %w", err)
	}
	w := bufio.NewWriterSize(f, 256<<10)
	body(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	// Rename so a reader never sees a half-written run.
	return os.Rename(tmp, path)
}

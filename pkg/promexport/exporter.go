package promexport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/inventory"
)

// Config wires an Exporter. The cmd fills it from flags.
type Config struct {
	// Fetch and Inventory read the pool (xapi.Client.GetRRDUpdates and an
	// inventory.Inventory on the same client); nil Inventory: no pool.
	Fetch     RRDFetcher
	Inventory *inventory.Inventory
	// Exchange is the log folder side (exchange.NewSource with the datasource's
	// settings; InventoryVMs for its pool); nil: none.
	Exchange *exchange.Source
	// Interval between refreshes (default 5 s, the RRD step).
	Interval time.Duration
	// Backfill is how far back a host without a cursor is read (default 10 minutes,
	// the 5-second archive; longer reaches the coarser archives), and the perfmon logs
	// without a cursor.
	Backfill time.Duration
	// MaxSampleAge: samples older than this are not remote-written (counted as
	// dropped, reason too_old). Prometheus refuses a whole request when one sample is
	// older than its out_of_order_time_window (Debian's 2.42 answers 500 "too old
	// sample" and stores none of it), so one old row would hold up the queue for
	// --remote-write-retry-for and then lose the fresh rows sent with it. Default 2
	// hours, the window the README gives Prometheus.
	MaxSampleAge time.Duration
	// Concurrency bounds the hosts read at once (default 8).
	Concurrency int
	// RemoteWrite, when set, pushes every row; nil: /metrics only.
	RemoteWrite *RemoteWriteConfig
	// StateFile keeps the hosts' committed cursors across restarts (remote write).
	StateFile string
	// StaleAfter drops a series from /metrics when it got no value for this long
	// (default 5 minutes).
	StaleAfter time.Duration
	Logger     *slog.Logger
	Now        func() time.Time

	// exchangeOverride lets benchmarks build an exporter without sources.
	exchangeOverride bool
}

// Exporter reads the pool and the logs every Interval and serves /metrics and, with
// remote write, pushes every sample.
type Exporter struct {
	cfg      Config
	reg      *prometheus.Registry
	m        *selfMetrics
	latest   *latestTable
	in       interner
	exchange *exchangeSource
	queue    *queue
	rw       RemoteWriteConfig
	log      *slog.Logger

	cursors     map[string]int64 // host uuid → newest row queued (or exported, without remote write)
	handlerOnce sync.Once
	handler     http.Handler

	// lab names the pool's columns; rebuilt with each new inventory snapshot, and
	// when series leave the interner (it holds their pointers).
	lab *labeller

	stateMu         sync.Mutex
	committed       map[string]int64 // host uuid → newest row sent
	committedSeries map[string]int64 // perfmon and load-test series (exposition) → newest sample sent, ms
	dirty           bool
}

// New checks cfg and loads the state file. It does no network I/O.
func New(cfg Config) (*Exporter, error) {
	if cfg.Inventory == nil && cfg.Exchange == nil && !cfg.exchangeOverride {
		return nil, errors.New("nothing to export: give a pool URL, a log folder, or both")
	}
	if cfg.Inventory != nil && cfg.Fetch == nil {
		return nil, errors.New("promexport: Config.Fetch is nil")
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 5 * time.Second
	}
	if cfg.Backfill <= 0 {
		cfg.Backfill = 10 * time.Minute
	}
	if cfg.MaxSampleAge <= 0 {
		cfg.MaxSampleAge = 2 * time.Hour
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 8
	}
	if cfg.StaleAfter <= 0 {
		cfg.StaleAfter = 5 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	e := &Exporter{cfg: cfg, reg: prometheus.NewRegistry(), latest: newLatestTable(), log: cfg.Logger,
		cursors: map[string]int64{}, committed: map[string]int64{}, committedSeries: map[string]int64{}}
	e.m = newSelfMetrics(e.reg)
	e.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if cfg.Exchange != nil {
		e.exchange = newExchangeSource(cfg.Exchange)
	}
	if cfg.RemoteWrite != nil {
		e.rw = cfg.RemoteWrite.withDefaults()
		e.queue = newQueue(e.rw.MaxQueueSamples)
		e.m.queueCap.Set(float64(e.rw.MaxQueueSamples))
		if cfg.StateFile != "" {
			if err := e.loadState(); err != nil {
				return nil, err
			}
			if e.exchange != nil {
				e.exchange.restore(e.committedSeries)
			}
		}
	}
	return e, nil
}

type slogPrinter struct{ l *slog.Logger }

func (p slogPrinter) Println(v ...any) { p.l.Error(fmt.Sprint(v...)) }

// Run refreshes every Interval and, with remote write, sends until ctx ends; then it
// saves the state and returns.
func (e *Exporter) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); e.Send(ctx) }()
	t := time.NewTicker(e.cfg.Interval)
	defer t.Stop()
	for {
		e.Refresh(ctx)
		select {
		case <-ctx.Done():
			wg.Wait()
			return e.saveState()
		case <-t.C:
		}
	}
}

// Refresh reads every live host and the log folder once. Failures are counted and
// logged, never returned: the next refresh tries again.
func (e *Exporter) Refresh(ctx context.Context) {
	started := time.Now()
	now := e.cfg.Now()
	latest := func(s *Series, t int64, v float64) { e.latest.set(s, t, v, now) }
	total := 0
	var snap *inventory.Snapshot
	if e.cfg.Inventory != nil {
		var err error
		snap, err = e.cfg.Inventory.Get(ctx)
		if err != nil {
			e.fail("pool", err)
		} else {
			total += e.refreshPool(ctx, snap, now, latest)
		}
	}
	if e.exchange != nil {
		read, warnings, err := e.exchange.collect(ctx, &e.in, now, e.cfg.Backfill, latest)
		for _, w := range warnings {
			e.log.Warn("log folder", "warning", w)
		}
		if err != nil {
			e.fail("exchange", err)
		} else {
			e.m.lastSuccess.WithLabelValues("exchange").SetToCurrentTime()
		}
		total += len(read.samples)
		b := &batch{samples: read.samples}
		if len(read.cursors) > 0 {
			b.series = make(map[string]int64, len(read.cursors))
			for s, c := range read.cursors {
				b.series[string(s.exposition)] = c
			}
		}
		if e.enqueue(b, now) {
			e.exchange.advance(read)
		}
	}
	n := e.latest.expire(now.Add(-e.cfg.StaleAfter))
	if e.in.forget(e.latest.has) > 0 {
		e.lab = nil
	}
	e.m.series.Set(float64(n))
	e.m.refresh.Set(time.Since(started).Seconds())
	e.m.refreshN.Set(float64(total))
	if e.queue != nil {
		e.m.queue.Set(float64(e.queue.len()))
		if err := e.saveState(); err != nil {
			e.log.Warn("state file not written", "error", err.Error())
		}
	}
}

// refreshPool fetches the live hosts in parallel (at most Concurrency at once) and
// converts each answer as it arrives, so at most Concurrency responses are held.
func (e *Exporter) refreshPool(ctx context.Context, snap *inventory.Snapshot, now time.Time, latest func(*Series, int64, float64)) int {
	var hosts []inventory.Host
	for _, h := range snap.Hosts {
		// A host the master has not heard from would only time out.
		if h.Address != "" && h.Live {
			hosts = append(hosts, h)
		}
	}
	results := make(chan hostRows)
	sem := make(chan struct{}, e.cfg.Concurrency)
	cursors := make(map[string]int64, len(hosts))
	for _, h := range hosts {
		cursors[h.UUID] = e.cursors[h.UUID]
	}
	go func() {
		var wg sync.WaitGroup
		for _, h := range hosts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				parts, err := fetchHost(ctx, e.cfg.Fetch, h, cursors[h.UUID], e.cfg.Backfill)
				results <- hostRows{host: h, parts: parts, err: err}
			}()
		}
		wg.Wait()
		close(results)
	}()
	if e.lab == nil || e.lab.snap != snap {
		e.lab = newLabeller(snap, &e.in)
	}
	lab := e.lab
	total, failed := 0, 0
	for r := range results {
		if r.err != nil {
			failed++
			e.m.errors.WithLabelValues("host", errorCause(r.err)).Inc()
			e.log.Warn("rrd_updates failed", "host", r.host.Name, "cause", errorCause(r.err), "error", r.err.Error())
			continue
		}
		samples, cursor := lab.hostSamples(r.host, r.parts, cursors[r.host.UUID], nil, latest)
		total += len(samples)
		if e.enqueue(&batch{samples: samples, host: r.host.UUID, cursor: cursor}, now) {
			e.cursors[r.host.UUID] = cursor
		}
	}
	if failed < len(hosts) || len(hosts) == 0 {
		e.m.lastSuccess.WithLabelValues("pool").SetToCurrentTime()
	}
	return total
}

// enqueue hands a batch to remote write, without samples older than MaxSampleAge;
// false when the queue is full (the rows stay in XAPI and are read again next time).
// Without remote write it always succeeds.
func (e *Exporter) enqueue(b *batch, now time.Time) bool {
	if e.queue == nil {
		return true
	}
	oldest := now.Add(-e.cfg.MaxSampleAge).UnixMilli()
	kept := b.samples[:0]
	for _, s := range b.samples {
		if s.T >= oldest {
			kept = append(kept, s)
		}
	}
	if n := len(b.samples) - len(kept); n > 0 {
		e.m.dropped.WithLabelValues("too_old").Add(float64(n))
		e.log.Debug("samples older than --max-sample-age not sent", "samples", n)
	}
	b.samples = kept
	if len(b.samples) == 0 && b.host == "" && len(b.series) == 0 {
		return true
	}
	if !e.queue.push(b) {
		e.m.deferred.Add(float64(len(b.samples)))
		e.log.Warn("remote-write queue full, rows left for a later read", "samples", len(b.samples), "queued", e.queue.len())
		return false
	}
	return true
}

func (e *Exporter) fail(target string, err error) {
	cause := errorCause(err)
	e.m.errors.WithLabelValues(target, cause).Inc()
	e.log.Warn("read failed", "target", target, "cause", cause, "error", err.Error())
}

// Send pushes the remote-write queue until ctx ends (Run calls it; tests call it
// beside their own Refresh calls). Without remote write it returns at once.
func (e *Exporter) Send(ctx context.Context) {
	if e.queue != nil {
		e.sendLoop(ctx)
	}
}

// sendLoop pushes the queue's head until ctx ends, retrying with backoff; a request
// that keeps failing longer than RetryFor is dropped and counted.
func (e *Exporter) sendLoop(ctx context.Context) {
	shards := e.rw.Shards
	bufs := make([][]byte, shards)
	comps := make([][]byte, shards)
	for {
		samples := e.queue.peek(e.rw.MaxSamplesPerSend * shards)
		if len(samples) == 0 {
			if e.queue.pending() {
				e.commit(e.queue.commit(0))
				continue
			}
			select {
			case <-ctx.Done():
				return
			case <-e.queue.wake:
				continue
			}
		}
		// Up to Shards requests in flight, each series in one shard so its samples stay
		// in time order; the head is committed once every shard is done.
		parts := make([][]Sample, shards)
		for _, smp := range samples {
			k := int(smp.S.hash % uint32(shards))
			parts[k] = append(parts[k], smp)
		}
		var wg sync.WaitGroup
		for k, part := range parts {
			if len(part) == 0 {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				bufs[k] = encodeWriteRequest(bufs[k][:0], part)
				comps[k] = compress(comps[k], bufs[k])
				e.sendWithRetry(ctx, comps[k], len(part))
			}()
		}
		wg.Wait()
		if ctx.Err() != nil {
			return
		}
		e.commit(e.queue.commit(len(samples)))
		e.m.queue.Set(float64(e.queue.len()))
	}
}

// sendWithRetry posts one request until it is accepted, refused (4xx) or has failed
// for longer than RetryFor, or ctx ends.
func (e *Exporter) sendWithRetry(ctx context.Context, body []byte, n int) {
	first := time.Now()
	backoff := 250 * time.Millisecond
	for {
		err := e.rw.send(ctx, body)
		if err == nil {
			e.m.sent.Add(float64(n))
			e.m.lastSuccess.WithLabelValues("remote_write").SetToCurrentTime()
			return
		}
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, errRejected) {
			e.m.errors.WithLabelValues("remote_write", "rejected").Inc()
			e.m.dropped.WithLabelValues("rejected").Add(float64(n))
			e.log.Warn("remote write refused samples", "samples", n, "error", err.Error())
			return
		}
		e.m.errors.WithLabelValues("remote_write", sendCause(err)).Inc()
		if time.Since(first) > e.rw.RetryFor {
			e.m.dropped.WithLabelValues("retry_timeout").Add(float64(n))
			e.log.Error("remote write failing, samples dropped", "samples", n, "retriedFor", e.rw.RetryFor.String(), "error", err.Error())
			return
		}
		e.log.Warn("remote write failed, retrying", "in", backoff.String(), "error", err.Error())
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 30*time.Second)
	}
}

func sendCause(err error) string {
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return "timeout"
	}
	if errors.Is(err, errRejected) {
		return "rejected"
	}
	if msg := err.Error(); len(msg) > 19 && msg[:19] == "remote write: HTTP " {
		return "http_status"
	}
	return "unreachable"
}

// commit records the cursors of fully sent batches.
func (e *Exporter) commit(done []*batch) {
	e.stateMu.Lock()
	defer e.stateMu.Unlock()
	for _, b := range done {
		if b.host != "" && b.cursor > e.committed[b.host] {
			e.committed[b.host] = b.cursor
			e.dirty = true
		}
		for k, c := range b.series {
			if c > e.committedSeries[k] {
				e.committedSeries[k] = c
				e.dirty = true
			}
		}
	}
}

// state is the state file: per host uuid, the newest row time (unix seconds) the
// receiver has, and per perfmon or load-test series (name{labels}) the newest sample
// (unix ms). On start the hosts and the logs are read from there, so the gap is
// backfilled.
type state struct {
	Hosts  map[string]int64 `json:"hosts"`
	Series map[string]int64 `json:"series,omitempty"`
}

func (e *Exporter) loadState() error {
	raw, err := os.ReadFile(e.cfg.StateFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("state file: %w", err)
	}
	var s state
	if err := json.Unmarshal(raw, &s); err != nil {
		return fmt.Errorf("state file %s is not the exporter's JSON (%v): move it away to start without backfill", e.cfg.StateFile, err)
	}
	for h, t := range s.Hosts {
		e.committed[h] = t
		e.cursors[h] = t
	}
	for k, t := range s.Series {
		e.committedSeries[k] = t
	}
	return nil
}

// saveState writes the committed cursors (atomically: a crash leaves the old file).
func (e *Exporter) saveState() error {
	if e.cfg.StateFile == "" || e.queue == nil {
		return nil
	}
	e.stateMu.Lock()
	if !e.dirty {
		e.stateMu.Unlock()
		return nil
	}
	s := state{Hosts: make(map[string]int64, len(e.committed)), Series: make(map[string]int64, len(e.committedSeries))}
	for h, t := range e.committed {
		s.Hosts[h] = t
	}
	for k, t := range e.committedSeries {
		s.Series[k] = t
	}
	e.dirty = false
	e.stateMu.Unlock()
	raw, _ := json.Marshal(s)
	tmp, err := os.CreateTemp(filepath.Dir(e.cfg.StateFile), ".xenbench-exporter-state-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), e.cfg.StateFile)
}

// Dropped returns the samples given up so far (any reason).
func (e *Exporter) Dropped() float64 {
	return testutil.ToFloat64(e.m.dropped.WithLabelValues("rejected")) + testutil.ToFloat64(e.m.dropped.WithLabelValues("retry_timeout")) +
		testutil.ToFloat64(e.m.dropped.WithLabelValues("too_old"))
}

// Flush waits until the queue is empty or ctx ends (tests, and a clean shutdown).
func (e *Exporter) Flush(ctx context.Context) error {
	for e.queue != nil && e.queue.pending() {
		select {
		case <-ctx.Done():
			return fmt.Errorf("remote-write queue not drained: %d samples left: %w", e.queue.len(), ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	return e.saveState()
}

package pool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/rrd"
	"github.com/xenbench/xenbench/pkg/rrdcache"
	"github.com/xenbench/xenbench/pkg/xapi"
)

// hostGate sits between the row cache and the XAPI client. It bounds the requests in
// flight to the pool's hosts for the whole instance (maxConcurrentRequests: the targets
// of a request, and concurrent requests, share it), and it remembers slow hosts: a
// host whose request timed out is skipped, without a request, for SlowFor; then it is
// tried again. So one slow host costs one timeout per dashboard refresh, not one per
// target, and alert evaluations get the healthy hosts' numbers in time.
type hostGate struct {
	fetch   rrdcache.Fetcher
	sem     chan struct{}
	slowFor time.Duration
	timeout time.Duration
	now     func() time.Time

	mu   sync.Mutex
	slow map[string]slowMark // by host address
}

// slowMark records when a host timed out and until when it is skipped.
type slowMark struct {
	at, until time.Time
}

// ErrSlowHost marks a host skipped because it recently timed out. The error's text names
// the host and when it is tried again.
var ErrSlowHost = errors.New("host skipped: it recently did not answer in time")

func newHostGate(fetch rrdcache.Fetcher, limit int, timeout, slowFor time.Duration, now func() time.Time) *hostGate {
	return &hostGate{fetch: fetch, sem: make(chan struct{}, max(limit, 1)), timeout: timeout, slowFor: slowFor, now: now, slow: map[string]slowMark{}}
}

// Fetch reads one host's rows unless the host is marked slow.
func (g *hostGate) Fetch(ctx context.Context, host string, p xapi.RRDParams) (*rrd.Updates, error) {
	if m, ok := g.slowMark(host); ok {
		return nil, backend.DownstreamError(&slowHostError{host: host, mark: m, timeout: g.timeout})
	}
	select {
	case g.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-g.sem }()
	sent := g.now()
	u, err := g.fetch(ctx, host, p)
	if err == nil {
		return u, nil
	}
	if g.timedOut(ctx, err, g.now().Sub(sent)) {
		g.mark(host, sent)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		// The request's budget ended, not the host's own timeout: say so (the client's
		// text would quote the HTTP timeout, which is not what cut this request).
		return nil, backend.DownstreamError(&budgetError{host: host})
	}
	return nil, err
}

// timedOut decides whether a failure makes the host slow: its own request timed out
// (the HTTP client's timeout), or the request budget ended while the host had been
// answering for at least half the timeout. A request cut short by the budget just
// after it was sent says nothing about the host.
func (g *hostGate) timedOut(ctx context.Context, err error, inFlight time.Duration) bool {
	if errors.Is(ctx.Err(), context.Canceled) {
		return false
	}
	if ctx.Err() != nil {
		return inFlight >= g.timeout/2
	}
	return errors.Is(err, xapi.ErrTimeout)
}

func (g *hostGate) slowMark(host string) (slowMark, bool) {
	if g.slowFor <= 0 {
		return slowMark{}, false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	m, ok := g.slow[host]
	if !ok {
		return slowMark{}, false
	}
	if !g.now().Before(m.until) {
		delete(g.slow, host) // retried now
		return slowMark{}, false
	}
	return m, true
}

func (g *hostGate) mark(host string, at time.Time) {
	if g.slowFor <= 0 {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.slow[host] = slowMark{at: at, until: g.now().Add(g.slowFor)}
}

// slowHostError is ErrSlowHost for one host.
type slowHostError struct {
	host    string
	mark    slowMark
	timeout time.Duration
}

func (e *slowHostError) Error() string {
	return fmt.Sprintf("%s did not answer within %s at %s, so it is skipped until %s, then tried again (datasource setting slowHostSeconds)",
		e.host, e.timeout, e.mark.at.UTC().Format("15:04:05 MST"), e.mark.until.UTC().Format("15:04:05 MST"))
}

func (e *slowHostError) Unwrap() error { return ErrSlowHost }

// budgetError is a host request cut by the end of the request's time budget.
type budgetError struct{ host string }

func (e *budgetError) Error() string {
	return e.host + " had not answered when the request's time budget ran out"
}

func (e *budgetError) Unwrap() error { return context.DeadlineExceeded }

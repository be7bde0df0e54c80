package pool

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/rrd"
	"github.com/xenbench/xenbench/pkg/xapi"
)

// timeoutErr stands for the XAPI client's timeout error.
var timeoutErr = fmt.Errorf("h2 did not answer within 3s: %w", xapi.ErrTimeout)

func TestHostGateRemembersSlowHosts(t *testing.T) {
	clock := time.Unix(1_700_000_000, 0)
	var calls atomic.Int32
	fetch := func(ctx context.Context, host string, p xapi.RRDParams) (*rrd.Updates, error) {
		calls.Add(1)
		if host == "h2" {
			return nil, timeoutErr
		}
		return &rrd.Updates{}, nil
	}
	g := newHostGate(fetch, 2, 3*time.Second, time.Minute, func() time.Time { return clock })
	ctx := context.Background()
	if _, err := g.Fetch(ctx, "h2", xapi.RRDParams{}); !errors.Is(err, xapi.ErrTimeout) {
		t.Fatalf("first fetch: %v, want the timeout", err)
	}
	_, err := g.Fetch(ctx, "h2", xapi.RRDParams{})
	if !errors.Is(err, ErrSlowHost) || !backend.IsDownstreamError(err) || calls.Load() != 1 {
		t.Fatalf("second fetch: %v after %d calls, want a downstream skip without a request", err, calls.Load())
	}
	for _, want := range []string{"h2", "within 3s", "skipped until", "slowHostSeconds"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("skip message %q lacks %q", err, want)
		}
	}
	if _, err := g.Fetch(ctx, "h1", xapi.RRDParams{}); err != nil {
		t.Fatalf("a healthy host: %v", err)
	}
	clock = clock.Add(time.Minute)
	if _, err := g.Fetch(ctx, "h2", xapi.RRDParams{}); !errors.Is(err, xapi.ErrTimeout) || calls.Load() != 3 {
		t.Fatalf("after slowFor the host is tried again: %v (%d calls)", err, calls.Load())
	}
}

func TestHostGateDoesNotBlameHostsForTheCaller(t *testing.T) {
	// A host that never answers on its own: only the caller's context ends its request.
	fetch := func(ctx context.Context, host string, p xapi.RRDParams) (*rrd.Updates, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	g := newHostGate(fetch, 1, 30*time.Second, time.Minute, time.Now)
	// Cancelled by Grafana: not the host's fault.
	cctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.Fetch(cctx, "h1", xapi.RRDParams{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	// The request budget ends 20 ms after the request was sent (the timeout is 30 s):
	// not slow either, and the error says it was the budget.
	dctx, dcancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer dcancel()
	_, err := g.Fetch(dctx, "h1", xapi.RRDParams{})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "time budget") {
		t.Fatalf("budget: %v", err)
	}
	if _, slow := g.slowMark("h1"); slow {
		t.Fatal("a host cut short by the budget after 20 ms of a 30 s timeout was marked slow")
	}
	// Answering for at least half the timeout when the budget ends: slow.
	g.timeout = 40 * time.Millisecond
	dctx2, dcancel2 := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer dcancel2()
	_, _ = g.Fetch(dctx2, "h1", xapi.RRDParams{})
	if _, slow := g.slowMark("h1"); !slow {
		t.Fatal("a host that held the request for most of its 40 ms timeout was not marked slow")
	}
}

func TestHostGateBoundsRequestsInFlight(t *testing.T) {
	var inFlight, peak atomic.Int32
	release := make(chan struct{})
	fetch := func(ctx context.Context, host string, p xapi.RRDParams) (*rrd.Updates, error) {
		n := inFlight.Add(1)
		for {
			old := peak.Load()
			if n <= old || peak.CompareAndSwap(old, n) {
				break
			}
		}
		<-release
		inFlight.Add(-1)
		return &rrd.Updates{}, nil
	}
	g := newHostGate(fetch, 3, time.Second, time.Minute, time.Now)
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = g.Fetch(context.Background(), fmt.Sprint("h", i), xapi.RRDParams{})
		}()
	}
	for peak.Load() < 3 {
		time.Sleep(time.Millisecond) // wait for the condition: three requests in flight
	}
	close(release)
	wg.Wait()
	if peak.Load() != 3 {
		t.Fatalf("peak %d requests in flight, want the limit 3", peak.Load())
	}
}

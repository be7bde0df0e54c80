package cache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

// TestFlightCollapsesConcurrentCalls runs in a synctest bubble: synctest.Wait
// returns only once every caller is durably blocked (the leader inside fn, the
// others waiting for its result), so all eight have joined the one call before
// it is released, with no sleep and no timing assumption. Exactly one run.
func TestFlightCollapsesConcurrentCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var f Flight[string, int]
		var runs atomic.Int32
		release := make(chan struct{})
		var wg sync.WaitGroup
		results := make([]int, 8)
		shared := make([]bool, 8)
		for i := range results {
			wg.Go(func() {
				v, sh, err := f.Do(context.Background(), "k", func() (int, error) {
					runs.Add(1)
					<-release
					return 42, nil
				})
				if err != nil {
					t.Error(err)
				}
				results[i], shared[i] = v, sh
			})
		}
		synctest.Wait()
		if n := runs.Load(); n != 1 {
			t.Fatalf("fn started %d times while 8 callers wait on one key, want 1", n)
		}
		close(release)
		wg.Wait()
		if n := runs.Load(); n != 1 {
			t.Fatalf("fn ran %d times for 8 concurrent callers, want 1", n)
		}
		leaders := 0
		for i, v := range results {
			if v != 42 {
				t.Fatalf("caller %d got %d, want the one run's 42", i, v)
			}
			if !shared[i] {
				leaders++
			}
		}
		if leaders != 1 {
			t.Fatalf("%d callers report their own run (shared=false), want exactly 1", leaders)
		}
	})
}

func TestFlightWaiterCancellation(t *testing.T) {
	var f Flight[string, int]
	release := make(chan struct{})
	started := make(chan struct{})
	go func() {
		_, _, _ = f.Do(context.Background(), "k", func() (int, error) { close(started); <-release; return 1, nil })
	}()
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, shared, err := f.Do(ctx, "k", func() (int, error) { return 2, nil })
	close(release)
	if !errors.Is(err, context.Canceled) || !shared {
		t.Fatalf("err=%v shared=%v, want context.Canceled from a shared wait", err, shared)
	}
}

func TestFlightSequentialCallsRunAgain(t *testing.T) {
	var f Flight[int, int]
	for i := 1; i <= 3; i++ {
		v, shared, err := f.Do(context.Background(), 1, func() (int, error) { return i, nil })
		if err != nil || shared || v != i {
			t.Fatalf("call %d: v=%d shared=%v err=%v", i, v, shared, err)
		}
	}
}

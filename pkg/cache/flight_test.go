package cache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestFlightCollapsesConcurrentCalls(t *testing.T) {
	var f Flight[string, int]
	var runs atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	results := make([]int, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, _, err := f.Do(context.Background(), "k", func() (int, error) {
				runs.Add(1)
				<-release
				return 42, nil
			})
			if err != nil {
				t.Error(err)
			}
			results[i] = v
		}()
	}
	// Let the goroutines pile up on the key before releasing the single run.
	deadline := time.Now().Add(time.Second)
	for {
		f.mu.Lock()
		_, inFlight := f.calls["k"]
		f.mu.Unlock()
		if inFlight || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := runs.Load(); n < 1 || n > 2 {
		t.Fatalf("fn ran %d times for 8 concurrent callers, want 1 (2 at most if one started late)", n)
	}
	for i, v := range results {
		if v != 42 {
			t.Fatalf("caller %d got %d", i, v)
		}
	}
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

package plugin

import (
	"context"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestRequestBudget(t *testing.T) {
	now := time.Date(2026, 12, 1, 5, 0, 0, 0, time.UTC)
	timeout := 3 * time.Second
	if got := requestBudget(context.Background(), timeout, now); !got.Equal(now.Add(6 * time.Second)) {
		t.Errorf("no Grafana deadline: budget %v, want twice the timeout", got.Sub(now))
	}
	// An alert evaluation with a 4 s deadline: its deadline minus the margin (a tenth of
	// it, below budgetMargin) wins.
	ctx, cancel := context.WithDeadline(context.Background(), now.Add(4*time.Second))
	defer cancel()
	if got := requestBudget(ctx, timeout, now); !got.Equal(now.Add(3600 * time.Millisecond)) {
		t.Errorf("4 s deadline: budget %v", got.Sub(now))
	}
	// A far deadline does not extend the budget.
	far, cancelFar := context.WithDeadline(context.Background(), now.Add(time.Hour))
	defer cancelFar()
	if got := requestBudget(far, timeout, now); !got.Equal(now.Add(6 * time.Second)) {
		t.Errorf("far deadline: budget %v", got.Sub(now))
	}
	// A 20 s deadline keeps the full margin; a 1 s one a tenth of it.
	mid, cancelMid := context.WithDeadline(context.Background(), now.Add(20*time.Second))
	defer cancelMid()
	if got := requestBudget(mid, 15*time.Second, now); !got.Equal(now.Add(20*time.Second - budgetMargin)) {
		t.Errorf("20 s deadline: budget %v", got.Sub(now))
	}
	short, cancelShort := context.WithDeadline(context.Background(), now.Add(time.Second))
	defer cancelShort()
	if got := requestBudget(short, timeout, now); !got.Equal(now.Add(900 * time.Millisecond)) {
		t.Errorf("1 s deadline: budget %v", got.Sub(now))
	}
}

func TestFromAlert(t *testing.T) {
	for hdr, want := range map[string]bool{"true": true, "True": true, "": false, "false": false} {
		req := &backend.QueryDataRequest{Headers: map[string]string{backend.FromAlertHeaderName: hdr}}
		if got := fromAlert(req); got != want {
			t.Errorf("FromAlert %q: %v, want %v", hdr, got, want)
		}
	}
	if fromAlert(&backend.QueryDataRequest{}) {
		t.Error("no headers: alert")
	}
}

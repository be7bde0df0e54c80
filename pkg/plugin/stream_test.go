package plugin

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func TestSubscribeStream(t *testing.T) {
	ds := &Datasource{}
	valid := json.RawMessage(`{"queryType":"metrics","object":"vm","selector":"EXVM01","metrics":["cpu0"]}`)
	tests := []struct {
		name, path string
		data       json.RawMessage
		want       backend.SubscribeStreamStatus
		wantErr    bool
	}{
		{"metrics path", "metrics/A-123", valid, backend.SubscribeStreamStatusOK, false},
		{"unknown path", "logs/A", valid, backend.SubscribeStreamStatusNotFound, false},
		{"bare prefix", "metrics/", valid, backend.SubscribeStreamStatusNotFound, false},
		{"undecodable data", "metrics/A", json.RawMessage(`{"metrics":`), 0, true},
		{"no data", "metrics/A", nil, 0, true},
		{"not a metrics query", "metrics/A", json.RawMessage(`{"queryType":"events"}`), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := ds.SubscribeStream(context.Background(), &backend.SubscribeStreamRequest{Path: tt.path, Data: tt.data})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && resp.Status != tt.want {
				t.Fatalf("status %v, want %v", resp.Status, tt.want)
			}
		})
	}
	resp, err := ds.PublishStream(context.Background(), &backend.PublishStreamRequest{Path: "metrics/A"})
	if err != nil || resp.Status != backend.PublishStreamStatusPermissionDenied {
		t.Fatalf("publish: %v %v", resp, err)
	}
}

type sentFrame struct {
	frame   *data.Frame
	include data.FrameInclude
}

type recordingSender struct {
	mu   sync.Mutex
	sent []sentFrame
}

func (r *recordingSender) SendFrame(f *data.Frame, include data.FrameInclude) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, sentFrame{f, include})
	return nil
}

func (r *recordingSender) frames() []sentFrame {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sentFrame(nil), r.sent...)
}

func TestRunStreamSendsOnlyNewRows(t *testing.T) {
	p := startPoolSim(t, 3, 8)
	ds := newPoolTestDatasource(t, p.srv.MasterURL(), poolSimPassword, nil)
	pool := ds.backends.pool
	pool.now, pool.rrd.now = p.srv.Now, p.srv.Now // the stream follows simulated time
	m := &QueryModel{QueryType: QueryTypeMetrics, Object: "vm", Selector: "EXVM01", Metrics: []string{"cpu0", "memory"}}
	sender := &recordingSender{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- pool.runStream(ctx, m, sender, 20*time.Millisecond) }()

	waitFor := func(n int) []sentFrame {
		deadline := time.Now().Add(3 * time.Second)
		for time.Now().Before(deadline) {
			if f := sender.frames(); len(f) >= n {
				return f
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("stream sent %d frames, want %d", len(sender.frames()), n)
		return nil
	}
	first := waitFor(1)[0]
	if first.include != data.IncludeAll || first.frame.Rows() < 100 || len(first.frame.Fields) != 3 {
		t.Fatalf("first frame: include %v, %d rows, %d fields; want the schema and the 10-minute window", first.include, first.frame.Rows(), len(first.frame.Fields))
	}
	time.Sleep(60 * time.Millisecond) // ticks without new rows send nothing
	if n := len(sender.frames()); n != 1 {
		t.Fatalf("%d frames sent without new rows", n)
	}
	if err := p.srv.Advance(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	second := waitFor(2)[1]
	if second.include != data.IncludeDataOnly || second.frame.Rows() != 2 {
		t.Fatalf("second frame: include %v, %d rows; want data only, the 2 new rows", second.include, second.frame.Rows())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("RunStream returned %v on cancel", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("RunStream did not stop on cancel")
	}
}

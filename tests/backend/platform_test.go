package backend_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/tests/pluginhost"
)

// TestUnreadablePoolNeverMeansNative: the pool answers every request with 503 (a
// master down behind its load balancer). Over the plugin protocol, the health message
// counts the Exchange servers as unknown and every counter series is labelled
// platform=unknown: none is passed off as native.
func TestUnreadablePoolNeverMeansNative(t *testing.T) {
	f := start(t)
	if err := f.sim.SetFault(sim.Faults{Status: 503}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	h, err := f.client.CheckHealth(ctx, &backend.CheckHealthRequest{PluginContext: f.pluginContext()})
	if err != nil {
		t.Fatalf("CheckHealth over gRPC: %v", err)
	}
	if h.Status != backend.HealthStatusError {
		t.Errorf("health %s with the pool answering 503", h.Status)
	}
	if !strings.Contains(h.Message, "8 servers (0 virtual, 0 native, 8 unknown)") {
		t.Errorf("health message does not count the servers as unknown:\n%s", h.Message)
	}

	r := f.query(t, map[string]any{"queryType": "exchange", "counters": []string{`\\*\MSExchangeIS\RPC Averaged Latency`}}, time.Hour)
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	r.Frames = pluginhost.SplitWide(r.Frames)
	if len(r.Frames) < 8 {
		t.Fatalf("%d series, want one per Exchange server (8)", len(r.Frames))
	}
	for _, fr := range r.Frames {
		l := fr.Fields[1].Labels
		if l["platform"] != "unknown" {
			t.Errorf("%s labelled %q with the pool unreadable, want unknown", l["server"], l["platform"])
		}
	}
}

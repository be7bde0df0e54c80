package plugin

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// closedPoolURL is a loopback address nothing listens on: a pool that cannot be read.
func closedPoolURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// TestUnreadablePoolLabelsServersUnknown: when the pool cannot be read, every surface
// (series labels, load-test rows, the health message, /platforms) says unknown for the
// servers nothing else decides, and never native.
func TestUnreadablePoolLabelsServersUnknown(t *testing.T) {
	ds := newTestDatasource(t, map[string]any{
		"logFolder": logFolder(t), "username": "root", "timeoutSeconds": 2,
		"platformOverrides": []map[string]string{{"server": "EXPHY01", "platform": "native"}},
	}, closedPoolURL(t), map[string]string{"password": "x"})

	r := runQuery(t, ds, map[string]any{"queryType": "exchange", "counters": []string{`\\*\MSExchangeIS\RPC Averaged Latency`}}, day0, day1)
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	if got := r.Frames[0].Fields[1].Labels["platform"]; got != "unknown" {
		t.Errorf("EXMBX01 labelled %q with the pool unreadable, want unknown", got)
	}
	notices := ""
	for _, n := range r.Frames[0].Meta.Notices {
		notices += n.Text + "\n"
	}
	if !strings.Contains(notices, "pool could not be read") || !strings.Contains(notices, "platform=unknown") {
		t.Errorf("no notice says why the platform is unknown: %q", notices)
	}

	r = runQuery(t, ds, map[string]any{"queryType": "loadgen"}, day0, day1)
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	server, _ := r.Frames[0].FieldByName("server")
	platform, _ := r.Frames[0].FieldByName("platform")
	run, _ := r.Frames[0].FieldByName("run")
	for i := 0; i < server.Len(); i++ {
		s, p, id := server.At(i).(string), platform.At(i).(string), run.At(i).(string)
		want := "unknown" // run-4000's raw file declares no platform
		switch {
		case s == "EXPHY01":
			want = "native" // the override
		case id == "run-2000":
			want = "virtual" // the file's platform column
		}
		if p != want {
			t.Errorf("%s %s: platform %q, want %q", id, s, p, want)
		}
	}

	h, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.Message, "1 servers (0 virtual, 0 native, 1 unknown)") {
		t.Errorf("health message counts unknown servers as something else:\n%s", h.Message)
	}

	rec := &resourceRecorder{}
	if err := ds.CallResource(context.Background(), &backend.CallResourceRequest{Method: http.MethodGet, Path: "platforms", URL: "platforms"}, rec); err != nil {
		t.Fatal(err)
	}
	var rows []struct{ Server, Platform, Reason string }
	if err := json.Unmarshal(rec.body, &rows); err != nil || rec.status != http.StatusOK {
		t.Fatalf("/platforms: %d %s (%v)", rec.status, rec.body, err)
	}
	for _, row := range rows {
		want := "unknown"
		if row.Server == "EXPHY01" {
			want = "native"
		}
		if row.Platform != want {
			t.Errorf("/platforms %s: %q (%s), want %q", row.Server, row.Platform, row.Reason, want)
		}
	}
	if len(rows) < 2 {
		t.Errorf("/platforms lists %d servers, want the perfmon and load-test servers", len(rows))
	}
}

type resourceRecorder struct {
	status int
	body   []byte
}

func (r *resourceRecorder) Send(resp *backend.CallResourceResponse) error {
	r.status = resp.Status
	r.body = append(r.body, resp.Body...)
	return nil
}

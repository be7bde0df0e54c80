package prometheus_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// promServer is Debian's prometheus, started on 127.0.0.1 with a temporary data
// folder, the remote-write receiver and one scrape job for the exporter; killed when
// the test ends or after maxLifetime, whichever comes first.
type promServer struct {
	t       testing.TB
	bin     string
	dir     string
	addr    string
	cmd     *exec.Cmd
	done    chan struct{}
	logs    *lockedBuffer
	scrapes string
}

const maxLifetime = 10 * time.Minute

type lockedBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b = append(l.b, p...)
	return len(p), nil
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.b)
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startPrometheus needs the prometheus binary (scripts/test-all.sh installs Debian's
// package); without it the test fails and says so.
func startPrometheus(t testing.TB, scrapeTarget string) *promServer {
	t.Helper()
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		t.Fatalf("Debian's prometheus is not installed (scripts/test-all.sh installs it: apt-get install prometheus): %v", err)
	}
	p := &promServer{t: t, bin: bin, dir: t.TempDir(), addr: freeAddr(t), logs: &lockedBuffer{}, scrapes: scrapeTarget}
	// out_of_order_time_window: backfilled rows arrive after newer ones (README).
	// honor_labels: the exporter's `instance` label (perfmon's) must win over the target's.
	cfg := fmt.Sprintf(`global:
  scrape_interval: 5s
  scrape_timeout: 5s
  evaluation_interval: 1m
storage:
  tsdb:
    out_of_order_time_window: 3h
scrape_configs:
  - job_name: xenbench
    honor_labels: true
    static_configs:
      - targets: [%q]
`, scrapeTarget)
	if err := os.WriteFile(filepath.Join(p.dir, "prometheus.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	p.start()
	t.Cleanup(p.stop)
	return p
}

func (p *promServer) start() {
	t := p.t
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), maxLifetime)
	p.cmd = exec.CommandContext(ctx, p.bin,
		"--config.file="+filepath.Join(p.dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(p.dir, "data"),
		"--web.listen-address="+p.addr,
		"--web.enable-remote-write-receiver",
		"--storage.tsdb.retention.time=30d",
	)
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	p.cmd.Cancel = func() error { return p.cmd.Process.Signal(syscall.SIGTERM) }
	p.cmd.WaitDelay = 10 * time.Second
	if err := p.cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start prometheus: %v", err)
	}
	p.done = make(chan struct{})
	go func() { _ = p.cmd.Wait(); cancel(); close(p.done) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get("http://" + p.addr + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-p.done:
			t.Fatalf("prometheus exited during start:\n%s", p.logs.String())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus not ready within 60 s:\n%s", p.logs.String())
		}
	}
}

// stop sends SIGTERM and waits for the process (Prometheus flushes its WAL).
func (p *promServer) stop() {
	if p.cmd == nil || p.cmd.Process == nil {
		return
	}
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

func (p *promServer) restart() {
	p.stop()
	p.start()
}

func (p *promServer) writeURL() string { return "http://" + p.addr + "/api/v1/write" }

// promSeries is one series of a query answer: labels and [unix seconds, value] pairs.
type promSeries struct {
	Metric map[string]string
	Points map[int64]float64
}

// query runs an instant PromQL query at t and returns matrix or vector results.
func (p *promServer) query(q string, at time.Time) []promSeries {
	p.t.Helper()
	v := url.Values{"query": {q}, "time": {strconv.FormatFloat(float64(at.UnixMilli())/1000, 'f', 3, 64)}}
	resp, err := http.Get("http://" + p.addr + "/api/v1/query?" + v.Encode())
	if err != nil {
		p.t.Fatalf("query %s: %v", q, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out struct {
		Status string
		Error  string
		Data   struct {
			ResultType string
			Result     []struct {
				Metric map[string]string
				Value  []any
				Values [][]any
			}
		}
	}
	if err := json.Unmarshal(body, &out); err != nil || out.Status != "success" {
		p.t.Fatalf("query %s: %v %s %.300s", q, err, out.Error, body)
	}
	res := make([]promSeries, 0, len(out.Data.Result))
	for _, r := range out.Data.Result {
		s := promSeries{Metric: r.Metric, Points: map[int64]float64{}}
		pts := r.Values
		if r.Value != nil {
			pts = [][]any{r.Value}
		}
		for _, pt := range pts {
			ts, _ := pt[0].(float64)
			f, err := strconv.ParseFloat(pt[1].(string), 64)
			if err != nil {
				p.t.Fatalf("query %s: value %v: %v", q, pt[1], err)
			}
			s.Points[int64(ts)] = f
		}
		res = append(res, s)
	}
	return res
}

var errNotYet = errors.New("not yet")

package sim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// startSim starts a pool on a manual clock and closes it after the test.
func startSim(tb testing.TB, o Options) *Server {
	tb.Helper()
	if o.Clock == nil {
		o.Clock = NewManualClock(t0)
	}
	s, err := Start(o)
	if err != nil {
		tb.Fatalf("Start: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

var testClient = &http.Client{Timeout: 10 * time.Second}

type rpcError struct {
	Code    int      `json:"code"`
	Message string   `json:"message"`
	Data    []string `json:"data"`
}

// call sends a JSON-RPC 2.0 request and returns the raw result or error.
func call(tb testing.TB, base, method string, params ...any) (json.RawMessage, *rpcError) {
	tb.Helper()
	if params == nil {
		params = []any{}
	}
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": method, "params": params, "id": 7})
	resp, err := testClient.Post(base+"/jsonrpc", "application/json", bytes.NewReader(body))
	if err != nil {
		tb.Fatalf("%s: %v", method, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		tb.Fatalf("%s: HTTP %d: %s", method, resp.StatusCode, raw)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		tb.Fatalf("%s: content type %q", method, ct)
	}
	var out struct {
		JSONRPC string          `json:"jsonrpc"`
		Result  json.RawMessage `json:"result"`
		Error   *rpcError       `json:"error"`
		ID      int             `json:"id"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		tb.Fatalf("%s: bad JSON %q: %v", method, raw, err)
	}
	if out.JSONRPC != "2.0" || out.ID != 7 {
		tb.Fatalf("%s: envelope %s", method, raw)
	}
	return out.Result, out.Error
}

// mustCall fails the test on an XAPI error and decodes the result into v.
func mustCall(tb testing.TB, base string, v any, method string, params ...any) {
	tb.Helper()
	res, e := call(tb, base, method, params...)
	if e != nil {
		tb.Fatalf("%s: %s %v", method, e.Message, e.Data)
	}
	if v != nil {
		if err := json.Unmarshal(res, v); err != nil {
			tb.Fatalf("%s: decoding %s: %v", method, res, err)
		}
	}
}

func login(tb testing.TB, s *Server) string {
	tb.Helper()
	var sid string
	mustCall(tb, s.MasterURL(), &sid, "session.login_with_password", "root", "xenbench", "1.0", "xenbench-test")
	return sid
}

func get(tb testing.TB, url string, header ...string) (*http.Response, []byte) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("GET %s body: %v", url, err)
	}
	return resp, body
}

func vmByName(tb testing.TB, s *Server, name string) VMState {
	tb.Helper()
	vm, ok := s.VM(name)
	if !ok {
		tb.Fatalf("no VM %s", name)
	}
	return vm
}

func advance(tb testing.TB, s *Server, d time.Duration) {
	tb.Helper()
	if err := s.Advance(d); err != nil {
		tb.Fatal(err)
	}
}

func mustf(tb testing.TB, ok bool, format string, args ...any) {
	tb.Helper()
	if !ok {
		tb.Fatalf(format, args...)
	}
}

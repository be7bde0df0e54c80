package xapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testUser     = "root"
	testPassword = "s3cret-Pa55word"
)

// fakeXAPI is a minimal JSON-RPC XAPI for client tests: logins, sessions, a few
// methods, HOST_IS_SLAVE, and /rrd_updates. Behaviour switches are plain fields set
// before the test starts (or guarded by mu).
type fakeXAPI struct {
	t   *testing.T
	srv *httptest.Server

	mu        sync.Mutex
	sessions  map[string]bool
	slaveOf   string // when set, logins answer HOST_IS_SLAVE with this address
	nextID    int
	loginHook func() // runs inside each login (e.g. to slow it down)

	logins, logouts, calls, rrdCalls atomic.Int32
	lastRRDQuery                     atomic.Value // string
	rrdBody                          string
	rrdContentType                   string
}

func newFakeXAPI(t *testing.T) *fakeXAPI {
	f := &fakeXAPI{t: t, sessions: map[string]bool{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeXAPI) addr() string { return strings.TrimPrefix(f.srv.URL, "http://") }

func (f *fakeXAPI) invalidateSessions() {
	f.mu.Lock()
	f.sessions = map[string]bool{}
	f.mu.Unlock()
}

func (f *fakeXAPI) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/jsonrpc" && r.Method == http.MethodPost:
		f.serveJSONRPC(w, r)
	case r.URL.Path == "/rrd_updates":
		f.rrdCalls.Add(1)
		f.lastRRDQuery.Store(r.URL.RawQuery)
		f.mu.Lock()
		ok := f.sessions[r.URL.Query().Get("session_id")]
		f.mu.Unlock()
		if !ok {
			http.Error(w, "unauthorised", http.StatusUnauthorized)
			return
		}
		ct := f.rrdContentType
		if ct == "" {
			ct = "application/json"
		}
		w.Header().Set("Content-Type", ct)
		fmt.Fprint(w, f.rrdBody)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeXAPI) serveJSONRPC(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Method string `json:"method"`
		Params []any  `json:"params"`
		ID     any    `json:"id"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.ID == nil {
		http.Error(w, "<html>bad request</html>", http.StatusInternalServerError)
		return
	}
	f.calls.Add(1)
	result, xerr := f.dispatch(req.Method, req.Params)
	w.Header().Set("Content-Type", "application/json")
	resp := map[string]any{"jsonrpc": "2.0", "id": req.ID}
	if xerr != nil {
		resp["error"] = map[string]any{"code": 1, "message": xerr[0], "data": xerr[1:]}
	} else {
		resp["result"] = result
	}
	_ = json.NewEncoder(w).Encode(resp)
}

func (f *fakeXAPI) dispatch(method string, params []any) (any, []string) {
	if method == "session.login_with_password" {
		f.logins.Add(1)
		if f.loginHook != nil {
			f.loginHook()
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.slaveOf != "" {
			return nil, []string{"HOST_IS_SLAVE", f.slaveOf}
		}
		if len(params) < 2 || params[0] != testUser || params[1] != testPassword {
			return nil, []string{"SESSION_AUTHENTICATION_FAILED", testUser, "Authentication failure"}
		}
		f.nextID++
		ref := fmt.Sprintf("OpaqueRef:session-%d-%d", f.nextID, time.Now().UnixNano())
		f.sessions[ref] = true
		return ref, nil
	}
	session, _ := params[0].(string)
	f.mu.Lock()
	valid := f.sessions[session]
	f.mu.Unlock()
	if !valid {
		return nil, []string{"SESSION_INVALID", session}
	}
	switch method {
	case "session.logout":
		f.logouts.Add(1)
		f.mu.Lock()
		delete(f.sessions, session)
		f.mu.Unlock()
		return "", nil
	case "pool.get_all":
		return []string{"OpaqueRef:pool"}, nil
	case "test.echo_session":
		return session, nil
	}
	return nil, []string{"MESSAGE_METHOD_UNKNOWN", method}
}

func testConfig(url string) Config {
	return Config{URL: url, Username: testUser, Password: testPassword, HTTPClient: &http.Client{Timeout: 2 * time.Second}, MaxResponseBytes: 1 << 20}
}

func mustClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

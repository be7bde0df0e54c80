package xapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
)

// captureLogger records every log line (message and key-value pairs) for the
// secret-leak check.
type captureLogger struct {
	mu    *sync.Mutex
	lines *[]string
	with  []any
}

func newCaptureLogger() captureLogger {
	return captureLogger{mu: &sync.Mutex{}, lines: &[]string{}}
}

func (l captureLogger) add(level, msg string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	*l.lines = append(*l.lines, fmt.Sprint(level, " ", msg, " ", l.with, args))
}
func (l captureLogger) Debug(msg string, args ...any)          { l.add("debug", msg, args...) }
func (l captureLogger) Info(msg string, args ...any)           { l.add("info", msg, args...) }
func (l captureLogger) Warn(msg string, args ...any)           { l.add("warn", msg, args...) }
func (l captureLogger) Error(msg string, args ...any)          { l.add("error", msg, args...) }
func (l captureLogger) Level() log.Level                       { return log.Debug }
func (l captureLogger) FromContext(context.Context) log.Logger { return l }
func (l captureLogger) With(args ...any) log.Logger {
	l.with = append(append([]any{}, l.with...), args...)
	return l
}
func (l captureLogger) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), *l.lines...)
}

func TestSessionIsReusedAcrossCalls(t *testing.T) {
	f := newFakeXAPI(t)
	c := mustClient(t, testConfig(f.srv.URL))
	for i := 0; i < 5; i++ {
		var refs []string
		if err := c.Call(context.Background(), "pool.get_all", nil, &refs); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		if len(refs) != 1 || refs[0] != "OpaqueRef:pool" {
			t.Fatalf("call %d decoded %v", i, refs)
		}
	}
	if n := f.logins.Load(); n != 1 {
		t.Fatalf("%d logins for 5 calls, want 1", n)
	}
}

func TestConcurrentCallersWaitForOneLogin(t *testing.T) {
	f := newFakeXAPI(t)
	f.loginHook = func() { time.Sleep(50 * time.Millisecond) }
	c := mustClient(t, testConfig(f.srv.URL))
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- c.Call(context.Background(), "pool.get_all", nil, nil)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := f.logins.Load(); n != 1 {
		t.Fatalf("%d logins for 16 concurrent callers, want 1", n)
	}
}

func TestReloginOnceOnSessionInvalid(t *testing.T) {
	f := newFakeXAPI(t)
	c := mustClient(t, testConfig(f.srv.URL))
	ctx := context.Background()
	if err := c.Call(ctx, "pool.get_all", nil, nil); err != nil {
		t.Fatal(err)
	}
	f.invalidateSessions() // e.g. the session expired or xapi restarted
	if err := c.Call(ctx, "pool.get_all", nil, nil); err != nil {
		t.Fatalf("call after session expiry: %v", err)
	}
	if n := f.logins.Load(); n != 2 {
		t.Fatalf("%d logins, want 2 (initial + one re-login)", n)
	}
}

func TestHostIsSlaveRedirectIsFollowedAndRemembered(t *testing.T) {
	master := newFakeXAPI(t)
	slave := newFakeXAPI(t)
	slave.slaveOf = master.addr()
	c := mustClient(t, testConfig(slave.srv.URL))
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if err := c.Call(ctx, "pool.get_all", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if got := c.MasterAddress(); got != master.addr() {
		t.Fatalf("master = %s, want %s", got, master.addr())
	}
	if slave.logins.Load() != 1 || slave.calls.Load() != 1 {
		t.Fatalf("slave saw %d logins / %d calls, want 1/1 (remembered master afterwards)", slave.logins.Load(), slave.calls.Load())
	}
	if master.calls.Load() != 4 {
		t.Fatalf("master saw %d calls, want 4 (login + 3)", master.calls.Load())
	}
}

func TestHostURLUsesMasterSchemeAndPort(t *testing.T) {
	tests := []struct{ master, address, want string }{
		{"https://10.0.0.1", "10.0.0.2", "https://10.0.0.2"},
		{"https://10.0.0.1:8443", "10.0.0.2", "https://10.0.0.2:8443"},
		{"http://xen1", "10.0.0.3:8080", "http://10.0.0.3:8080"},
		{"https://10.0.0.1", "fe80::1", "https://[fe80::1]"},
		{"https://10.0.0.1:443", "fe80::1", "https://[fe80::1]:443"},
	}
	for _, tt := range tests {
		c := mustClient(t, Config{URL: tt.master, HTTPClient: http.DefaultClient})
		if got := c.HostURL(tt.address).String(); got != tt.want {
			t.Errorf("HostURL(%q) with master %s = %s, want %s", tt.address, tt.master, got, tt.want)
		}
	}
}

// deadAddress returns the address of a server that has been closed: connections to it
// are refused.
func deadAddress(t *testing.T) string {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close()
	return addr
}

func TestMasterFailoverThroughKnownHosts(t *testing.T) {
	newMaster := newFakeXAPI(t)
	slave := newFakeXAPI(t)
	slave.slaveOf = newMaster.addr()
	dead := deadAddress(t)

	c := mustClient(t, testConfig(dead))
	c.SetKnownHosts([]string{strings.TrimPrefix(dead, "http://"), slave.addr(), newMaster.addr()})
	if err := c.Call(context.Background(), "pool.get_all", nil, nil); err != nil {
		t.Fatalf("call with the master down: %v", err)
	}
	if got := c.MasterAddress(); got != newMaster.addr() {
		t.Fatalf("master = %s, want the promoted host %s", got, newMaster.addr())
	}
}

// TestFreshClientFindsMasterThroughPoolMembers is the restart case: a new client (no
// inventory read yet) whose configured master is dead tries the configured pool members
// in turn; a surviving member answers HOST_IS_SLAVE naming the new master.
func TestFreshClientFindsMasterThroughPoolMembers(t *testing.T) {
	newMaster := newFakeXAPI(t)
	slave := newFakeXAPI(t)
	slave.slaveOf = newMaster.addr()
	cfg := testConfig(deadAddress(t))
	cfg.PoolMembers = []string{deadAddress(t), " " + slave.srv.URL + "/ ", newMaster.srv.URL}
	c := mustClient(t, cfg)
	if c.AnsweredBy() != "" {
		t.Fatalf("AnsweredBy before any login: %q", c.AnsweredBy())
	}
	if err := c.Call(context.Background(), "pool.get_all", nil, nil); err != nil {
		t.Fatalf("call with the configured master down: %v", err)
	}
	if got := c.MasterAddress(); got != newMaster.addr() {
		t.Fatalf("master = %s, want %s", got, newMaster.addr())
	}
	if got := c.AnsweredBy(); got != slave.addr() {
		t.Fatalf("AnsweredBy = %q, want the member that answered first (%s)", got, slave.addr())
	}
	if newMaster.logins.Load() != 1 {
		t.Fatalf("new master logins = %d, want 1 (the member after the answering one is not tried)", newMaster.logins.Load())
	}
}

func TestPoolMembersWithoutFailover(t *testing.T) {
	master := newFakeXAPI(t)
	member := newFakeXAPI(t)
	cfg := testConfig(master.srv.URL)
	cfg.PoolMembers = []string{member.srv.URL}
	c := mustClient(t, cfg)
	if err := c.Call(context.Background(), "pool.get_all", nil, nil); err != nil {
		t.Fatal(err)
	}
	if c.AnsweredBy() != "" || member.logins.Load() != 0 {
		t.Fatalf("AnsweredBy %q, member logins %d: members are only for when the URL fails", c.AnsweredBy(), member.logins.Load())
	}
}

func TestPoolMembersMustBeURLs(t *testing.T) {
	for _, bad := range []string{"xen2.example.com", "ftp://xen2", "https://", ""} {
		cfg := testConfig("http://127.0.0.1:1")
		cfg.PoolMembers = []string{"https://ok.example.com", bad}
		_, err := New(cfg)
		if err == nil || !backend.IsDownstreamError(err) || !strings.Contains(err.Error(), "pool member 2") {
			t.Errorf("member %q: %v, want a downstream error naming pool member 2", bad, err)
		}
	}
}

func TestMasterDiesMidSession(t *testing.T) {
	oldMaster := newFakeXAPI(t)
	newMaster := newFakeXAPI(t)
	c := mustClient(t, testConfig(oldMaster.srv.URL))
	c.SetKnownHosts([]string{oldMaster.addr(), newMaster.addr()})
	ctx := context.Background()
	if err := c.Call(ctx, "pool.get_all", nil, nil); err != nil {
		t.Fatal(err)
	}
	oldMaster.srv.Close()
	if err := c.Call(ctx, "pool.get_all", nil, nil); err != nil {
		t.Fatalf("call after the master died: %v", err)
	}
	if c.MasterAddress() != newMaster.addr() || newMaster.logins.Load() != 1 {
		t.Fatalf("master = %s, new master logins = %d", c.MasterAddress(), newMaster.logins.Load())
	}
}

// failureCase is one way a call can fail; each must give a downstream error of the
// right category whose text names the fix and never the secrets.
type failureCase struct {
	name     string
	setup    func(t *testing.T) Config
	ctx      func() (context.Context, context.CancelFunc)
	wantIs   []error
	wantText string // a fragment of the fix
	notDown  bool   // cancellation is not a downstream failure
}

func failureCases() []failureCase {
	slowHandler := func(d time.Duration) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(d):
			case <-r.Context().Done():
			}
		})
	}
	serve := func(t *testing.T, h http.HandlerFunc) Config {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return testConfig(srv.URL)
	}
	return []failureCase{
		{
			name: "wrong credentials",
			setup: func(t *testing.T) Config {
				f := newFakeXAPI(t)
				cfg := testConfig(f.srv.URL)
				cfg.Password = "wrong-" + testPassword
				return cfg
			},
			wantIs: []error{ErrAuthFailed}, wantText: "check the user name and password",
		},
		{
			name: "TLS unknown authority",
			setup: func(t *testing.T) Config {
				srv := httptest.NewTLSServer(http.NotFoundHandler())
				t.Cleanup(srv.Close)
				return testConfig(srv.URL) // plain client: does not trust the test CA
			},
			wantIs: []error{ErrTLS}, wantText: "CA certificate",
		},
		{
			name: "https URL on a plain HTTP port",
			setup: func(t *testing.T) Config {
				f := newFakeXAPI(t)
				return testConfig("https://" + f.addr())
			},
			wantIs: []error{ErrTLS}, wantText: "http://",
		},
		{
			name: "timeout",
			setup: func(t *testing.T) Config {
				srv := httptest.NewServer(slowHandler(400 * time.Millisecond))
				t.Cleanup(srv.Close)
				cfg := testConfig(srv.URL)
				cfg.HTTPClient = &http.Client{Timeout: 80 * time.Millisecond}
				return cfg
			},
			wantIs: []error{ErrTimeout, context.DeadlineExceeded}, wantText: "raise the timeout",
		},
		{
			name: "caller deadline",
			setup: func(t *testing.T) Config {
				srv := httptest.NewServer(slowHandler(400 * time.Millisecond))
				t.Cleanup(srv.Close)
				return testConfig(srv.URL)
			},
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 80*time.Millisecond)
			},
			wantIs: []error{context.DeadlineExceeded},
		},
		{
			name: "caller cancellation",
			setup: func(t *testing.T) Config {
				srv := httptest.NewServer(slowHandler(400 * time.Millisecond))
				t.Cleanup(srv.Close)
				return testConfig(srv.URL)
			},
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(50*time.Millisecond, cancel)
				return ctx, cancel
			},
			wantIs: []error{context.Canceled}, notDown: true,
		},
		{
			name: "connection refused",
			setup: func(t *testing.T) Config {
				return testConfig(deadAddress(t))
			},
			wantIs: []error{ErrUnreachable}, wantText: "refused",
		},
		{
			name: "oversized response",
			setup: func(t *testing.T) Config {
				return serve(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					fmt.Fprint(w, `{"jsonrpc":"2.0","id":1,"result":"`+strings.Repeat("x", 2<<20)+`"}`)
				})
			},
			wantIs: []error{ErrResponseTooLarge}, wantText: "Max response size",
		},
		{
			name: "HTML page instead of JSON-RPC (XO Lite, proxy)",
			setup: func(t *testing.T) Config {
				return serve(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					fmt.Fprint(w, "<!doctype html><title>XO Lite</title>")
				})
			},
			wantIs: []error{ErrNotXAPI}, wantText: "not a XAPI endpoint",
		},
		{
			name: "HTML page labelled application/json (proxy error page)",
			setup: func(t *testing.T) Config {
				return serve(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					fmt.Fprint(w, "\n  <!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>portal</body></html>")
				})
			},
			wantIs: []error{ErrNotXAPI}, wantText: "not a XAPI endpoint",
		},
		{
			name: "HTML page without a Content-Type at / after a 404 on /jsonrpc",
			setup: func(t *testing.T) Config {
				return serve(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header()["Content-Type"] = nil // no sniffing by net/http either
					if r.URL.Path == "/jsonrpc" {
						w.WriteHeader(http.StatusNotFound)
						return
					}
					fmt.Fprint(w, "<html><body><h1>It works!</h1></body></html>")
				})
			},
			wantIs: []error{ErrNotXAPI}, wantText: "not a XAPI endpoint",
		},
		{
			name: "malformed JSON",
			setup: func(t *testing.T) Config {
				return serve(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					fmt.Fprint(w, `{"jsonrpc":"2.0","id":1,"result":`)
				})
			},
			wantIs: []error{ErrBadResponse}, wantText: "malformed",
		},
		{
			name: "JSON without result or error",
			setup: func(t *testing.T) Config {
				return serve(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					fmt.Fprint(w, `{"jsonrpc":"2.0","id":1}`)
				})
			},
			wantIs: []error{ErrBadResponse},
		},
		{
			name: "HTTP 502 from a proxy",
			setup: func(t *testing.T) Config {
				return serve(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusBadGateway)
				})
			},
			wantIs: []error{ErrHTTPStatus}, wantText: "try again",
		},
		{
			name: "endless HOST_IS_SLAVE loop",
			setup: func(t *testing.T) Config {
				f := newFakeXAPI(t)
				f.slaveOf = f.addr()
				return testConfig(f.srv.URL)
			},
			wantIs: []error{ErrHostIsSlave}, wantText: "pool master's address",
		},
	}
}

func TestCallFailuresAreClassified(t *testing.T) {
	for _, tt := range failureCases() {
		t.Run(tt.name, func(t *testing.T) {
			logs := newCaptureLogger()
			cfg := tt.setup(t)
			cfg.Logger = logs
			c := mustClient(t, cfg)
			ctx, cancel := context.Background(), context.CancelFunc(func() {})
			if tt.ctx != nil {
				ctx, cancel = tt.ctx()
			}
			defer cancel()
			start := time.Now()
			err := c.Call(ctx, "pool.get_all", nil, nil)
			if err == nil {
				t.Fatal("call succeeded, want an error")
			}
			if time.Since(start) > 1500*time.Millisecond {
				t.Errorf("failure took %s: the client must not hang", time.Since(start))
			}
			for _, target := range tt.wantIs {
				if !errors.Is(err, target) {
					t.Errorf("error %q is not %v", err, target)
				}
			}
			if !tt.notDown && !backend.IsDownstreamError(err) {
				t.Errorf("error %q is not marked downstream", err)
			}
			if tt.wantText != "" && !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error %q does not contain the fix %q", err, tt.wantText)
			}
			assertNoSecrets(t, append(logs.all(), err.Error()), testPassword)
		})
	}
}

func assertNoSecrets(t *testing.T, texts []string, secrets ...string) {
	t.Helper()
	for _, text := range texts {
		for _, s := range secrets {
			if s != "" && strings.Contains(text, s) {
				t.Errorf("secret %q leaked in %q", s, text)
			}
		}
		if strings.Contains(text, "OpaqueRef:session-") {
			t.Errorf("session ref leaked in %q", text)
		}
	}
}

func TestErrorsNeverCarryTheSessionRef(t *testing.T) {
	// A server that echoes the session and the password in an error, as a buggy proxy
	// or a SESSION_INVALID answer does.
	var session string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		body := make([]byte, 4096)
		n, _ := r.Body.Read(body)
		if strings.Contains(string(body[:n]), "login_with_password") {
			session = "OpaqueRef:session-echo-1"
			fmt.Fprintf(w, `{"jsonrpc":"2.0","id":1,"result":%q}`, session)
			return
		}
		fmt.Fprintf(w, `{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"INTERNAL_ERROR","data":[%q,%q]}}`, session, testPassword)
	}))
	defer srv.Close()
	logs := newCaptureLogger()
	cfg := testConfig(srv.URL)
	cfg.Logger = logs
	c := mustClient(t, cfg)
	err := c.Call(context.Background(), "pool.get_all", nil, nil)
	var xe *Error
	if !errors.As(err, &xe) || xe.Code != "INTERNAL_ERROR" {
		t.Fatalf("want *Error INTERNAL_ERROR, got %v", err)
	}
	assertNoSecrets(t, append(logs.all(), err.Error(), strings.Join(xe.Params, ",")), testPassword, session)
}

func TestSessionInvalidErrorHidesItsParameter(t *testing.T) {
	e := &Error{Code: "SESSION_INVALID", Params: []string{"OpaqueRef:session-x"}}
	if strings.Contains(e.Error(), "OpaqueRef") {
		t.Fatalf("Error() = %q shows the session", e.Error())
	}
	if !errors.Is(e, ErrSessionInvalid) || errors.Is(e, ErrHostIsSlave) {
		t.Fatal("sentinel matching by code is wrong")
	}
}

func TestCloseLogsOutAndRefusesCalls(t *testing.T) {
	f := newFakeXAPI(t)
	c := mustClient(t, testConfig(f.srv.URL))
	ctx := context.Background()
	if err := c.Call(ctx, "pool.get_all", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if f.logouts.Load() != 1 {
		t.Fatalf("%d logouts, want 1", f.logouts.Load())
	}
	if err := c.Call(ctx, "pool.get_all", nil, nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("call after Close: %v, want ErrClosed", err)
	}
	if err := c.Close(ctx); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestJSONRPCv1ErrorArray(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"result":null,"error":["SESSION_AUTHENTICATION_FAILED","root","Authentication failure"],"id":1}`)
	}))
	defer srv.Close()
	c := mustClient(t, testConfig(srv.URL))
	err := c.Call(context.Background(), "pool.get_all", nil, nil)
	if !errors.Is(err, ErrAuthFailed) {
		t.Fatalf("got %v, want SESSION_AUTHENTICATION_FAILED", err)
	}
}

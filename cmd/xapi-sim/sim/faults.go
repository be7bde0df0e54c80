package sim

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Faults are injected failures. Each applies to requests whose path starts
// with one of Paths (all paths when empty), on every Every-th matching
// request (every request when Every <= 1), counted per server.
type Faults struct {
	// Delay holds every matching response back (slow host).
	Delay time.Duration `json:"delay,omitempty"`
	// Status answers with this HTTP status (e.g. 500, 502, 503) and an HTML
	// body like xapi's error pages instead of the real answer.
	Status int `json:"status,omitempty"`
	// Drop closes the connection without any answer.
	Drop bool `json:"drop,omitempty"`
	// Truncate sends the headers and only the first half of the body, then
	// closes the connection (Content-Length stays the full length).
	Truncate bool `json:"truncate,omitempty"`
	// Malformed sends a 200 answer with the right content type but a body cut
	// in half and followed by garbage, so it does not parse.
	Malformed bool `json:"malformed,omitempty"`
	// Every applies the fault to one request in Every (deterministic).
	Every int `json:"every,omitempty"`
	// Paths restricts the fault, e.g. ["/rrd_updates"] or ["/jsonrpc"].
	Paths []string `json:"paths,omitempty"`
	// Hosts restricts the fault to these hosts (indexes, 0 is host 0); empty: every
	// host. One slow host among healthy ones is what a client's slow-host handling
	// must cope with.
	Hosts []int `json:"hosts,omitempty"`
}

func (f Faults) active() bool {
	return f.Delay > 0 || f.Status != 0 || f.Drop || f.Truncate || f.Malformed
}

func (f Faults) validate() error {
	var errs []error
	if f.Status != 0 && (f.Status < 400 || f.Status > 599) {
		errs = append(errs, fmt.Errorf("fault status %d: want an HTTP error status 400..599", f.Status))
	}
	if f.Delay < 0 || f.Delay > 10*time.Minute {
		errs = append(errs, fmt.Errorf("fault delay %s: want 0..10m", f.Delay))
	}
	if f.Every < 0 {
		errs = append(errs, fmt.Errorf("fault every %d: want >= 0", f.Every))
	}
	n := 0
	for _, b := range []bool{f.Status != 0, f.Drop, f.Truncate, f.Malformed} {
		if b {
			n++
		}
	}
	if n > 1 {
		errs = append(errs, errors.New("faults status, drop, truncate and malformed exclude each other: pick one"))
	}
	for _, p := range f.Paths {
		if !strings.HasPrefix(p, "/") {
			errs = append(errs, fmt.Errorf("fault path %q must start with /", p))
		}
	}
	for _, h := range f.Hosts {
		if h < 0 || h >= MaxHosts {
			errs = append(errs, fmt.Errorf("fault host %d: want a host index 0..%d", h, MaxHosts-1))
		}
	}
	return errors.Join(errs...)
}

func (f Faults) matches(host int, path string) bool {
	if len(f.Hosts) > 0 && !slices.Contains(f.Hosts, host) {
		return false
	}
	if len(f.Paths) == 0 {
		return true
	}
	for _, p := range f.Paths {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// SetFault replaces the active faults. It returns an error for a fault set
// that cannot be applied.
func (s *Server) SetFault(f Faults) error {
	if err := f.validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	s.faultCount = 0
	fmt.Fprintf(s.opts.Log, "faults set: %+v\n", f)
	return nil
}

// ClearFaults removes every active fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = Faults{}
	s.faultCount = 0
}

// Faults returns the active faults.
func (s *Server) Faults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// pickFault decides whether this request gets the fault.
func (s *Server) pickFault(host int, path string) (Faults, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faults
	if !f.active() || !f.matches(host, path) {
		return f, false
	}
	s.faultCount++
	if f.Every > 1 && s.faultCount%int64(f.Every) != 0 {
		return f, false
	}
	return f, true
}

// withFaults wraps host idx's handler with the active faults.
func (s *Server) withFaults(idx int, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, hit := s.pickFault(idx, r.URL.Path)
		if !hit {
			next.ServeHTTP(w, r)
			return
		}
		if f.Delay > 0 {
			select {
			case <-time.After(f.Delay):
			case <-r.Context().Done():
				return
			case <-s.closing:
				return
			}
		}
		switch {
		case f.Drop:
			dropConnection(w)
		case f.Status != 0:
			writeHTTPError(w, f.Status, "injected fault")
		case f.Truncate || f.Malformed:
			rec := &bufferedResponse{header: http.Header{}, status: http.StatusOK}
			next.ServeHTTP(rec, r)
			body := rec.body.Bytes()
			for k, v := range rec.header {
				w.Header()[k] = v
			}
			half := body[:len(body)/2]
			if f.Malformed {
				bad := append(append([]byte{}, half...), []byte("\x00<<garbage>>{\"")...)
				w.Header().Set("Content-Length", strconv.Itoa(len(bad)))
				w.WriteHeader(rec.status)
				_, _ = w.Write(bad)
				return
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.status)
			_, _ = w.Write(half)
			if fl, ok := w.(http.Flusher); ok {
				fl.Flush()
			}
			closeConnection(w, false)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// dropConnection resets the TCP connection under the handler.
func dropConnection(w http.ResponseWriter) { closeConnection(w, true) }

// closeConnection closes the connection: with reset, an RST like a host
// that died; without, a normal FIN so the client sees the body end early.
func closeConnection(w http.ResponseWriter, reset bool) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 or a recorder: abort the stream the only other way net/http offers.
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok && reset {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// bufferedResponse captures a handler's answer so a fault can cut it.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) WriteHeader(code int)        { b.status = code }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }

// writeHTTPError answers like xapi's HTTP error pages: text/html, connection
// close (doc/content/xen-api/wire-protocol.md, "Errors").
func writeHTTPError(w http.ResponseWriter, status int, detail string) {
	body := fmt.Sprintf("<html><body><h1>HTTP %d %s</h1>%s</body></html>", status, strings.ToLower(http.StatusText(status)), htmlEscape(detail))
	w.Header().Set("Content-Type", "text/html")
	w.Header().Set("Connection", "close")
	w.Header().Set("Cache-Control", "no-cache, no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func htmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}

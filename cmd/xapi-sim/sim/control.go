package sim

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// The control endpoint is the simulator's own API (not XAPI), on a separate
// listener so it can never be confused with a host:
//
//	GET    /control/faults            current faults (JSON)
//	POST   /control/faults            set faults, body like Faults (delay as "2s")
//	DELETE /control/faults            clear faults
//	POST   /control/sessions/expire   invalidate every session
//	POST   /control/master?host=N     make host N the pool master
//	POST   /control/fail-host?host=N  power host N off (HA reacts)
//	POST   /control/recover-host?host=N
//	POST   /control/advance?d=5m      advance a manual clock
//	GET    /control/state             hosts, VMs and where they run
func (s *Server) controlHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /control/faults", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, faultsJSON(s.Faults())) })
	mux.HandleFunc("POST /control/faults", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var in faultsWire
		if err := json.Unmarshal(body, &in); err != nil {
			http.Error(w, "faults body is not JSON like {\"delay\":\"2s\",\"status\":503,\"every\":2,\"paths\":[\"/rrd_updates\"]}: "+err.Error(), http.StatusBadRequest)
			return
		}
		f, err := in.faults()
		if err == nil {
			err = s.SetFault(f)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		writeJSON(w, faultsJSON(f))
	})
	mux.HandleFunc("DELETE /control/faults", func(w http.ResponseWriter, _ *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /control/sessions/expire", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]int{"expired": s.ExpireSessions()})
	})
	hostParam := func(w http.ResponseWriter, r *http.Request) (int, bool) {
		n, err := strconv.Atoi(r.URL.Query().Get("host"))
		if err != nil || n < 0 || n >= len(s.hosts) {
			http.Error(w, fmt.Sprintf("query parameter host must be a host index 0..%d", len(s.hosts)-1), http.StatusBadRequest)
			return 0, false
		}
		return n, true
	}
	mux.HandleFunc("POST /control/master", func(w http.ResponseWriter, r *http.Request) {
		if n, ok := hostParam(w, r); ok {
			s.mu.Lock()
			s.setMaster(n, s.now)
			s.mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
		}
	})
	mux.HandleFunc("POST /control/fail-host", func(w http.ResponseWriter, r *http.Request) {
		if n, ok := hostParam(w, r); ok {
			s.FailHost(n)
			w.WriteHeader(http.StatusNoContent)
		}
	})
	mux.HandleFunc("POST /control/recover-host", func(w http.ResponseWriter, r *http.Request) {
		if n, ok := hostParam(w, r); ok {
			s.mu.Lock()
			s.recoverHost(n, s.now)
			s.mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
		}
	})
	mux.HandleFunc("POST /control/advance", func(w http.ResponseWriter, r *http.Request) {
		d, err := time.ParseDuration(r.URL.Query().Get("d"))
		if err != nil || d < 0 {
			http.Error(w, "query parameter d must be a duration such as 30s or 5m", http.StatusBadRequest)
			return
		}
		if err := s.Advance(d); err != nil {
			http.Error(w, err.Error(), http.StatusConflict)
			return
		}
		writeJSON(w, map[string]string{"now": s.Now().Format(time.RFC3339)})
	})
	mux.HandleFunc("GET /control/state", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, s.State()) })
	return mux
}

func (s *Server) startControl(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("control endpoint on %s: %w", addr, err)
	}
	s.controlLn = ln
	s.control = &http.Server{Handler: s.controlHandler(), ReadHeaderTimeout: 5 * time.Second}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.control.Serve(ln)
	}()
	return nil
}

// faultsWire is Faults with a human duration.
type faultsWire struct {
	Delay     string   `json:"delay,omitempty"`
	Status    int      `json:"status,omitempty"`
	Drop      bool     `json:"drop,omitempty"`
	Truncate  bool     `json:"truncate,omitempty"`
	Malformed bool     `json:"malformed,omitempty"`
	Every     int      `json:"every,omitempty"`
	Paths     []string `json:"paths,omitempty"`
	Hosts     []int    `json:"hosts,omitempty"`
}

func (fw faultsWire) faults() (Faults, error) {
	f := Faults{Status: fw.Status, Drop: fw.Drop, Truncate: fw.Truncate, Malformed: fw.Malformed, Every: fw.Every, Paths: fw.Paths, Hosts: fw.Hosts}
	if fw.Delay != "" {
		d, err := time.ParseDuration(fw.Delay)
		if err != nil {
			return f, fmt.Errorf("delay %q: %w", fw.Delay, err)
		}
		f.Delay = d
	}
	return f, nil
}

func faultsJSON(f Faults) faultsWire {
	fw := faultsWire{Status: f.Status, Drop: f.Drop, Truncate: f.Truncate, Malformed: f.Malformed, Every: f.Every, Paths: f.Paths, Hosts: f.Hosts}
	if f.Delay > 0 {
		fw.Delay = f.Delay.String()
	}
	return fw
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

package sim

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Server is a running simulated pool: one HTTP(S) listener per host.
type Server struct {
	opts  Options
	prof  versionProfile
	clock Clock

	mu               sync.Mutex
	st               *store
	hosts            []*simHost
	vms              []*simVM
	srs              []*simSR
	poolRef          string
	networkRef       string
	masterIdx        int
	sessions         map[string]*session
	methodTable      map[string]handler
	pendingAsyncTask string
	faults           Faults
	faultCount       int64
	now              time.Time // simulated time of the last step
	started          time.Time // simulated time at Start
	created          time.Time // RRD creation time (started - History)
	actions          actionQueue
	instants         map[int64]*instant // see instantAt
	scen             *scenario
	exch             *exchangeWriter

	hostAddrs []string
	hostURLs  []string
	listeners []net.Listener
	servers   []*http.Server
	control   *http.Server
	controlLn net.Listener
	tlsConfig *tls.Config
	closing   chan struct{}
	wg        sync.WaitGroup
	closeOnce sync.Once
	// ready is false while a CatchUpClock's backfill is being played: the hosts
	// then answer 503, so no client (or compose healthcheck) sees a pool whose clock
	// is still minutes behind.
	ready atomic.Bool
}

// Start builds the pool and starts serving. It returns once every listener
// accepts connections.
func Start(opts Options) (*Server, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("xapi-sim options: %w", err)
	}
	prof, _ := parseVersion(o.XapiVersion) // validated above
	s := &Server{opts: o, prof: prof, sessions: map[string]*session{}, closing: make(chan struct{})}
	if err := o.Faults.validate(); err != nil {
		return nil, fmt.Errorf("xapi-sim options: %w", err)
	}
	s.faults = o.Faults
	s.methodTable = s.methods()
	s.clock = o.Clock
	if s.clock == nil {
		start := o.Start
		if start.IsZero() {
			start = time.Now().UTC()
		}
		s.clock = NewScaledClock(start, o.TimeScale)
	}
	if err := s.listen(); err != nil {
		return nil, err
	}
	if o.TLS {
		cfg, err := selfSignedTLS(s.hostAddrs)
		if err != nil {
			s.closeListeners()
			return nil, fmt.Errorf("generating the self-signed certificate: %w", err)
		}
		s.tlsConfig = cfg
	}
	s.now = s.clock.Now().UTC()
	s.started = s.now
	s.created = s.now.Add(-o.History)
	s.st = newStore(o.Seed)
	s.buildPool(s.created)
	s.scen = newScenario(s, o.Scenario)
	if o.LogDir != "" {
		w, err := newExchangeWriter(s, o.LogDir)
		if err != nil {
			s.closeListeners()
			return nil, err
		}
		s.exch = w
	}
	s.mu.Lock()
	s.scen.schedule(s.started)
	s.mu.Unlock()

	for i, ln := range s.listeners {
		srv := &http.Server{
			Handler:           s.withFaults(i, s.hostHandler(i)),
			ReadHeaderTimeout: 10 * time.Second,
			IdleTimeout:       2 * time.Minute,
			ErrorLog:          log.New(io.Discard, "", 0), // TLS probes and client resets are not errors here
		}
		if s.tlsConfig != nil {
			srv.TLSConfig = s.tlsConfig
			ln = tls.NewListener(ln, s.tlsConfig)
		}
		s.servers = append(s.servers, srv)
		s.wg.Add(1)
		go func(ln net.Listener) {
			defer s.wg.Done()
			_ = srv.Serve(ln)
		}(ln)
	}
	if o.ControlAddr != "" {
		if err := s.startControl(o.ControlAddr); err != nil {
			_ = s.Close()
			return nil, err
		}
	}
	if _, backfill := s.clock.(*CatchUpClock); !backfill {
		s.ready.Store(true)
	}
	if _, manual := s.clock.(*ManualClock); !manual {
		s.wg.Add(1)
		go s.tickLoop()
	}
	fmt.Fprintf(o.Log, "xapi-sim: %d hosts, %d VMs, scenario %s, xapi %s, master %s\n", o.Hosts, o.VMs, o.Scenario, o.XapiVersion, s.hostURLs[0])
	return s, nil
}

// listen opens one listener per host. Without explicit addresses every
// host gets its own loopback IP (127.0.0.1, 127.0.0.2, ...) on one shared
// port, like the hosts of a real pool share port 443; if the system does not
// route 127/8 that way, each host gets its own port on 127.0.0.1.
func (s *Server) listen() error {
	addrs := s.opts.ListenAddrs
	if len(addrs) == 0 {
		if lns, err := listenSharedPort(s.opts.Hosts); err == nil {
			s.listeners = lns
		} else {
			for i := 0; i < s.opts.Hosts; i++ {
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					s.closeListeners()
					return fmt.Errorf("listening for host %d: %w", i, err)
				}
				s.listeners = append(s.listeners, ln)
			}
		}
	} else {
		for i, a := range addrs {
			ln, err := net.Listen("tcp", a)
			if err != nil {
				s.closeListeners()
				return fmt.Errorf("listening for host %d on %s: %w (is the port free?)", i, a, err)
			}
			s.listeners = append(s.listeners, ln)
		}
	}
	ips := map[string]bool{}
	for _, ln := range s.listeners {
		ips[ln.Addr().(*net.TCPAddr).IP.String()] = true
	}
	distinctIPs := len(ips) == len(s.listeners)
	scheme := "http"
	if s.opts.TLS {
		scheme = "https"
	}
	for _, ln := range s.listeners {
		ta := ln.Addr().(*net.TCPAddr)
		ip := ta.IP.String()
		if ta.IP.IsUnspecified() {
			ip = "127.0.0.1"
		}
		// host.address is an IP in real pools. When hosts share an IP the
		// port has to travel with it, or HOST_IS_SLAVE could not name the
		// master (a documented deviation).
		addr := ip
		if s.opts.AdvertiseHost != "" {
			addr = s.opts.AdvertiseHost
		}
		if !distinctIPs || s.opts.AdvertiseHost != "" {
			addr = net.JoinHostPort(addr, strconv.Itoa(ta.Port))
		}
		s.hostAddrs = append(s.hostAddrs, addr)
		s.hostURLs = append(s.hostURLs, scheme+"://"+net.JoinHostPort(ip, strconv.Itoa(ta.Port)))
	}
	return nil
}

func listenSharedPort(n int) ([]net.Listener, error) {
	var lastErr error
	for attempt := 0; attempt < 8; attempt++ {
		first, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		port := first.Addr().(*net.TCPAddr).Port
		lns := []net.Listener{first}
		for i := 1; i < n; i++ {
			ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:%d", 1+i, port))
			if err != nil {
				lastErr = err
				break
			}
			lns = append(lns, ln)
		}
		if len(lns) == n {
			return lns, nil
		}
		for _, ln := range lns {
			_ = ln.Close()
		}
	}
	return nil, fmt.Errorf("no shared port on 127.0.0.x: %w", lastErr)
}

func (s *Server) closeListeners() {
	for _, ln := range s.listeners {
		_ = ln.Close()
	}
}

// Close stops every listener and background job and flushes the Exchange
// files. It is safe to call more than once.
func (s *Server) Close() error {
	var errs []error
	s.closeOnce.Do(func() {
		close(s.closing)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		for _, srv := range s.servers {
			if err := srv.Shutdown(ctx); err != nil {
				_ = srv.Close()
			}
		}
		if s.control != nil {
			_ = s.control.Close()
		}
		s.wg.Wait()
		s.mu.Lock()
		if s.exch != nil {
			errs = append(errs, s.exch.close())
		}
		s.mu.Unlock()
	})
	return errors.Join(errs...)
}

// MasterURL is the base URL of the pool master (http:// or https://).
func (s *Server) MasterURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hostURLs[s.masterIdx]
}

// HostURLs are the base URLs of every host, in host order.
func (s *Server) HostURLs() []string { return append([]string(nil), s.hostURLs...) }

// ControlURL is the fault control endpoint's base URL ("" when disabled).
func (s *Server) ControlURL() string {
	if s.controlLn == nil {
		return ""
	}
	return "http://" + s.controlLn.Addr().String()
}

// Now is the simulated time of the last step.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// Advance moves a ManualClock forward and runs the simulation up to the new
// time. It fails for any other clock.
func (s *Server) Advance(d time.Duration) error {
	mc, ok := s.clock.(*ManualClock)
	if !ok {
		return errors.New("Advance needs Options.Clock = a *ManualClock; this server runs on a scaled wall clock")
	}
	now := mc.Advance(d)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stepTo(now)
	return nil
}

// CatchUp plays the scenario forward in steps of at most step until a
// CatchUpClock reaches the wall clock; the pool then runs in real time.
func (s *Server) CatchUp(step time.Duration) error {
	cc, ok := s.clock.(*CatchUpClock)
	if !ok {
		return errors.New("CatchUp needs Options.Clock = a *CatchUpClock")
	}
	if step <= 0 {
		step = time.Minute
	}
	for {
		now, live := cc.step(step)
		s.mu.Lock()
		s.stepTo(now)
		s.mu.Unlock()
		if live {
			s.ready.Store(true)
			return nil
		}
	}
}

// Ready reports whether the pool serves: always, except while a CatchUpClock's
// backfill has not been played (CatchUp not yet returned).
func (s *Server) Ready() bool { return s.ready.Load() }

func (s *Server) tickLoop() {
	defer s.wg.Done()
	t := time.NewTicker(s.opts.TickInterval)
	defer t.Stop()
	for {
		select {
		case <-s.closing:
			return
		case <-t.C:
			now := s.clock.Now()
			s.mu.Lock()
			s.stepTo(now)
			s.mu.Unlock()
		}
	}
}

// stepTo runs every scheduled action up to now, in time order, then lets the
// Exchange writer catch up. Caller holds s.mu.
func (s *Server) stepTo(now time.Time) {
	now = now.UTC()
	if !now.After(s.now) {
		return
	}
	for {
		a, ok := s.actions.popDue(now)
		if !ok {
			break
		}
		a.do(a.at)
	}
	s.now = now
	s.expireSessions(now)
	if s.exch != nil {
		if err := s.exch.catchUp(now); err != nil {
			fmt.Fprintf(s.opts.Log, "exchange files: %v\n", err)
		}
	}
}

package xapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
)

// Config is what a Client needs. HTTPClient carries TLS (custom CA, skip-verify) and the
// per-request timeout; the Client never builds its own.
type Config struct {
	// URL of the pool master as configured, e.g. https://10.0.0.1 or https://xen1:8443.
	URL string
	// PoolMembers are URLs of other hosts of the pool, tried in turn when URL does not
	// answer a login (datasource setting jsonData.poolMembers). A fresh instance knows
	// no host list yet, so after an HA failover these are how it finds the new master:
	// the new master accepts the login, any other member answers HOST_IS_SLAVE naming it.
	PoolMembers []string
	Username    string
	Password    string
	// HTTPClient performs every request; its Timeout bounds each one.
	HTTPClient *http.Client
	// Timeout is HTTPClient's timeout, quoted in error messages.
	Timeout time.Duration
	// MaxResponseBytes bounds every response body (JSON-RPC and RRD).
	MaxResponseBytes int64
	// Originator names this client in xapi's session records (default "xenbench").
	Originator string
	// Logger receives debug lines about logins, redirects and failovers. Nil: no logs.
	Logger log.Logger
}

// Client is one datasource instance's connection to a pool. It is safe for concurrent
// use: callers share one session; when it must be (re)created, one caller logs in and the
// others wait for that login instead of starting their own.
type Client struct {
	cfg    Config
	http   *http.Client
	logger log.Logger

	mu         sync.Mutex
	master     *url.URL   // current pool master (changes on HOST_IS_SLAVE or failover)
	configured *url.URL   // the configured URL
	members    []*url.URL // Config.PoolMembers, parsed
	answered   *url.URL   // the host that answered the last successful login (before redirects)
	knownHosts []string   // addresses of the pool's hosts, for master failover
	session    string     // current session ref; "" when none
	oldRefs    []string   // recent session refs, still scrubbed from error texts
	generation uint64     // bumped at each login so stale failures do not drop a new session
	login      *loginCall
	closed     bool

	xmlRPC atomic.Bool // set once the master turned out to speak only XML-RPC
}

// loginCall is one login in flight; waiters block on done and then read err.
type loginCall struct {
	done chan struct{}
	err  error
}

// New validates cfg and returns a Client. It does not contact the pool.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(cfg.URL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, backend.DownstreamErrorf("the pool master URL %q is not a valid http(s) URL (expected e.g. https://xenserver-master.example.com)", cfg.URL)
	}
	u.Path, u.RawQuery, u.Fragment, u.User = "", "", "", nil
	var members []*url.URL
	for i, raw := range cfg.PoolMembers {
		m, err := ParsePoolMember(raw)
		if err != nil {
			return nil, backend.DownstreamErrorf("pool member %d: %v", i+1, err)
		}
		members = append(members, m)
	}
	if cfg.HTTPClient == nil {
		return nil, errors.New("xapi: Config.HTTPClient is nil")
	}
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = 256 << 20
	}
	if cfg.Originator == "" {
		cfg.Originator = "xenbench"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = cfg.HTTPClient.Timeout
	}
	logger := cfg.Logger
	if logger == nil {
		logger = log.NewNullLogger()
	}
	return &Client{cfg: cfg, http: cfg.HTTPClient, logger: logger, master: u, configured: u, members: members}, nil
}

// ParsePoolMember checks one pool member URL (an http(s) URL with a host, like the pool
// master URL) and returns it without path, query or credentials.
func ParsePoolMember(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(raw), "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http(s) URL (expected e.g. https://xenserver-2.example.com)", raw)
	}
	u.Path, u.RawQuery, u.Fragment, u.User = "", "", "", nil
	return u, nil
}

// AnsweredBy is the address of the host that answered the last successful login when it
// was not the configured URL (a pool member or a known host, after the configured one
// failed), and "" otherwise. The health check reports it.
func (c *Client) AnsweredBy() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.answered == nil || c.answered.Host == c.configured.Host {
		return ""
	}
	return c.answered.Host
}

// scrub returns the scrubber for the current secrets.
func (c *Client) scrub() scrubber {
	c.mu.Lock()
	secrets := append([]string{c.cfg.Password, c.session}, c.oldRefs...)
	c.mu.Unlock()
	return scrubber{secrets: secrets}
}

// MasterAddress is the host (and port) currently used as the pool master.
func (c *Client) MasterAddress() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.master.Host
}

// SetKnownHosts records the addresses (host.address) of the pool's hosts, so that when
// the master stops answering the client can ask the others where the new master is.
func (c *Client) SetKnownHosts(addresses []string) {
	c.mu.Lock()
	c.knownHosts = append(c.knownHosts[:0], addresses...)
	c.mu.Unlock()
}

// HostURL turns a host.address into the base URL used to reach that host: the scheme
// and port of the configured master URL (a pool serves XAPI on the same port on every
// host) unless the address carries its own port.
func (c *Client) HostURL(address string) *url.URL {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hostURLLocked(address)
}

func (c *Client) hostURLLocked(address string) *url.URL {
	return hostURLFrom(c.master, address)
}

// hostURLFrom is address reached with ref's scheme and port (unless it has its own).
func hostURLFrom(ref *url.URL, address string) *url.URL {
	u := *ref
	if _, _, err := net.SplitHostPort(address); err == nil {
		u.Host = address
		return &u
	}
	host := strings.Trim(address, "[]")
	if port := ref.Port(); port != "" {
		u.Host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		u.Host = "[" + host + "]"
	} else {
		u.Host = host
	}
	return &u
}

// Call invokes a XAPI method with the session ref prepended to params and decodes the
// result into out (nil to discard). It re-logs in once on SESSION_INVALID, follows a
// master change once, and returns XAPI failures as *Error.
func (c *Client) Call(ctx context.Context, method string, params []any, out any) error {
	var lastErr error
	for attempt := 0; attempt < 2; attempt++ {
		session, gen, err := c.acquireSession(ctx)
		if err != nil {
			return err
		}
		c.mu.Lock()
		master := c.master
		c.mu.Unlock()
		err = c.rpc(ctx, master, method, append([]any{session}, params...), out)
		if err == nil {
			return nil
		}
		lastErr = err
		switch {
		case errors.Is(err, ErrSessionInvalid):
			c.logger.Debug("XAPI session invalid, logging in again", "method", method)
			c.dropSession(gen)
		case errors.Is(err, ErrHostIsSlave):
			// The master we talk to was demoted: the error names the new one.
			c.followSlaveRedirect(err)
			c.dropSession(gen)
		case errors.Is(err, ErrUnreachable):
			// The master may be gone (HA promoted another host): the next login tries the
			// known hosts. Timeouts are not retried: the caller's budget is spent.
			c.dropSession(gen)
		default:
			return err
		}
	}
	return lastErr
}

// rpc sends one call over the transport the master speaks.
func (c *Client) rpc(ctx context.Context, base *url.URL, method string, params []any, out any) error {
	if c.xmlRPC.Load() {
		return c.callXMLRPC(ctx, base, method, params, out)
	}
	err := c.callJSONRPC(ctx, base, method, params, out)
	if errors.Is(err, errUseXMLRPC) {
		c.logger.Debug("host has no JSON-RPC endpoint, using XML-RPC", "host", base.Host)
		c.xmlRPC.Store(true)
		return c.callXMLRPC(ctx, base, method, params, out)
	}
	return err
}

// acquireSession returns the current session ref and its generation, logging in if
// there is none (one login at a time; concurrent callers wait for it). The ref also
// goes into /rrd_updates as session_id: never log it.
func (c *Client) acquireSession(ctx context.Context) (string, uint64, error) {
	for {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return "", 0, ErrClosed
		}
		if c.session != "" {
			s, g := c.session, c.generation
			c.mu.Unlock()
			return s, g, nil
		}
		if call := c.login; call != nil {
			c.mu.Unlock()
			select {
			case <-call.done:
				if call.err != nil {
					return "", 0, call.err
				}
				continue
			case <-ctx.Done():
				return "", 0, ctx.Err()
			}
		}
		call := &loginCall{done: make(chan struct{})}
		c.login = call
		c.mu.Unlock()
		// The login runs on its own goroutine, detached from this caller's
		// cancellation: other callers may be waiting for it. The HTTP client's timeout
		// bounds it; this caller, like the others, stops waiting when its ctx ends.
		go c.runLogin(context.WithoutCancel(ctx), call)
	}
}

func (c *Client) runLogin(ctx context.Context, call *loginCall) {
	session, err := c.loginWithFailover(ctx)
	c.mu.Lock()
	c.login = nil
	if err == nil {
		if c.closed {
			// Closed while logging in: do not leak the session.
			master := c.master
			c.mu.Unlock()
			_ = c.rpc(ctx, master, "session.logout", []any{session}, nil)
			c.mu.Lock()
			err = ErrClosed
		} else {
			c.session = session
			c.generation++
		}
	}
	call.err = err
	close(call.done)
	c.mu.Unlock()
}

// dropSession forgets the session if it is still the one of generation gen, so that a
// late failure from an old session does not discard a fresh one.
func (c *Client) dropSession(gen uint64) {
	c.mu.Lock()
	if c.generation == gen && c.session != "" {
		c.retireLocked()
	}
	c.mu.Unlock()
}

// retireLocked forgets the current session but keeps scrubbing it for a while: a late
// error (SESSION_INVALID echoes the ref) may still carry it.
func (c *Client) retireLocked() {
	if c.session == "" {
		return
	}
	c.oldRefs = append(c.oldRefs, c.session)
	if len(c.oldRefs) > 8 {
		c.oldRefs = c.oldRefs[len(c.oldRefs)-8:]
	}
	c.session = ""
}

// maxRedirects bounds HOST_IS_SLAVE chains (a misconfigured pool could loop).
const maxRedirects = 3

// loginWithFailover logs in at the current master, following HOST_IS_SLAVE. When the
// master is unreachable it asks each known host in turn: the new master accepts the
// login, a slave answers HOST_IS_SLAVE with the new master's address.
func (c *Client) loginWithFailover(ctx context.Context) (string, error) {
	c.mu.Lock()
	first := c.master
	// The current master first, then the configured URL (if failover moved away from
	// it), the configured pool members in their order, then the hosts the last
	// inventory listed.
	candidates := []*url.URL{first}
	seen := map[string]bool{first.Host: true}
	add := func(u *url.URL) {
		if !seen[u.Host] {
			seen[u.Host] = true
			candidates = append(candidates, u)
		}
	}
	add(c.configured)
	for _, m := range c.members {
		add(m)
	}
	for _, a := range c.knownHosts {
		add(c.hostURLLocked(a))
	}
	c.mu.Unlock()

	var firstErr error
	for i, base := range candidates {
		session, err := c.loginFollowing(ctx, base)
		if err == nil {
			c.mu.Lock()
			c.answered = base
			c.mu.Unlock()
			if i > 0 {
				c.logger.Info("pool master unreachable, logged in through another host", "previousMaster", first.Host, "answeredBy", base.Host, "master", c.MasterAddress())
			}
			return session, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		// Only a host that did not answer justifies trying the next one; a wrong password
		// or a TLS failure would be the same everywhere.
		if !errors.Is(err, ErrUnreachable) && !errors.Is(err, ErrTimeout) {
			return "", err
		}
	}
	return "", firstErr
}

func (c *Client) loginFollowing(ctx context.Context, base *url.URL) (string, error) {
	for redirect := 0; ; redirect++ {
		session, err := c.loginAt(ctx, base)
		var xe *Error
		if errors.As(err, &xe) && xe.Code == codeHostIsSlave && len(xe.Params) > 0 && redirect < maxRedirects {
			// The member that answered shares the master's scheme and port (a pool
			// serves XAPI on one port), which the configured URL may not after a failover.
			base = hostURLFrom(base, xe.Params[0])
			c.logger.Debug("XAPI host is a pool member, following to the master", "master", base.Host)
			continue
		}
		if err != nil {
			return "", c.describeLoginError(base, err)
		}
		c.mu.Lock()
		c.master = base
		c.mu.Unlock()
		return session, nil
	}
}

// loginAt calls session.login_with_password(user, password, version, originator)
// (ocaml/idl/datamodel.ml; the 4-parameter form since XenServer 6.x). Hosts that only
// know the 2-parameter form answer MESSAGE_PARAMETER_COUNT_MISMATCH.
func (c *Client) loginAt(ctx context.Context, base *url.URL) (string, error) {
	var session string
	err := c.rpc(ctx, base, "session.login_with_password", []any{c.cfg.Username, c.cfg.Password, "1.0", c.cfg.Originator}, &session)
	if errors.Is(err, ErrParamCountMismatch) {
		err = c.rpc(ctx, base, "session.login_with_password", []any{c.cfg.Username, c.cfg.Password}, &session)
	}
	if err == nil && !strings.HasPrefix(session, "OpaqueRef:") {
		return "", c.badResponse(base, "session.login_with_password", errors.New("the session is not an OpaqueRef"))
	}
	return session, err
}

func (c *Client) describeLoginError(base *url.URL, err error) error {
	var xe *Error
	if !errors.As(err, &xe) {
		return err
	}
	switch xe.Code {
	case codeAuthFailed:
		return backend.DownstreamError(&classifiedError{
			msg:  fmt.Sprintf("%s refused the login of user %q (SESSION_AUTHENTICATION_FAILED): check the user name and password in the datasource settings", base.Host, c.cfg.Username),
			kind: xe, cause: ErrAuthFailed,
		})
	case codeHostIsSlave:
		return backend.DownstreamError(&classifiedError{
			msg:  fmt.Sprintf("%s is a pool member, not the master, and the redirects to the master did not end: set the pool master's address in the datasource settings", base.Host),
			kind: xe, cause: ErrHostIsSlave,
		})
	case codePermissionDenied:
		return backend.DownstreamError(&classifiedError{
			msg:  fmt.Sprintf("user %q may not log in to %s (%s): give the user at least the read-only role", c.cfg.Username, base.Host, xe.Error()),
			kind: xe, cause: ErrPermissionDenied,
		})
	case codeHostStillBooting:
		return backend.DownstreamError(&classifiedError{
			msg:  fmt.Sprintf("%s is still starting its toolstack (HOST_STILL_BOOTING): try again in a minute", base.Host),
			kind: xe, cause: ErrHostStillBooting,
		})
	}
	return backend.DownstreamError(err)
}

// followSlaveRedirect switches the master to the address in a HOST_IS_SLAVE error.
func (c *Client) followSlaveRedirect(err error) {
	var xe *Error
	if errors.As(err, &xe) && len(xe.Params) > 0 {
		c.mu.Lock()
		c.master = c.hostURLLocked(xe.Params[0])
		c.mu.Unlock()
	}
}

// Close logs out (session.logout) and makes later calls fail with ErrClosed. It waits at
// most until ctx ends.
func (c *Client) Close(ctx context.Context) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	session, master := c.session, c.master
	c.retireLocked()
	c.mu.Unlock()
	if session == "" {
		return nil
	}
	err := c.rpc(ctx, master, "session.logout", []any{session}, nil)
	if err != nil {
		return fmt.Errorf("xapi: logout from %s: %w", master.Host, err)
	}
	return nil
}

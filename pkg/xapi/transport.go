package xapi

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// drainClose discards a little of what is left of a body so the connection can be
// reused, then closes it.
func drainClose(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	_ = resp.Body.Close()
}

// htmlSniffer wraps a response body so its start can be inspected without consuming it.
// Proxies, captive portals, XO Lite and web servers' error pages send HTML with any
// Content-Type (text/plain, application/json, none), so the header alone cannot tell
// that the URL is not a XAPI endpoint.
func htmlSniffer(body io.Reader) (*bufio.Reader, bool) {
	br := bufio.NewReaderSize(body, 4<<10)
	// Peek waits for 512 bytes or the end of a shorter body, within the request timeout.
	head, _ := br.Peek(512)
	return br, looksLikeHTML(head)
}

// looksLikeHTML applies the WHATWG sniffing rules Go's http.DetectContentType implements
// (a leading <!DOCTYPE HTML, <html, <head, <body, <title, <script, <!--, ... after blanks).
// XAPI's own bodies (JSON, XML-RPC, rrd_updates XML with <?xml or <xport>, JSON5-like
// text) never match.
func looksLikeHTML(head []byte) bool {
	return strings.HasPrefix(http.DetectContentType(head), "text/html")
}

// readLimited reads a whole body, failing with ErrResponseTooLarge beyond the limit.
func (c *Client) readLimited(ctx context.Context, base *url.URL, r io.Reader) ([]byte, error) {
	body, err := io.ReadAll(c.limitBody(base, r))
	if err != nil {
		var ce *classifiedError
		if errors.As(err, &ce) {
			return nil, err
		}
		return nil, c.transportError(ctx, base, err)
	}
	return body, nil
}

// limitBody returns a reader that fails with a classified ErrResponseTooLarge once more
// than MaxResponseBytes have been read, rather than silently truncating.
func (c *Client) limitBody(base *url.URL, r io.Reader) io.Reader {
	return &limitedReader{r: r, left: c.cfg.MaxResponseBytes, onExceed: func() error {
		return backend.DownstreamError(&classifiedError{
			msg: fmt.Sprintf("the response from %s is larger than the %d MB limit: raise \"Max response size\" in the datasource settings, or narrow the query (fewer VMs, a shorter time range)",
				base.Host, c.cfg.MaxResponseBytes>>20),
			kind: ErrResponseTooLarge, cause: ErrResponseTooLarge,
		})
	}}
}

type limitedReader struct {
	r        io.Reader
	left     int64
	onExceed func() error
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, l.onExceed()
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return 0, l.onExceed()
	}
	return n, err
}

// transportError classifies a failed HTTP exchange with base. The caller's own
// cancellation passes through unchanged (it is not the pool's fault); everything else
// becomes a downstream error whose text says the cause and the fix, and that unwraps to
// a category sentinel (ErrTimeout, ErrTLS, ErrUnreachable, ...).
func (c *Client) transportError(ctx context.Context, base *url.URL, err error) error {
	// url.Error prints the request URL, which for /rrd_updates holds the session id.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if ctx.Err() == context.Canceled {
		return context.Canceled
	}
	host := base.Host
	wrap := func(kind error, msg string) error {
		return backend.DownstreamError(&classifiedError{msg: c.scrub().clean(msg), kind: kind, cause: scrubbedError{c.scrub().clean(err.Error()), err}})
	}
	var unknownCA x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var certInvalid x509.CertificateInvalidError
	var recordHeader tls.RecordHeaderError
	var netErr net.Error
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &unknownCA):
		return wrap(ErrTLS, fmt.Sprintf("the TLS certificate of %s is signed by an unknown certificate authority: add the pool's CA certificate in the datasource settings (TLS: \"With CA Cert\"), or, for a test pool with a self-signed certificate, enable \"Skip TLS Verify\"", host))
	case errors.As(err, &hostnameErr):
		return wrap(ErrTLS, fmt.Sprintf("the TLS certificate of %s is not valid for that name (%v): use the host name or address the certificate was issued for in the pool master URL", host, hostnameErr.Error()))
	case errors.As(err, &certInvalid):
		return wrap(ErrTLS, fmt.Sprintf("the TLS certificate of %s is invalid (%v): renew the host certificate or fix the clock of Grafana's server", host, certInvalid.Error()))
	case errors.As(err, &recordHeader), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return wrap(ErrTLS, fmt.Sprintf("%s did not answer TLS: use http:// instead of https:// in the pool master URL, or the right port", host))
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()):
		return backend.DownstreamError(&classifiedError{
			msg:  fmt.Sprintf("%s did not answer within %s: check that the address is reachable from Grafana's server (firewall, VPN), or raise the timeout in the datasource settings", host, c.cfg.Timeout),
			kind: ErrTimeout, cause: context.DeadlineExceeded,
		})
	case errors.Is(err, syscall.ECONNREFUSED):
		return wrap(ErrUnreachable, fmt.Sprintf("connection to %s refused: check the pool master URL and port, and that the toolstack runs on that host (xe-toolstack-restart)", host))
	case errors.As(err, &dnsErr):
		return wrap(ErrUnreachable, fmt.Sprintf("cannot resolve %s: check the host name in the pool master URL or use its IP address", host))
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return wrap(ErrUnreachable, fmt.Sprintf("%s is unreachable or dropped the connection (%s): check the network path from Grafana's server and that the host is up", host, c.scrub().clean(err.Error())))
	}
	return wrap(ErrUnreachable, fmt.Sprintf("request to %s failed: %s", host, c.scrub().clean(err.Error())))
}

func (c *Client) notXAPI(base *url.URL, what string) error {
	return backend.DownstreamError(&classifiedError{
		msg:  fmt.Sprintf("%s is not a XAPI endpoint: %s. Point the pool master URL at a XenServer / XCP-ng host (https://<host address>), not at Xen Orchestra, XO Lite's page or a proxy", base.Host, what),
		kind: ErrNotXAPI, cause: ErrNotXAPI,
	})
}

func (c *Client) httpStatusError(base *url.URL, path string, status int) error {
	msg := fmt.Sprintf("%s answered %s with HTTP %d", base.Host, path, status)
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden:
		msg += ": the session or credentials were refused; check the user and password in the datasource settings"
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		msg += ": the host or a proxy in front of it is overloaded or restarting; try again shortly"
	default:
		msg += ": check that the URL points at a XenServer / XCP-ng host"
	}
	err := &classifiedError{msg: msg, kind: ErrHTTPStatus, cause: fmt.Errorf("HTTP %d", status)}
	if backend.ErrorSourceFromHTTPStatus(status) == backend.ErrorSourceDownstream || status >= 400 {
		return backend.DownstreamError(err)
	}
	return err
}

func (c *Client) badResponse(base *url.URL, method string, err error) error {
	return backend.DownstreamError(&classifiedError{
		msg:  c.scrub().clean(fmt.Sprintf("%s sent a malformed answer to %s (%v): check that the URL points at a XenServer / XCP-ng host and not at a proxy that rewrites responses", base.Host, method, err)),
		kind: ErrBadResponse, cause: ErrBadResponse,
	})
}

// scrubbedError keeps the original error for errors.Is/As but prints a scrubbed text.
type scrubbedError struct {
	text string
	err  error
}

func (e scrubbedError) Error() string { return e.text }
func (e scrubbedError) Unwrap() error { return e.err }

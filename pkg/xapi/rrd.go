package xapi

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/rrd"
)

// RRDParams are the query parameters of GET /rrd_updates, as read by xcp-rrdd's
// get_rrd_updates_handler (xapi-project/xen-api
// ocaml/xcp-rrdd/bin/rrdd/rrdd_http_handler.ml; documented in doc/content/xen-api/metrics.md).
type RRDParams struct {
	// Start is required: unix seconds of the oldest row wanted.
	Start int64
	// CF is AVERAGE, MIN, MAX or LAST (case-sensitive); empty returns every CF stored.
	CF string
	// Interval in seconds picks the archive: the server uses the RRA whose step is
	// closest to it (5, 60, 3600, 86400 by default).
	Interval int64
	// Host adds the host's own RRD (host=true).
	Host bool
	// VMUUID is "all" (the server's default), "none" or one VM's uuid.
	VMUUID string
	// SRUUID is "none" (the server's default), "all" or one SR's uuid.
	SRUUID string
}

// ErrRRDFormat wraps a payload the rrd parser rejected.
var ErrRRDFormat = errors.New("unreadable rrd_updates payload")

// GetRRDUpdates fetches /rrd_updates from the host at hostAddress (a host.address;
// each host serves only its own RRD and those of the VMs resident on it) and parses it.
// It asks for JSON (Accept: application/json and json=true; content negotiation since
// xapi 23.17) but parses whatever format comes back. A refused session is renewed once.
func (c *Client) GetRRDUpdates(ctx context.Context, hostAddress string, p RRDParams) (*rrd.Updates, error) {
	base := c.HostURL(hostAddress)
	for attempt := 0; ; attempt++ {
		session, gen, err := c.acquireSession(ctx)
		if err != nil {
			return nil, err
		}
		u, err := c.fetchRRD(ctx, base, session, p)
		if attempt == 0 && (errors.Is(err, ErrSessionInvalid) || isAuthStatus(err)) {
			c.dropSession(gen)
			continue
		}
		return u, err
	}
}

func (c *Client) fetchRRD(ctx context.Context, base *url.URL, session string, p RRDParams) (*rrd.Updates, error) {
	q := url.Values{}
	q.Set("session_id", session)
	q.Set("start", strconv.FormatInt(p.Start, 10))
	if p.CF != "" {
		q.Set("cf", p.CF)
	}
	if p.Interval > 0 {
		q.Set("interval", strconv.FormatInt(p.Interval, 10))
	}
	if p.Host {
		q.Set("host", "true")
	}
	if p.VMUUID != "" {
		q.Set("vm_uuid", p.VMUUID)
	}
	if p.SRUUID != "" {
		q.Set("sr_uuid", p.SRUUID)
	}
	q.Set("json", "true")
	endpoint := base.JoinPath("/rrd_updates")
	endpoint.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("xapi: building rrd_updates request for %s: %w", base.Host, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportError(ctx, base, err)
	}
	defer drainClose(resp)
	if resp.StatusCode != http.StatusOK {
		return nil, c.httpStatusError(base, "/rrd_updates", resp.StatusCode)
	}
	body, isHTML := htmlSniffer(resp.Body)
	if mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mediaType == "text/html" || isHTML {
		return nil, c.notXAPI(base, "it answered GET /rrd_updates with an HTML page")
	}
	u, err := rrd.ParseUpdates(c.limitBody(base, body))
	if err != nil {
		var ce *classifiedError
		if errors.As(err, &ce) {
			return nil, err // size limit
		}
		if ctx.Err() != nil {
			return nil, c.transportError(ctx, base, ctx.Err())
		}
		return nil, backend.DownstreamError(&classifiedError{
			msg:  c.scrub().clean(fmt.Sprintf("rrd_updates from %s could not be read: %v", base.Host, err)),
			kind: ErrRRDFormat, cause: err,
		})
	}
	return u, nil
}

func isAuthStatus(err error) bool {
	var ce *classifiedError
	if !errors.As(err, &ce) || !errors.Is(err, ErrHTTPStatus) {
		return false
	}
	msg := ce.cause.Error()
	return msg == "HTTP 401" || msg == "HTTP 403"
}

// Package plugin is the Grafana glue of the xenserver datasource: it turns SDK requests
// (QueryData, CheckHealth, CallResource, RunStream) into calls on the domain packages
// (pkg/pool for the XenServer side, pkg/exchange and pkg/compliance for the Exchange
// side) and their typed results into data frames, built once, here. Nothing below this
// package builds or reads a frame.
package plugin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/xenbench/xenbench/pkg/settings"
	"github.com/xenbench/xenbench/pkg/xapi"
)

// PluginID is the datasource's id, as in src/datasource/plugin.json.
const PluginID = "xenbench-xenserver-datasource"

// Compile-time checks of what the instance implements.
var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ backend.StreamHandler         = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured datasource instance. Grafana's instance manager builds a
// new one whenever the settings change and disposes of the old one, so sessions,
// caches and idle connections belong to the instance and are released in Dispose.
type Datasource struct {
	settings   *settings.Settings
	httpClient *http.Client
	resources  backend.CallResourceHandler
	backends   queryBackends
}

// NewDatasource is the instance factory given to datasource.Manage. It builds what
// the instance owns but does not contact the pool: a bad URL or password must not stop
// Grafana from loading the datasource, only fail its queries and health check.
func NewDatasource(ctx context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	cfg, err := settings.Load(s)
	if err != nil {
		return nil, err
	}
	opts, err := s.HTTPClientOptions(ctx)
	if err != nil {
		return nil, backend.DownstreamErrorf("the datasource's HTTP/TLS settings are invalid: %v", err)
	}
	opts.Timeouts.Timeout = cfg.Timeout()
	client, err := httpclient.New(opts)
	if err != nil {
		return nil, backend.DownstreamErrorf("cannot build the HTTP client from the TLS settings (check the CA certificate): %v", err)
	}
	ds := &Datasource{settings: cfg, httpClient: client}
	ds.backends, err = newQueryBackends(cfg, client)
	if err != nil {
		return nil, err
	}
	ds.resources = httpadapter.New(ds.routes())
	return ds, nil
}

// Dispose logs out of XAPI, stops background work and closes idle connections.
func (d *Datasource) Dispose() {
	d.backends.close()
	d.httpClient.CloseIdleConnections()
}

// QueryData answers each query separately, so one bad query never fails the batch. The
// queries run concurrently (at most MaxConcurrentRequests at a time; the hosts' RRD
// requests share one limit of that size for the whole instance) under one time budget
// for the request (see requestBudget): when it ends, each query returns what it has,
// with a notice naming the hosts that did not answer, instead of holding up the
// dashboard or an alert evaluation.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	logger := log.DefaultLogger.FromContext(ctx)
	budget := requestBudget(ctx, d.settings.Timeout(), time.Now())
	bctx, cancel := context.WithDeadline(withAlert(ctx, fromAlert(req)), budget)
	defer cancel()

	results := make([]backend.DataResponse, len(req.Queries))
	slots := make(chan struct{}, max(d.settings.MaxConcurrentRequests, 1))
	var wg sync.WaitGroup
	for i, q := range req.Queries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{} // never blocks for good: running queries end by the budget
			defer func() { <-slots }()
			results[i] = d.query(bctx, q, logger, time.Until(budget))
		}()
	}
	wg.Wait()
	resp := backend.NewQueryDataResponse()
	for i, q := range req.Queries {
		resp.Responses[q.RefID] = results[i]
	}
	return resp, nil
}

// Bounds of the request budget.
const (
	// budgetTimeouts: a request may need a login plus an inventory read and then the
	// RRD reads, each bounded by the timeout.
	budgetTimeouts = 2
	// budgetMargin is kept before Grafana's own deadline to build, encode and send the
	// frames of what did arrive.
	budgetMargin = 500 * time.Millisecond
)

// requestBudget is when a request's work must end: twice the datasource timeout, or
// Grafana's deadline (alert evaluations and dashboard queries carry one) minus a margin
// for answering, whichever comes first.
func requestBudget(ctx context.Context, timeout time.Duration, now time.Time) time.Time {
	budget := now.Add(budgetTimeouts * timeout)
	if dl, ok := ctx.Deadline(); ok {
		margin := min(budgetMargin, dl.Sub(now)/10)
		budget = minTime(budget, dl.Add(-margin))
	}
	return budget
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// fromAlert reports whether Grafana's alerting sent the request (it sets the FromAlert
// header); such queries keep the frame shapes alert conditions read.
func fromAlert(req *backend.QueryDataRequest) bool {
	return strings.EqualFold(req.Headers[backend.FromAlertHeaderName], "true")
}

func (d *Datasource) query(ctx context.Context, q backend.DataQuery, logger log.Logger, budget time.Duration) backend.DataResponse {
	m, err := ReadQuery(q)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	frames, err := d.backends.run(ctx, m)
	if err != nil {
		switch {
		case errors.Is(err, xapi.ErrTimeout):
			// The client's message already names the host, the timeout and the fix.
			logger.Warn("query timed out", "refId", m.RefID, "queryType", m.Type(), "timeout", d.settings.Timeout().String())
			return backend.ErrDataResponseWithSource(backend.StatusTimeout, backend.ErrorSourceDownstream, err.Error())
		case errors.Is(err, context.DeadlineExceeded):
			logger.Warn("query ran out of the request budget", "refId", m.RefID, "queryType", m.Type(), "budget", budget.Round(time.Millisecond).String())
			return backend.ErrDataResponseWithSource(backend.StatusTimeout, backend.ErrorSourceDownstream,
				fmt.Sprintf("the query did not finish within the request's time budget (%s: twice the datasource timeout, within Grafana's deadline); %v. Raise the timeout in the datasource settings or narrow the query",
					budget.Round(time.Second), err))
		case errors.Is(err, context.Canceled):
			return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, "query cancelled")
		}
		logger.Debug("query failed", "refId", m.RefID, "queryType", m.Type(), "error", err.Error())
		return backend.ErrorResponseWithErrorSource(err)
	}
	return backend.DataResponse{Frames: withNotice(m, frames)}
}

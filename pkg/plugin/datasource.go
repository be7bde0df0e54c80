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

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/xenbench/xenbench/pkg/settings"
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

// QueryData answers each query separately, so one bad query never fails the batch.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	logger := log.DefaultLogger.FromContext(ctx)
	for _, q := range req.Queries {
		resp.Responses[q.RefID] = d.query(ctx, q, logger)
	}
	return resp, nil
}

func (d *Datasource) query(ctx context.Context, q backend.DataQuery, logger log.Logger) backend.DataResponse {
	m, err := ReadQuery(q)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	frames, err := d.backends.run(ctx, m)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			logger.Warn("query timed out", "refId", m.RefID, "queryType", m.QueryType, "timeout", d.settings.Timeout().String())
			return backend.ErrDataResponseWithSource(backend.StatusTimeout, backend.ErrorSourceDownstream,
				fmt.Sprintf("query timed out (%v): raise the timeout in the datasource settings or narrow the query", err))
		}
		if errors.Is(err, context.Canceled) {
			return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, "query cancelled")
		}
		logger.Debug("query failed", "refId", m.RefID, "queryType", m.QueryType, "error", err.Error())
		return backend.ErrorResponseWithErrorSource(err)
	}
	return backend.DataResponse{Frames: withNotice(m, frames)}
}

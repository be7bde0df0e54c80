package pluginhost

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/useragent"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

var lastID atomic.Int64

// NewSettings builds a datasource's instance settings as Grafana stores them: url,
// jsonData (any value that marshals to a JSON object) and the decrypted secureJsonData.
// Each call gets a new numeric id, so the plugin's instance manager builds a fresh
// instance for it (as after a Grafana restart or a settings change).
func NewSettings(uid, url string, jsonData any, secure map[string]string) (*backend.DataSourceInstanceSettings, error) {
	raw, err := json.Marshal(jsonData)
	if err != nil {
		return nil, fmt.Errorf("jsonData: %w", err)
	}
	if jsonData == nil {
		raw = []byte("{}")
	}
	return &backend.DataSourceInstanceSettings{
		ID: lastID.Add(1), UID: uid, Name: uid, Type: PluginID, URL: url,
		JSONData: raw, DecryptedSecureJSONData: secure, Updated: time.Now(),
	}, nil
}

// PluginContext is the context Grafana attaches to every call for datasource s.
func PluginContext(s *backend.DataSourceInstanceSettings) backend.PluginContext {
	ua, _ := useragent.New(GrafanaVersion, "linux", "amd64")
	return backend.PluginContext{OrgID: 1, PluginID: PluginID, DataSourceInstanceSettings: s, UserAgent: ua,
		User: &backend.User{Login: "admin", Name: "admin", Role: "Admin"}}
}

// Query is one panel query: its refId, model (the query JSON the editor saves) and range.
type Query struct {
	RefID         string
	Model         any
	From, To      time.Time
	Interval      time.Duration // default 15 s
	MaxDataPoints int64         // default 1000
}

// QueryRequest builds a QueryData request as Grafana sends it. fromAlert marks it as an
// alert evaluation (the FromAlert header Grafana's alerting sets).
func QueryRequest(s *backend.DataSourceInstanceSettings, fromAlert bool, queries ...Query) (*backend.QueryDataRequest, error) {
	req := &backend.QueryDataRequest{PluginContext: PluginContext(s), Headers: map[string]string{}}
	if fromAlert {
		req.Headers[backend.FromAlertHeaderName] = "true"
	}
	for _, q := range queries {
		raw, err := json.Marshal(q.Model)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", q.RefID, err)
		}
		iv := q.Interval
		if iv <= 0 {
			iv = 15 * time.Second
		}
		mdp := q.MaxDataPoints
		if mdp <= 0 {
			mdp = 1000
		}
		req.Queries = append(req.Queries, backend.DataQuery{RefID: q.RefID, JSON: raw, Interval: iv, MaxDataPoints: mdp,
			TimeRange: backend.TimeRange{From: q.From, To: q.To}})
	}
	return req, nil
}

// ResourceRequest builds a CallResource request for the datasource's route path
// (without the leading /resources/), e.g. "inventory?kind=hosts".
func ResourceRequest(s *backend.DataSourceInstanceSettings, method, path string, body []byte) *backend.CallResourceRequest {
	p, _, _ := strings.Cut(path, "?")
	return &backend.CallResourceRequest{PluginContext: PluginContext(s), Method: method, Path: p,
		URL: "/api/datasources/uid/" + s.UID + "/resources/" + path, Body: body,
		Headers: map[string][]string{"Accept": {"application/json"}, "Content-Type": {"application/json"}}}
}

// SplitWide splits timeseries-wide frames into one frame per series (the time field and
// one value field), as Grafana's dataplane reader sees them; other frames pass as they
// are. Checks written per series then hold for both time-series shapes the back end
// returns (see pkg/plugin/frames.go).
func SplitWide(frames data.Frames) data.Frames {
	var out data.Frames
	for _, f := range frames {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesWide || len(f.Fields) < 2 {
			out = append(out, f)
			continue
		}
		for _, v := range f.Fields[1:] {
			out = append(out, data.NewFrame(v.Name, f.Fields[0], v))
		}
	}
	return out
}

// Command pluginhost runs the datasource's built back end through the plugin protocol
// (package tests/pluginhost) and serves it over the part of Grafana's HTTP API the front
// end calls, so the browser suite can run against the real back end without a Grafana:
//
//	POST /api/ds/query                               {"from","to","queries":[{refId, datasource:{uid}, ...model}]}
//	GET  /api/datasources/uid/<uid>/health           {"status":"OK"|"ERROR","message"}
//	*    /api/datasources/uid/<uid>/resources/<path> the datasource's resource routes
//
// Usage:
//
//	go run ./tests/pluginhost/cmd/pluginhost --datasources ds.json [--listen 127.0.0.1:0] [--max-lifetime 10m]
//
// ds.json is a JSON array of {"uid","url","jsonData","secureJsonData"} (a file, not flags,
// so passwords stay out of the process list). The first stdout line is
// "pluginhost listening on http://ADDR"; the process exits on SIGINT/SIGTERM, on stdin
// closing (so a parent that dies takes it along) or after --max-lifetime.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/tests/pluginhost"
)

type dsFile struct {
	UID            string            `json:"uid"`
	URL            string            `json:"url"`
	JSONData       json.RawMessage   `json:"jsonData"`
	SecureJSONData map[string]string `json:"secureJsonData"`
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "pluginhost:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("pluginhost", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "address to serve on (loopback only)")
	dsPath := fs.String("datasources", "", "JSON file: array of {uid, url, jsonData, secureJsonData}")
	binary := fs.String("binary", "", "plugin binary (default: $XENBENCH_PLUGIN_BINARY, else built from ./pkg)")
	lifetime := fs.Duration("max-lifetime", 10*time.Minute, "exit after this long")
	verbose := fs.Bool("v", false, "copy the plugin's logs to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(*listen)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		return fmt.Errorf("--listen %q: want a loopback HOST:PORT", *listen)
	}
	settings, err := loadDatasources(*dsPath)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *lifetime)
	defer cancel()
	go func() { // stdin closing means the parent is gone
		_, _ = io.Copy(io.Discard, os.Stdin)
		cancel()
	}()

	opts := pluginhost.Options{Binary: *binary, MaxLifetime: *lifetime + 10*time.Second}
	if *verbose {
		opts.Logs = os.Stderr
	}
	h, err := pluginhost.Start(ctx, opts)
	if err != nil {
		return err
	}
	defer h.Close()

	l, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: newAPI(h, settings), ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("pluginhost listening on http://%s\n", l.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancelShut := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelShut()
	return srv.Shutdown(shut)
}

func loadDatasources(path string) (map[string]*backend.DataSourceInstanceSettings, error) {
	if path == "" {
		return nil, errors.New("--datasources is required")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var list []dsFile
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := map[string]*backend.DataSourceInstanceSettings{}
	for _, d := range list {
		if d.UID == "" {
			return nil, fmt.Errorf("%s: a datasource has no uid", path)
		}
		var jd any = d.JSONData
		if len(d.JSONData) == 0 {
			jd = nil
		}
		s, err := pluginhost.NewSettings(d.UID, d.URL, jd, d.SecureJSONData)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, d.UID, err)
		}
		out[d.UID] = s
	}
	return out, nil
}

type api struct {
	host *pluginhost.Host
	ds   map[string]*backend.DataSourceInstanceSettings
}

func newAPI(h *pluginhost.Host, ds map[string]*backend.DataSourceInstanceSettings) http.Handler {
	a := &api{host: h, ds: ds}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/ds/query", a.query)
	mux.HandleFunc("GET /api/datasources/uid/{uid}/health", a.health)
	mux.HandleFunc("/api/datasources/uid/{uid}/resources/{path...}", a.resource)
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

func (a *api) settings(w http.ResponseWriter, uid string) *backend.DataSourceInstanceSettings {
	s := a.ds[uid]
	if s == nil {
		fail(w, http.StatusNotFound, fmt.Sprintf("datasource %q not found", uid))
	}
	return s
}

// query serves Grafana's /api/ds/query: the queries of one datasource per request.
func (a *api) query(w http.ResponseWriter, r *http.Request) {
	var body struct {
		From    string            `json:"from"`
		To      string            `json:"to"`
		Queries []json.RawMessage `json:"queries"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 8<<20)).Decode(&body); err != nil {
		fail(w, http.StatusBadRequest, "bad request body: "+err.Error())
		return
	}
	now := time.Now()
	from, err1 := parseTime(body.From, now, now.Add(-6*time.Hour))
	to, err2 := parseTime(body.To, now, now)
	if err := errors.Join(err1, err2); err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	var s *backend.DataSourceInstanceSettings
	var queries []pluginhost.Query
	for _, raw := range body.Queries {
		var head struct {
			RefID         string `json:"refId"`
			IntervalMs    int64  `json:"intervalMs"`
			MaxDataPoints int64  `json:"maxDataPoints"`
			Datasource    struct {
				UID string `json:"uid"`
			} `json:"datasource"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			fail(w, http.StatusBadRequest, "bad query: "+err.Error())
			return
		}
		if s = a.settings(w, head.Datasource.UID); s == nil {
			return
		}
		queries = append(queries, pluginhost.Query{RefID: head.RefID, Model: raw, From: from, To: to,
			Interval: time.Duration(head.IntervalMs) * time.Millisecond, MaxDataPoints: head.MaxDataPoints})
	}
	if s == nil {
		fail(w, http.StatusBadRequest, "no queries")
		return
	}
	req, err := pluginhost.QueryRequest(s, r.Header.Get(backend.FromAlertHeaderName) == "true", queries...)
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	resp, err := a.host.QueryData(r.Context(), req)
	if err != nil {
		fail(w, http.StatusInternalServerError, "QueryData: "+err.Error())
		return
	}
	status := http.StatusOK
	for _, dr := range resp.Responses {
		if dr.Error != nil {
			status = http.StatusMultiStatus // Grafana's status when some queries failed
		}
	}
	writeJSON(w, status, resp)
}

func (a *api) health(w http.ResponseWriter, r *http.Request) {
	s := a.settings(w, r.PathValue("uid"))
	if s == nil {
		return
	}
	res, err := a.host.CheckHealth(r.Context(), s)
	if err != nil {
		fail(w, http.StatusInternalServerError, "CheckHealth: "+err.Error())
		return
	}
	out := map[string]any{"status": res.Status.String(), "message": res.Message}
	if len(res.JSONDetails) > 0 {
		out["details"] = json.RawMessage(res.JSONDetails)
	}
	status := http.StatusOK
	if res.Status != backend.HealthStatusOk {
		status = http.StatusBadRequest // as Grafana answers a failed health check
	}
	writeJSON(w, status, out)
}

func (a *api) resource(w http.ResponseWriter, r *http.Request) {
	s := a.settings(w, r.PathValue("uid"))
	if s == nil {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	path := r.PathValue("path")
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	res, err := a.host.CallResource(r.Context(), pluginhost.ResourceRequest(s, r.Method, path, body))
	if err != nil {
		fail(w, http.StatusInternalServerError, "CallResource: "+err.Error())
		return
	}
	for k, vs := range res.Headers {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(res.Status)
	_, _ = w.Write(res.Body)
}

// parseTime reads Grafana's range values: epoch milliseconds, "now" or "now-<n><s|m|h|d>".
func parseTime(v string, now, def time.Time) (time.Time, error) {
	switch {
	case v == "":
		return def, nil
	case v == "now":
		return now, nil
	case strings.HasPrefix(v, "now-"):
		spec := strings.TrimPrefix(v, "now-")
		if strings.HasSuffix(spec, "d") {
			n, err := strconv.Atoi(strings.TrimSuffix(spec, "d"))
			if err != nil {
				return time.Time{}, fmt.Errorf("time %q: %w", v, err)
			}
			return now.Add(-time.Duration(n) * 24 * time.Hour), nil
		}
		d, err := time.ParseDuration(spec)
		if err != nil {
			return time.Time{}, fmt.Errorf("time %q: want epoch ms or now-<n><s|m|h|d>", v)
		}
		return now.Add(-d), nil
	}
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q: want epoch ms or now-<n><s|m|h|d>", v)
	}
	return time.UnixMilli(ms), nil
}

// Package pluginhost runs the datasource's built back-end binary the way Grafana does, so
// tests and benchmarks exercise exactly what ships: the executable is started as a child
// process through hashicorp/go-plugin with the SDK's handshake
// (github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin: protocol version 2, magic
// cookie grafana_plugin_type=datasource), gRPC only, and with a clean environment (only
// the GF_* variables Grafana sets; the host's environment is not inherited, as with
// Grafana's external plugins). The datasource's instance settings (url, jsonData,
// decrypted secureJsonData) travel in each request's plugin context, as Grafana sends
// them; the caller supplies them with NewSettings.
//
// Typed calls: QueryData (and QueryDataProto, which keeps the encoded response so its
// size can be measured), CheckHealth, CallResource (the streamed chunks joined) and
// SubscribeStream/RunStream. Everything is bounded in time: the handshake by
// Options.StartTimeout, each call by its context or, when it has no deadline, by
// Options.CallTimeout, and the child itself by Options.MaxLifetime, after which it is
// killed. Close stops the child (gracefully, then SIGKILL) and on Linux the child also
// gets SIGKILL if the test process dies first, so no plugin process outlives its test.
//
// The binary comes from Options.Binary, else $XENBENCH_PLUGIN_BINARY (scripts/test-all.sh
// sets it to the linux/amd64 back end it has just built), else Build compiles ./pkg
// once per test process into a temporary folder.
//
//	h, err := pluginhost.Start(ctx, pluginhost.Options{})
//	defer h.Close()
//	ds, _ := pluginhost.NewSettings("sim", simURL, map[string]any{"username": "root"}, map[string]string{"password": pw})
//	res, err := h.CheckHealth(ctx, ds)
//
// cmd/pluginhost (in this folder) serves the same calls over a small HTTP API shaped like
// Grafana's (/api/ds/query, /api/datasources/uid/<uid>/health and /resources/...), for
// the browser suite.
package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

// PluginID is the datasource's id (src/datasource/plugin.json); the plugin context carries it.
const PluginID = "xenbench-xenserver-datasource"

// GrafanaVersion is the Grafana version announced to the plugin (GF_VERSION and the user
// agent): the oldest one the bundle supports (plugin.json grafanaDependency).
const GrafanaVersion = "12.0.0"

// Options configure Start. The zero value is usable.
type Options struct {
	// Binary is the built back end. Empty: $XENBENCH_PLUGIN_BINARY, else Build.
	Binary string
	// Env adds variables to the child's environment (e.g. GF_PLUGIN_* settings).
	Env []string
	// StartTimeout bounds the start and handshake (default 30 s).
	StartTimeout time.Duration
	// CallTimeout bounds a call whose context has no deadline (default 60 s).
	CallTimeout time.Duration
	// MaxLifetime kills the child after this long whatever happens (default 15 min).
	MaxLifetime time.Duration
	// Logs receives the plugin's log lines (hclog, from its stderr); nil discards them.
	Logs io.Writer
}

// Host is one running plugin process and its gRPC clients.
type Host struct {
	client      *goplugin.Client
	data        grpcplugin.DataClient
	diagnostics grpcplugin.DiagnosticsClient
	resource    grpcplugin.ResourceClient
	stream      grpcplugin.StreamClient
	pid         int
	callTimeout time.Duration
	lifetime    *time.Timer
	closeOnce   sync.Once
}

// Start launches the plugin binary and completes the go-plugin handshake.
func Start(ctx context.Context, opts Options) (*Host, error) {
	bin := opts.Binary
	if bin == "" {
		var err error
		if bin, err = Binary(ctx); err != nil {
			return nil, err
		}
	}
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("plugin binary: %w", err)
	}
	startTimeout := orDefault(opts.StartTimeout, 30*time.Second)
	logs := opts.Logs
	if logs == nil {
		logs = io.Discard
	}
	cmd := exec.Command(bin) //nolint:gosec // the binary is the one under test
	cmd.Env = append(grafanaEnv(), opts.Env...)
	setParentDeathSignal(cmd)
	client := goplugin.NewClient(&goplugin.ClientConfig{
		Cmd: cmd,
		HandshakeConfig: goplugin.HandshakeConfig{
			ProtocolVersion:  grpcplugin.ProtocolVersion,
			MagicCookieKey:   grpcplugin.MagicCookieKey,
			MagicCookieValue: grpcplugin.MagicCookieValue,
		},
		VersionedPlugins: map[int]goplugin.PluginSet{grpcplugin.ProtocolVersion: {
			"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
			"resource":    &grpcplugin.ResourceGRPCPlugin{},
			"data":        &grpcplugin.DataGRPCPlugin{},
			"stream":      &grpcplugin.StreamGRPCPlugin{},
		}},
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		SkipHostEnv:      true,
		StartTimeout:     startTimeout,
		Logger:           hclog.New(&hclog.LoggerOptions{Name: "plugin", Output: logs, Level: hclog.Debug}),
	})
	h := &Host{client: client, callTimeout: orDefault(opts.CallTimeout, time.Minute)}
	started := make(chan error, 1)
	go func() { started <- h.connect() }()
	select {
	case err := <-started:
		if err != nil {
			client.Kill()
			return nil, fmt.Errorf("start %s over the plugin protocol: %w", bin, err)
		}
	case <-ctx.Done():
		client.Kill()
		return nil, fmt.Errorf("start %s: %w", bin, ctx.Err())
	}
	// The timer kills the child directly (Close would race with this assignment).
	h.lifetime = time.AfterFunc(orDefault(opts.MaxLifetime, 15*time.Minute), client.Kill)
	return h, nil
}

func (h *Host) connect() error {
	rpc, err := h.client.Client()
	if err != nil {
		return err
	}
	dispense := func(name string) (any, error) {
		v, err := rpc.Dispense(name)
		if err != nil {
			return nil, fmt.Errorf("dispense %s: %w", name, err)
		}
		return v, nil
	}
	var v any
	if v, err = dispense("data"); err != nil {
		return err
	}
	h.data = v.(grpcplugin.DataClient)
	if v, err = dispense("diagnostics"); err != nil {
		return err
	}
	h.diagnostics = v.(grpcplugin.DiagnosticsClient)
	if v, err = dispense("resource"); err != nil {
		return err
	}
	h.resource = v.(grpcplugin.ResourceClient)
	if v, err = dispense("stream"); err != nil {
		return err
	}
	h.stream = v.(grpcplugin.StreamClient)
	if rc := h.client.ReattachConfig(); rc != nil {
		h.pid = rc.Pid
	}
	return nil
}

// grafanaEnv is what Grafana puts in an external plugin's environment (no host variables).
func grafanaEnv() []string {
	env := []string{"GF_VERSION=" + GrafanaVersion, "GF_EDITION=oss"}
	// The plugin's temporary files (go-plugin's unix socket) go where the test's go.
	if d := os.Getenv("TMPDIR"); d != "" {
		env = append(env, "TMPDIR="+d)
	}
	return env
}

// PID is the plugin process's id (for RSS measurements).
func (h *Host) PID() int { return h.pid }

// Exited reports whether the plugin process has ended.
func (h *Host) Exited() bool { return h.client.Exited() }

// Close stops the plugin process: go-plugin asks it to stop, then kills it after 2 s.
func (h *Host) Close() error {
	h.closeOnce.Do(func() {
		if h.lifetime != nil {
			h.lifetime.Stop()
		}
		h.client.Kill()
	})
	return nil
}

func (h *Host) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, h.callTimeout)
}

// QueryData sends a query request as Grafana does and decodes the frames.
func (h *Host) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	raw, err := h.QueryDataProto(ctx, req)
	if err != nil {
		return nil, err
	}
	return backend.FromProto().QueryDataResponse(raw)
}

// QueryDataProto is QueryData without decoding: the response as it crossed the wire
// (proto.Size gives its encoded size; frames stay Arrow-encoded).
func (h *Host) QueryDataProto(ctx context.Context, req *backend.QueryDataRequest) (*pluginv2.QueryDataResponse, error) {
	ctx, cancel := h.bound(ctx)
	defer cancel()
	return h.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
}

// CheckHealth runs the datasource's health check (Grafana's "Save & test").
func (h *Host) CheckHealth(ctx context.Context, s *backend.DataSourceInstanceSettings) (*backend.CheckHealthResult, error) {
	ctx, cancel := h.bound(ctx)
	defer cancel()
	res, err := h.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: backend.ToProto().PluginContext(PluginContext(s))})
	if err != nil {
		return nil, err
	}
	return backend.FromProto().CheckHealthResponse(res), nil
}

// CallResource sends one resource request (the datasource's /resources/... routes) and
// returns the response with its streamed body chunks joined.
func (h *Host) CallResource(ctx context.Context, req *backend.CallResourceRequest) (*backend.CallResourceResponse, error) {
	ctx, cancel := h.bound(ctx)
	defer cancel()
	st, err := h.resource.CallResource(ctx, backend.ToProto().CallResourceRequest(req))
	if err != nil {
		return nil, err
	}
	var out *backend.CallResourceResponse
	for {
		chunk, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		r := backend.FromProto().CallResourceResponse(chunk)
		if out == nil {
			out = r
			continue
		}
		out.Body = append(out.Body, r.Body...)
	}
	if out == nil {
		return nil, errors.New("the plugin sent no resource response")
	}
	return out, nil
}

// SubscribeStream asks the plugin whether a Live channel may be subscribed (Grafana does
// this before RunStream).
func (h *Host) SubscribeStream(ctx context.Context, req *backend.SubscribeStreamRequest) (*backend.SubscribeStreamResponse, error) {
	ctx, cancel := h.bound(ctx)
	defer cancel()
	res, err := h.stream.SubscribeStream(ctx, backend.ToProto().SubscribeStreamRequest(req))
	if err != nil {
		return nil, err
	}
	return backend.FromProto().SubscribeStreamResponse(res), nil
}

// RunStream runs a Live stream until ctx ends or onPacket returns an error (returned
// as is; return io.EOF to stop cleanly). A stream has no call timeout of its own: bound
// it with ctx.
func (h *Host) RunStream(ctx context.Context, req *backend.RunStreamRequest, onPacket func(*backend.StreamPacket) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	st, err := h.stream.RunStream(ctx, backend.ToProto().RunStreamRequest(req))
	if err != nil {
		return err
	}
	for {
		p, err := st.Recv()
		if err != nil {
			if errors.Is(err, io.EOF) || ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		if err := onPacket(backend.FromProto().StreamPacket(p)); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

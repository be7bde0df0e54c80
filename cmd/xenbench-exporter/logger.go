package main

import (
	"context"
	"log/slog"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
)

// sdkLogger lets pkg/xapi, written against the plugin SDK's logger, log through the
// exporter's slog handler.
type sdkLogger struct{ l *slog.Logger }

func (s sdkLogger) Debug(msg string, args ...any)          { s.l.Debug(msg, args...) }
func (s sdkLogger) Info(msg string, args ...any)           { s.l.Info(msg, args...) }
func (s sdkLogger) Warn(msg string, args ...any)           { s.l.Warn(msg, args...) }
func (s sdkLogger) Error(msg string, args ...any)          { s.l.Error(msg, args...) }
func (s sdkLogger) With(args ...any) log.Logger            { return sdkLogger{s.l.With(args...)} }
func (s sdkLogger) FromContext(context.Context) log.Logger { return s }
func (s sdkLogger) Level() log.Level {
	if s.l.Enabled(context.Background(), slog.LevelDebug) {
		return log.Debug
	}
	return log.Info
}

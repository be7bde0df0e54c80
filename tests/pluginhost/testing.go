package pluginhost

import (
	"context"
	"testing"
)

// StartT starts the plugin for a test: the test fails with the reason when the plugin
// cannot start (it never skips), and the plugin is stopped when the test ends.
func StartT(ctx context.Context, t testing.TB, opts Options) *Host {
	t.Helper()
	h, err := Start(ctx, opts)
	if err != nil {
		t.Fatalf("start the plugin: %v", err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h
}

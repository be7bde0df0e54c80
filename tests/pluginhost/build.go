package pluginhost

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// Binary returns the plugin binary to run: $XENBENCH_PLUGIN_BINARY when set, else the
// result of Build (once per process).
func Binary(ctx context.Context) (string, error) {
	if p := os.Getenv("XENBENCH_PLUGIN_BINARY"); p != "" {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		if _, err := os.Stat(abs); err != nil {
			return "", fmt.Errorf("XENBENCH_PLUGIN_BINARY: %w", err)
		}
		return abs, nil
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "xenbench-plugin-")
		if err != nil {
			buildErr = err
			return
		}
		buildPath, buildErr = Build(ctx, filepath.Join(dir, "gpx_xenserver"))
	})
	return buildPath, buildErr
}

// Build compiles the back end (./pkg of this module) as scripts/build-backend.sh does for
// the host platform (CGO off, trimmed paths) into out.
func Build(ctx context.Context, out string) (string, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", out, "./pkg")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./pkg: %w\n%s", err, b)
	}
	return out, nil
}

func moduleRoot(ctx context.Context) (string, error) {
	b, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(b))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("not inside the xenbench module (go env GOMOD is empty)")
	}
	return filepath.Dir(mod), nil
}

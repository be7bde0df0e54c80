package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"
)

// healthcheck is `xapi-sim healthcheck --url URL`: docker compose's healthcheck for the
// simulator image, which has no curl. It succeeds when the XAPI page answers 200, which
// the simulator does only once its --backfill has been played (503 before).
func healthcheck(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://127.0.0.1:8080/", "address of the simulated master")
	timeout := fs.Duration("timeout", 2*time.Second, "how long to wait for the answer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("simulator not answering at %s: %w", *url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusServiceUnavailable {
		return fmt.Errorf("simulator at %s not ready: still playing its backfill", *url)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("simulator at %s answered %s", *url, resp.Status)
	}
	return nil
}

// Command promdash writes the Grafana dashboard for xenbench's data on Prometheus
// (pkg/promdash.File) from pkg/promdash. Run it from the repository root after changing
// the exporter's catalog or the dashboard:
//
//	go run ./cmd/promdash
//
// `go test ./cmd/promdash` fails when the file differs from what it would write.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/xenbench/xenbench/pkg/promdash"
)

func main() {
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	data, err := promdash.Render()
	if err == nil {
		err = os.WriteFile(filepath.Join(*root, promdash.File), data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "promdash:", err)
		os.Exit(1)
	}
}

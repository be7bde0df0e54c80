// Command gpx_xenserver is the back end of the xenbench-xenserver-datasource plugin.
// Grafana starts it as a child process and talks to it over gRPC; see
// https://grafana.com/developers/plugin-tools/key-concepts/backend-plugins/.
package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/xenbench/xenbench/pkg/plugin"
)

// version is set at build time by scripts/build-backend.sh (-X main.version=...).
var version = "dev"

func main() {
	log.DefaultLogger.Info("starting xenserver datasource", "version", version)
	if err := datasource.Manage(plugin.PluginID, plugin.NewDatasource, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error("xenserver datasource stopped", "error", err.Error())
		os.Exit(1)
	}
}

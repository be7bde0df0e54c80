package dashboards

import (
	"github.com/xenbench/xenbench/pkg/contract"
)

// Plugin ids of the bundle (/work/shared/DESIGN.md, "Parts and plugin IDs").
const (
	AppID        = "xenbench-exchange-app"
	DatasourceID = "xenbench-xenserver-datasource"
	PanelID      = "xenbench-latencycompare-panel"
)

// MinSchemaVersion is the oldest dashboard schemaVersion we accept: the version
// Grafana 10.4 (our oldest supported release) writes is 39.
const MinSchemaVersion = 39

// QueryTypes are the query types the back end answers, read from the contract (pkg/contract) so
// that a renamed or removed type breaks the dashboards that use it.
var QueryTypes = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range contract.Values.QueryType {
		m[string(t)] = true
	}
	return m
}()

// CorePanelTypes are the panel plugin ids built into current Grafana (10.4 to 13)
// that render without Angular (public/app/plugins/panel in grafana/grafana), plus
// "row".
var CorePanelTypes = map[string]bool{
	"alertlist": true, "annolist": true, "barchart": true, "bargauge": true, "candlestick": true,
	"canvas": true, "dashlist": true, "datagrid": true, "flamegraph": true, "gauge": true,
	"geomap": true, "gettingstarted": true, "heatmap": true, "histogram": true, "logs": true,
	"news": true, "nodeGraph": true, "piechart": true, "stat": true, "state-timeline": true,
	"status-history": true, "table": true, "text": true, "timeseries": true, "traces": true,
	"trend": true, "welcome": true, "xychart": true, "row": true,
}

// removedPanelTypes were Angular panels; Grafana 11+ cannot render them.
var removedPanelTypes = map[string]string{
	"graph": "timeseries", "singlestat": "stat", "table-old": "table", "grafana-piechart-panel": "piechart",
	"grafana-worldmap-panel": "geomap",
}

// builtinDatasourceUIDs are the uids Grafana resolves itself: the annotation source
// "-- Grafana --", mixed queries, reusing another panel's queries, and server-side
// expressions in alert rules.
var builtinDatasourceUIDs = map[string]string{
	"-- Grafana --":   "grafana",
	"grafana":         "grafana",
	"-- Mixed --":     "mixed",
	"-- Dashboard --": "datasource",
	"__expr__":        "__expr__",
}

// Catalog is what references in dashboards and rules may resolve to.
type Catalog struct {
	// DatasourceUIDs maps each provisioned datasource uid to its plugin type.
	DatasourceUIDs map[string]string
	// Dashboards maps each dashboard uid to its model, for alert rule references.
	Dashboards map[string]*Dashboard
}

// NewCatalog returns an empty catalog.
func NewCatalog() *Catalog {
	return &Catalog{DatasourceUIDs: map[string]string{}, Dashboards: map[string]*Dashboard{}}
}

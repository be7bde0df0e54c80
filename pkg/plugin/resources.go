package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/xenbench/xenbench/pkg/contract"
)

// CallResource serves the editors' and variables' lists (GET /inventory) and the
// native/virtual resolution shown in the settings page (GET /platforms).
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	return d.resources.CallResource(ctx, req, sender)
}

func (d *Datasource) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /inventory", d.handleInventory)
	mux.HandleFunc("GET /platforms", d.handlePlatforms)
	return mux
}

// handleInventory lists what an inventory query lists (the same code as template
// variables use) and returns its text/value rows as JSON.
func (d *Datasource) handleInventory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("kind") == "" {
		writeError(w, http.StatusBadRequest, fmt.Errorf("missing query parameter kind (%s)", strings.Join(contract.Values.InventoryKind, ", ")))
		return
	}
	// The parameters are an inventory query's fields: decode them as one, with its
	// defaults and checks.
	raw, _ := json.Marshal(contract.InventoryQuery{
		CommonQuery:   contract.CommonQuery{QueryType: contract.QueryTypeInventory},
		InventoryKind: q.Get("kind"), Filter: q.Get("filter"), Servers: q.Get("servers"),
		Object: q.Get("object"), SelectorMode: q.Get("selectorMode"), Selector: q.Get("selector"),
	})
	d2, err := contract.Decode(raw, "")
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	m := d2.Query.(*contract.InventoryQuery)
	items, err := d.backends.inventoryItems(r.Context(), m)
	if err != nil {
		status := http.StatusBadGateway
		if backend.IsDownstreamError(err) {
			status = http.StatusBadRequest
		}
		log.DefaultLogger.FromContext(r.Context()).Debug("inventory resource failed", "kind", m.InventoryKind, "error", err.Error())
		writeError(w, status, err)
		return
	}
	out := make([]inventoryItem, len(items))
	for i, it := range items {
		out[i] = inventoryItem{Text: it.Text, Value: it.Value}
	}
	writeJSON(w, out)
}

// inventoryItem is one entry of a list, as MetricFindValue wants it.
type inventoryItem struct {
	Text  string `json:"text"`
	Value string `json:"value"`
}

func (d *Datasource) handlePlatforms(w http.ResponseWriter, r *http.Request) {
	if d.backends.exchange == nil {
		writeError(w, http.StatusBadRequest, errNoLogs)
		return
	}
	rows, err := d.backends.exchange.Platforms(r.Context())
	if err != nil {
		writeError(w, http.StatusBadGateway, err)
		return
	}
	writeJSON(w, rows)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError sends {"message": ...}, the shape Grafana's front end shows in alerts.
func writeError(w http.ResponseWriter, status int, err error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": err.Error()})
}

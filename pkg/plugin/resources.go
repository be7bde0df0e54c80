package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"
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

// inventoryItem is one entry of a list, as MetricFindValue wants it.
type inventoryItem struct {
	Text  string `json:"text"`
	Value string `json:"value"`
}

// handleInventory runs an inventory query (the same code as template variables use)
// and returns its text/value rows as JSON.
func (d *Datasource) handleInventory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	m := &QueryModel{
		QueryType:     QueryTypeInventory,
		InventoryKind: q.Get("kind"),
		Filter:        q.Get("filter"),
		Object:        q.Get("object"),
		SelectorMode:  q.Get("selectorMode"),
		Selector:      q.Get("selector"),
		Servers:       q.Get("servers"),
		RefID:         "inventory",
	}
	if m.InventoryKind == "" {
		writeError(w, http.StatusBadRequest, errors.New("missing query parameter kind (pools, hosts, vms, srs, tags, metrics, servers, counters, workloads, runs, tasks)"))
		return
	}
	frames, err := d.backends.run(r.Context(), m)
	if err != nil {
		status := http.StatusBadGateway
		if backend.IsDownstreamError(err) {
			status = http.StatusBadRequest
		}
		log.DefaultLogger.FromContext(r.Context()).Debug("inventory resource failed", "kind", m.InventoryKind, "error", err.Error())
		writeError(w, status, err)
		return
	}
	writeJSON(w, inventoryItems(frames))
}

// inventoryItems reads the text and value fields of inventory frames.
func inventoryItems(frames data.Frames) []inventoryItem {
	items := []inventoryItem{}
	for _, f := range frames {
		text, _ := f.FieldByName("text")
		if text == nil {
			continue
		}
		value, _ := f.FieldByName("value")
		for i := 0; i < text.Len(); i++ {
			t, _ := text.ConcreteAt(i)
			it := inventoryItem{Text: toString(t)}
			it.Value = it.Text
			if value != nil {
				if v, ok := value.ConcreteAt(i); ok {
					it.Value = toString(v)
				}
			}
			items = append(items, it)
		}
	}
	return items
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return strings.Trim(string(b), `"`)
}

func (d *Datasource) handlePlatforms(w http.ResponseWriter, r *http.Request) {
	if d.backends.exchange == nil {
		writeError(w, http.StatusBadRequest, errNoLogs)
		return
	}
	rows, err := d.backends.exchange.platforms(r.Context())
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

package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/contract"
)

// TestUnknownFieldsAreANotice: a misspelled field is not silently dropped; the query is
// still answered and its first frame carries a warning naming the field.
func TestUnknownFieldsAreANotice(t *testing.T) {
	ds := newTestDatasource(t, map[string]any{"logFolder": logFolder(t)}, "", nil)
	r := runQuery(t, ds, map[string]any{"queryType": "loadgen", "task": []string{"SendMail"}, "refId": "A"}, day0, day1)
	if r.Error != nil {
		t.Fatalf("query error: %v", r.Error)
	}
	if len(r.Frames) == 0 || r.Frames[0].Meta == nil {
		t.Fatalf("no frame meta: %+v", r.Frames)
	}
	var found bool
	for _, n := range r.Frames[0].Meta.Notices {
		if n.Severity == data.NoticeSeverityWarning && strings.Contains(n.Text, `"task" (did you mean "tasks"?)`) {
			found = true
		}
	}
	if !found {
		t.Errorf("notices %+v lack the ignored field", r.Frames[0].Meta.Notices)
	}
	if rows, _ := r.Frames[0].RowLen(); rows == 0 {
		t.Errorf("the query was not answered")
	}
}

func TestNoNoticeForAValidQuery(t *testing.T) {
	ds := newTestDatasource(t, map[string]any{"logFolder": logFolder(t)}, "", nil)
	r := runQuery(t, ds, map[string]any{"queryType": "loadgen", "tasks": []string{"SendMail"}, "refId": "A", "intervalMs": 1000, "maxDataPoints": 100, "datasource": map[string]string{"uid": "ds"}}, day0, day1)
	if r.Error != nil {
		t.Fatalf("query error: %v", r.Error)
	}
	for _, f := range r.Frames {
		if f.Meta != nil {
			for _, n := range f.Meta.Notices {
				if strings.Contains(n.Text, "ignored field") {
					t.Errorf("unexpected notice %q", n.Text)
				}
			}
		}
	}
}

func TestBadValuesAreDownstreamErrors(t *testing.T) {
	for raw, want := range map[string]string{
		`{"queryType":"loadgen","reducer":"max"}`: `query A: unknown reducer "max" for a loadgen query: use mean or p95`,
		`{"queryType":"nope"}`:                    `unknown query type "nope"`,
		`{`:                                       `not a JSON object`,
	} {
		_, err := ReadQuery(backend.DataQuery{RefID: "A", JSON: []byte(raw)})
		if err == nil || !strings.Contains(err.Error(), want) || !backend.IsDownstreamError(err) {
			t.Errorf("ReadQuery(%s) = %v, want a downstream error containing %q", raw, err, want)
		}
	}
}

func TestReadQueryUsesTheRequestQueryType(t *testing.T) {
	q, err := ReadQuery(backend.DataQuery{RefID: "B", QueryType: "events", JSON: []byte(`{"eventKinds":["ha"]}`)})
	if err != nil {
		t.Fatal(err)
	}
	m, ok := q.Model.(*contract.EventsQuery)
	if !ok || q.Type() != contract.QueryTypeEvents || m.Format != "table" || len(m.EventKinds) != 1 || q.RefID != "B" || q.Notice != "" {
		t.Errorf("got %+v / %+v", q, q.Model)
	}
}

func TestNoticeWithoutFrames(t *testing.T) {
	fs := withNotice(&Query{RefID: "C", Notice: "ignored"}, nil)
	if len(fs) != 1 || fs[0].RefID != "C" || fs[0].Meta.Notices[0].Text != "ignored" {
		t.Errorf("got %+v", fs)
	}
}

// TestCounterMatchingNothingSaysSo: a counter pattern that matches no counter of the
// logs answers with a notice naming it, not a silent empty frame (issue 15).
func TestCounterMatchingNothingSaysSo(t *testing.T) {
	ds := newTestDatasource(t, map[string]any{"logFolder": logFolder(t)}, "", nil)
	r := runQuery(t, ds, map[string]any{"queryType": "exchange", "counters": []string{`\\*\MSExchangeIS\RPC Averaged Latencies`}, "servers": "EXMBX*"}, day0, day1)
	if r.Error != nil {
		t.Fatalf("query error: %v", r.Error)
	}
	var texts []string
	for _, f := range r.Frames {
		if f.Meta != nil {
			for _, n := range f.Meta.Notices {
				texts = append(texts, n.Text)
			}
		}
	}
	want := `no series: no counter in the logs matches \\*\MSExchangeIS\RPC Averaged Latencies for servers EXMBX* in the time range`
	if len(texts) == 0 || !strings.Contains(strings.Join(texts, "\n"), want) {
		t.Errorf("notices %q, want one containing %q", texts, want)
	}
	// A pattern that matches gets no such notice.
	r = runQuery(t, ds, map[string]any{"queryType": "exchange", "counters": []string{`\\*\MSExchangeIS\RPC Averaged Latency`}}, day0, day1)
	for _, f := range r.Frames {
		if f.Meta != nil {
			for _, n := range f.Meta.Notices {
				if strings.Contains(n.Text, "no series") {
					t.Errorf("unexpected notice %q", n.Text)
				}
			}
		}
	}
}

// TestInventoryResourceDecodesItsParameters: GET /inventory reads its parameters as an
// inventory query (defaults and checks from the contract), and the hosts list carries
// each host's address, which the config editor fills the pool members from.
func TestInventoryResourceDecodesItsParameters(t *testing.T) {
	p := startPoolSim(t, 2, 4)
	ds := newPoolTestDatasource(t, p.srv.MasterURL(), poolSimPassword, nil)
	get := func(url string) *resourceRecorder {
		rec := &resourceRecorder{}
		if err := ds.CallResource(context.Background(), &backend.CallResourceRequest{Method: http.MethodGet, Path: "inventory", URL: url}, rec); err != nil {
			t.Fatal(err)
		}
		return rec
	}
	for url, want := range map[string]string{
		"inventory":         "missing query parameter kind (pools, hosts, vms",
		"inventory?kind=vm": `unknown inventoryKind "vm" for an inventory query: use pools, hosts, vms`,
		"inventory?kind=metrics&selectorMode=glob": `unknown selectorMode "glob"`,
	} {
		rec := get(url)
		var body struct{ Message string }
		_ = json.Unmarshal(rec.body, &body)
		if rec.status != http.StatusBadRequest || !strings.Contains(body.Message, want) {
			t.Errorf("%s: %d %s, want 400 with %q", url, rec.status, rec.body, want)
		}
	}
	if rec := get("inventory?kind=hosts"); rec.status != http.StatusOK || !strings.Contains(string(rec.body), `"text"`) {
		t.Errorf("hosts: %d %s", rec.status, rec.body)
	}

	r := poolQuery(t, ds, "A", map[string]any{"queryType": "inventory", "inventoryKind": "hosts"}, time.Now().Add(-time.Hour), time.Now())
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	addr, _ := r.Frames[0].FieldByName(contract.FieldAddress)
	if addr == nil || addr.Len() != 2 || addr.At(0).(string) == "" {
		t.Errorf("hosts frame lacks addresses: %v", r.Frames[0].Fields)
	}
}

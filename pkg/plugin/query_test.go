package plugin

import (
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
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
	m, err := ReadQuery(backend.DataQuery{RefID: "B", QueryType: "events", JSON: []byte(`{"eventKinds":["ha"]}`)})
	if err != nil {
		t.Fatal(err)
	}
	if m.QueryType != QueryTypeEvents || m.Format != "table" || len(m.EventKinds) != 1 || m.RefID != "B" || m.Notice != "" {
		t.Errorf("got %+v", m)
	}
}

func TestNoticeWithoutFrames(t *testing.T) {
	fs := withNotice(&QueryModel{RefID: "C", Notice: "ignored"}, nil)
	if len(fs) != 1 || fs[0].RefID != "C" || fs[0].Meta.Notices[0].Text != "ignored" {
		t.Errorf("got %+v", fs)
	}
}

package contract

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Spec is what one query type reads: its fields, the formats and reducers it answers,
// and the defaults the back end applies to fields left empty.
type Spec struct {
	Type QueryType
	// Fields are the JSON names the query type reads, the shared ones first.
	Fields []string
	// Formats it answers; empty when it has no format field. Defaults().Format is the
	// one an empty format means.
	Formats []Format
	// Reducers it accepts (an empty reducer is always accepted).
	Reducers []Reducer
	new      func() Query
}

// New returns an empty query of the type.
func (s Spec) New() Query { return s.new() }

// Defaults returns a query of the type holding only what the back end fills in when a
// query leaves a field empty.
func (s Spec) Defaults() Query {
	q := s.new()
	q.setDefaults()
	return q
}

// Specs lists the query types in the order editors offer them.
var Specs = []Spec{
	{Type: QueryTypeMetrics, Reducers: Values.Reducer, new: func() Query { return &MetricsQuery{} }},
	{Type: QueryTypeExchange, Formats: []Format{FormatTimeSeries, FormatCompliance}, Reducers: Values.Reducer,
		new: func() Query { return &ExchangeQuery{} }},
	// Load-test results hold an average and a 95th percentile per row, nothing else.
	{Type: QueryTypeLoadgen, Formats: []Format{FormatTable, FormatAnnotations, FormatCompliance}, Reducers: []Reducer{ReducerMean, ReducerP95},
		new: func() Query { return &LoadgenQuery{} }},
	{Type: QueryTypeEvents, Formats: []Format{FormatTable, FormatAnnotations}, Reducers: Values.Reducer,
		new: func() Query { return &EventsQuery{} }},
	// A reducer on an inventory query of hosts gives live (1) or not (0) per host.
	{Type: QueryTypeInventory, Reducers: Values.Reducer, new: func() Query { return &InventoryQuery{} }},
}

func init() {
	for i := range Specs {
		Specs[i].Fields = jsonFields(reflect.TypeOf(Specs[i].new()).Elem())
	}
}

// SpecOf returns the spec of a query type.
func SpecOf(t QueryType) (Spec, bool) {
	for _, s := range Specs {
		if s.Type == t {
			return s, true
		}
	}
	return Spec{}, false
}

// jsonFields lists the JSON names of a struct's fields, embedded structs' first.
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			out = append(jsonFields(f.Type), out...)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// grafanaFields are the properties Grafana itself stores or sends with every query:
// the common properties of its query API (refId, datasource, datasourceId, queryType,
// hide, intervalMs, maxDataPoints, timeRange, resultAssertions) and key, which Explore
// adds. No query type reads them from the JSON; the request carries what matters.
var grafanaFields = map[string]bool{
	"refId": true, "datasource": true, "datasourceId": true, "hide": true, "key": true, "queryType": true,
	"intervalMs": true, "maxDataPoints": true, "timeRange": true, "resultAssertions": true,
}

// GrafanaFields lists the properties Grafana adds to every query, sorted.
func GrafanaFields() []string {
	out := make([]string, 0, len(grafanaFields))
	for k := range grafanaFields {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// MarshalDefaults gives the defaults of a query type as JSON, for the generator.
func MarshalDefaults(t QueryType) ([]byte, error) {
	s, ok := SpecOf(t)
	if !ok {
		return nil, errUnknownType(t)
	}
	d := s.Defaults()
	// queryType is the key of the defaults, not one of them.
	Base(d).QueryType = ""
	return json.Marshal(d)
}

// Model is the JSON object a stored query holds (a dashboard target, an alert rule's
// model): the query's fields with its queryType, checked by the rules Decode applies,
// and nothing else. Generators build stored queries from the typed structs through it,
// so a misspelled field does not compile and a wrong value fails the generator instead
// of reaching a user as a query the back end refuses. Defaults are not written in.
func Model(q Query) (map[string]any, error) {
	var spec Spec
	for _, s := range Specs {
		if reflect.TypeOf(s.new()) == reflect.TypeOf(q) {
			spec = s
		}
	}
	if spec.new == nil {
		return nil, fmt.Errorf("%T is not a query type of the contract", q)
	}
	b := Base(q)
	if b.QueryType != "" && b.QueryType != spec.Type {
		return nil, fmt.Errorf("%T has queryType %q, not %q", q, b.QueryType, spec.Type)
	}
	b.QueryType = spec.Type
	if err := firstErr(q.validate(), check("reducer", b.Reducer, spec.Reducers, spec.Type)); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(q)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(raw, &m)
}

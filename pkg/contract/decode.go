package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Decoded is a query read by Decode.
type Decoded struct {
	Query Query
	// Unknown names the fields the query carries that its type does not read: a typo,
	// or a field of another query type. The back end still answers and shows them as
	// a notice; tests of the provisioned files fail on them.
	Unknown []string
}

// Notice is the text that tells a user which fields of their query were ignored, or ""
// when there are none.
func (d Decoded) Notice() string {
	if len(d.Unknown) == 0 {
		return ""
	}
	spec, _ := SpecOf(Base(d.Query).QueryType)
	parts := make([]string, len(d.Unknown))
	for i, f := range d.Unknown {
		parts[i] = fmt.Sprintf("%q", f)
		if other := readBy(f); other != "" {
			parts[i] += " (read by " + other + " queries)"
		} else if s := suggest(f, spec.Fields); s != "" {
			parts[i] += fmt.Sprintf(" (did you mean %q?)", s)
		}
	}
	return fmt.Sprintf("ignored field(s) %s: %s query reads %s", strings.Join(parts, ", "), aQuery(spec.Type), strings.Join(spec.Fields, ", "))
}

// Decode reads a query's JSON. queryType is the request's query type, used when the
// JSON has none; with neither the query is a metrics query. Fields the type does not
// read are listed in Unknown; JSON that does not fit the type's fields, an unknown
// query type and values outside a field's enumeration are errors. Fields left empty
// get the back end's defaults (Spec.Defaults).
func Decode(raw []byte, queryType string) (Decoded, error) {
	var props map[string]json.RawMessage
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &props); err != nil {
			return Decoded{}, fmt.Errorf("the query is not a JSON object: %v", err)
		}
	}
	t := QueryType(queryType)
	if v, ok := props["queryType"]; ok {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return Decoded{}, fmt.Errorf("queryType must be a string, not %s", v)
		}
		if s != "" {
			t = QueryType(s)
		}
	}
	if t == "" {
		t = QueryTypeMetrics
	}
	spec, ok := SpecOf(t)
	if !ok {
		return Decoded{}, errUnknownType(t)
	}
	q := spec.New()
	if len(props) > 0 {
		if err := json.Unmarshal(raw, q); err != nil {
			return Decoded{}, fmt.Errorf("the %s query does not fit its fields (%s): %v", t, strings.Join(spec.Fields, ", "), err)
		}
	}
	Base(q).QueryType = t
	known := map[string]bool{}
	for _, f := range spec.Fields {
		known[f] = true
	}
	var unknown []string
	for k := range props {
		if !known[k] && !grafanaFields[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	q.setDefaults()
	if err := q.validate(); err != nil {
		return Decoded{}, err
	}
	if err := check("reducer", Base(q).Reducer, spec.Reducers, t); err != nil {
		return Decoded{}, err
	}
	return Decoded{Query: q, Unknown: unknown}, nil
}

func errUnknownType(t QueryType) error {
	names := make([]string, len(Values.QueryType))
	for i, v := range Values.QueryType {
		names[i] = string(v)
	}
	return fmt.Errorf("unknown query type %q: use one of %s", t, strings.Join(names, ", "))
}

// check reports a value outside its enumeration; empty is always allowed.
func check(field, v string, allowed []string, t QueryType) error {
	if v == "" {
		return nil
	}
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return fmt.Errorf("unknown %s %q for %s query: use %s", field, v, aQuery(t), orList(allowed))
}

// aQuery is "a metrics", "an events"...
func aQuery(t QueryType) string {
	if strings.ContainsAny(string(t)[:min(1, len(t))], "aeiou") {
		return "an " + string(t)
	}
	return "a " + string(t)
}

func orList(vs []string) string {
	switch len(vs) {
	case 0:
		return "nothing"
	case 1:
		return vs[0]
	}
	return strings.Join(vs[:len(vs)-1], ", ") + " or " + vs[len(vs)-1]
}

func (q *MetricsQuery) setDefaults() {
	if q.Object == "" {
		q.Object = ObjectKindHost
	}
	if q.SelectorMode == "" {
		q.SelectorMode = SelectorModeName
	}
	// Saved queries have used lower case; the archives are named in upper case.
	q.CF = strings.ToUpper(strings.TrimSpace(q.CF))
	if q.CF == "" {
		q.CF = CFAverage
	}
}

func (q *MetricsQuery) validate() error {
	return firstErr(
		check("object", q.Object, Values.ObjectKind, QueryTypeMetrics),
		check("selectorMode", q.SelectorMode, Values.SelectorMode, QueryTypeMetrics),
		check("cf (consolidation function)", q.CF, Values.CF, QueryTypeMetrics),
	)
}

func (q *ExchangeQuery) setDefaults() {
	if q.Format == "" {
		q.Format = FormatTimeSeries
	}
	q.VolumeRole = strings.ToLower(q.VolumeRole)
}

func (q *ExchangeQuery) validate() error {
	s, _ := SpecOf(QueryTypeExchange)
	return firstErr(
		check("format", q.Format, s.Formats, QueryTypeExchange),
		check("platform", q.Platform, Values.Platform, QueryTypeExchange),
		check("volumeRole", q.VolumeRole, Values.VolumeRole, QueryTypeExchange),
	)
}

func (q *LoadgenQuery) setDefaults() {
	if q.Format == "" {
		q.Format = FormatTable
	}
}

func (q *LoadgenQuery) validate() error {
	s, _ := SpecOf(QueryTypeLoadgen)
	return firstErr(
		check("format", q.Format, s.Formats, QueryTypeLoadgen),
		check("platform", q.Platform, Values.Platform, QueryTypeLoadgen),
	)
}

func (q *EventsQuery) setDefaults() {
	if q.Format == "" {
		q.Format = FormatTable
	}
}

func (q *EventsQuery) validate() error {
	s, _ := SpecOf(QueryTypeEvents)
	errs := []error{check("format", q.Format, s.Formats, QueryTypeEvents)}
	for _, k := range q.EventKinds {
		errs = append(errs, check("event kind", k, Values.EventKind, QueryTypeEvents))
	}
	return firstErr(errs...)
}

func (q *InventoryQuery) setDefaults() {
	if q.InventoryKind == "" {
		q.InventoryKind = InventoryKindVMs
	}
	if q.Object == "" {
		q.Object = ObjectKindHost
	}
	if q.SelectorMode == "" {
		q.SelectorMode = SelectorModeName
	}
}

func (q *InventoryQuery) validate() error {
	return firstErr(
		check("inventoryKind", q.InventoryKind, Values.InventoryKind, QueryTypeInventory),
		check("object", q.Object, Values.ObjectKind, QueryTypeInventory),
		check("selectorMode", q.SelectorMode, Values.SelectorMode, QueryTypeInventory),
	)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// readBy names the query types that read a field, or "".
func readBy(field string) string {
	var types []string
	for _, s := range Specs {
		for _, f := range s.Fields {
			if f == field {
				types = append(types, string(s.Type))
			}
		}
	}
	if len(types) == 0 {
		return ""
	}
	return orList(types)
}

// suggest returns the field a misspelled name most likely means: the same letters in
// another case, or one edit away (two for names longer than five letters); "" when
// none is that close.
func suggest(name string, fields []string) string {
	limit := 1
	if len(name) > 5 {
		limit = 2
	}
	best, bestD := "", limit+1
	for _, f := range fields {
		d := editDistance(strings.ToLower(f), strings.ToLower(name))
		if d < bestD {
			best, bestD = f, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

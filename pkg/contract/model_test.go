package contract

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestModelIsWhatDecodeReadsBack(t *testing.T) {
	for _, q := range []Query{
		&ExchangeQuery{Counters: []string{`\\*\MSExchangeIS\RPC Averaged Latency`}, Servers: "$server", VolumeRole: VolumeRoleLog, CommonQuery: CommonQuery{Reducer: ReducerP95}},
		&LoadgenQuery{Tasks: []string{"SendMail"}, Format: FormatCompliance, Workloads: "8000*"},
		&EventsQuery{EventKinds: []EventKind{EventKindHA}, CommonQuery: CommonQuery{Reducer: ReducerMax, Alias: "$host"}},
		&InventoryQuery{InventoryKind: InventoryKindHosts},
		&MetricsQuery{Object: ObjectKindVM, SelectorMode: SelectorModeName, Selector: "$vm", Metrics: []string{"cpu*"}},
	} {
		m, err := Model(q)
		if err != nil {
			t.Fatalf("%T: %v", q, err)
		}
		raw, _ := json.Marshal(m)
		d, err := Decode(raw, "")
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if len(d.Unknown) > 0 {
			t.Errorf("%s: Decode finds fields no query type reads: %v", raw, d.Unknown)
		}
		want := reflect.New(reflect.TypeOf(q).Elem()).Interface().(Query)
		_ = json.Unmarshal(raw, want)
		want.setDefaults()
		if !reflect.DeepEqual(d.Query, want) {
			t.Errorf("%s decodes to %+v, want %+v", raw, d.Query, want)
		}
		if m["queryType"] == "" || m["queryType"] == nil {
			t.Errorf("%T: model has no queryType: %v", q, m)
		}
		if _, ok := m["format"]; ok && reflect.TypeOf(q) == reflect.TypeOf(&ExchangeQuery{}) {
			t.Errorf("%s: the back end's default format was written into the model", raw)
		}
	}
}

func TestModelRefusesWhatTheBackEndRefuses(t *testing.T) {
	for _, c := range []struct {
		q    Query
		want string
	}{
		{&LoadgenQuery{CommonQuery: CommonQuery{Reducer: ReducerMax}}, `unknown reducer "max" for a loadgen query: use mean or p95`},
		{&ExchangeQuery{Format: FormatAnnotations}, `unknown format "annotations"`},
		{&EventsQuery{EventKinds: []EventKind{"migrate"}}, `unknown event kind "migrate"`},
		{&ExchangeQuery{CommonQuery: CommonQuery{QueryType: QueryTypeLoadgen}}, `has queryType "loadgen", not "exchange"`},
	} {
		_, err := Model(c.q)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Model(%+v) = %v, want an error with %q", c.q, err, c.want)
		}
	}
}

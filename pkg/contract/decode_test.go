package contract

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeAppliesTheDefaults(t *testing.T) {
	cases := map[string]struct {
		raw, queryType string
		want           Query
	}{
		"empty is metrics": {raw: ``, want: &MetricsQuery{CommonQuery: CommonQuery{QueryType: QueryTypeMetrics}, Object: ObjectKindHost, SelectorMode: SelectorModeName, CF: CFAverage}},
		"request type":     {raw: `{"refId":"A"}`, queryType: "events", want: &EventsQuery{CommonQuery: CommonQuery{QueryType: QueryTypeEvents}, Format: FormatTable}},
		"json type wins": {raw: `{"queryType":"loadgen","tasks":["SendMail"],"reducer":"p95"}`, queryType: "events",
			want: &LoadgenQuery{CommonQuery: CommonQuery{QueryType: QueryTypeLoadgen, Reducer: ReducerP95}, Tasks: []string{"SendMail"}, Format: FormatTable}},
		"lower-case cf": {raw: `{"cf":"max","object":"vm"}`, want: &MetricsQuery{CommonQuery: CommonQuery{QueryType: QueryTypeMetrics}, Object: ObjectKindVM, SelectorMode: SelectorModeName, CF: CFMax}},
		"exchange":      {raw: `{"queryType":"exchange","volumeRole":"Log"}`, want: &ExchangeQuery{CommonQuery: CommonQuery{QueryType: QueryTypeExchange}, VolumeRole: VolumeRoleLog, Format: FormatTimeSeries}},
		"inventory":     {raw: `{"queryType":"inventory"}`, want: &InventoryQuery{CommonQuery: CommonQuery{QueryType: QueryTypeInventory}, InventoryKind: InventoryKindVMs, Object: ObjectKindHost, SelectorMode: SelectorModeName}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			d, err := Decode([]byte(c.raw), c.queryType)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(d.Query, c.want) {
				t.Errorf("got %+v, want %+v", d.Query, c.want)
			}
			if len(d.Unknown) != 0 || d.Notice() != "" {
				t.Errorf("unknown %v, notice %q", d.Unknown, d.Notice())
			}
		})
	}
}

func TestDecodeNamesUnknownFields(t *testing.T) {
	cases := map[string]struct {
		raw     string
		unknown []string
		notice  []string
	}{
		"typo": {raw: `{"queryType":"loadgen","reduce":"p95","task":["SendMail"]}`, unknown: []string{"reduce", "task"},
			notice: []string{`"reduce" (did you mean "reducer"?)`, `"task" (did you mean "tasks"?)`, "a loadgen query reads queryType, alias, reducer, runs"}},
		"other type's field": {raw: `{"queryType":"metrics","counters":["x"],"format":"table"}`, unknown: []string{"counters", "format"},
			notice: []string{`"counters" (read by exchange queries)`, `"format" (read by exchange, loadgen or events queries)`}},
		"grafana's fields are known": {raw: `{"refId":"A","datasource":{"uid":"x"},"hide":false,"intervalMs":1000,"maxDataPoints":500,"key":"Q-1","datasourceId":3}`},
		"nothing close":              {raw: `{"queryType":"events","zzz":1}`, unknown: []string{"zzz"}, notice: []string{`ignored field(s) "zzz": an events query reads`}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			d, err := Decode([]byte(c.raw), "")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(d.Unknown, c.unknown) {
				t.Errorf("unknown = %v, want %v", d.Unknown, c.unknown)
			}
			for _, n := range c.notice {
				if !strings.Contains(d.Notice(), n) {
					t.Errorf("notice %q lacks %q", d.Notice(), n)
				}
			}
		})
	}
}

func TestDecodeRejectsBadValues(t *testing.T) {
	cases := map[string]string{
		`{"queryType":"metric"}`: `unknown query type "metric": use one of metrics, exchange, loadgen, events, inventory`,
		`{"queryType":7}`:        `queryType must be a string`,
		`[1]`:                    `not a JSON object`,
		`{"reducer":"median"}`:   `unknown reducer "median" for a metrics query: use mean, min, max, last or p95`,
		`{"queryType":"loadgen","reducer":"max"}`:        `unknown reducer "max" for a loadgen query: use mean or p95`,
		`{"queryType":"events","format":"compliance"}`:   `unknown format "compliance" for an events query: use table or annotations`,
		`{"queryType":"exchange","format":"table"}`:      `use timeseries or compliance`,
		`{"queryType":"exchange","platform":"physical"}`: `unknown platform "physical"`,
		`{"queryType":"events","eventKinds":["crash"]}`:  `unknown event kind "crash"`,
		`{"object":"pool"}`:                              `unknown object "pool"`,
		`{"cf":"median"}`:                                `unknown cf (consolidation function) "MEDIAN"`,
		`{"selectorMode":"glob"}`:                        `unknown selectorMode "glob"`,
		`{"queryType":"inventory","inventoryKind":"x"}`:  `unknown inventoryKind "x"`,
		`{"metrics":"cpu0"}`:                             `the metrics query does not fit its fields`,
	}
	for raw, want := range cases {
		_, err := Decode([]byte(raw), "")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Decode(%s) = %v, want an error containing %q", raw, err, want)
		}
	}
}

func TestSpecsCoverEveryQueryType(t *testing.T) {
	if len(Specs) != len(Values.QueryType) {
		t.Fatalf("%d specs for %d query types", len(Specs), len(Values.QueryType))
	}
	for i, qt := range Values.QueryType {
		s := Specs[i]
		if s.Type != qt {
			t.Errorf("Specs[%d] is %s, want %s", i, s.Type, qt)
		}
		if s.Fields[0] != "queryType" || len(s.Fields) < 4 {
			t.Errorf("%s fields %v", qt, s.Fields)
		}
		d := s.Defaults()
		if err := d.validate(); err != nil {
			t.Errorf("%s defaults do not validate: %v", qt, err)
		}
		b, _ := json.Marshal(d)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		if f, ok := m["format"]; ok && (len(s.Formats) == 0 || f != s.Formats[0]) {
			t.Errorf("%s: default format %v is not its first format of %v", qt, f, s.Formats)
		}
	}
}

// FuzzDecode: any input decodes or fails with an error, and a decoded query
// re-encodes to JSON that decodes to the same query with nothing unknown.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"queryType":"loadgen","reducer":"p95","tasks":["SendMail"]}`, `{"queryType":"exchange","counters":["\\\\*\\a\\b"],"format":"compliance"}`,
		`{"cf":"average","object":"vm","metrics":["cpu*"],"stream":true}`, `{"queryType":"events","eventKinds":["ha"],"x":null}`, `null`, `{"queryType":null}`} {
		f.Add([]byte(s), "")
	}
	f.Add([]byte(`{"refId":"A"}`), "inventory")
	f.Fuzz(func(t *testing.T, raw []byte, qt string) {
		d, err := Decode(raw, qt)
		if err != nil {
			return
		}
		b, err := json.Marshal(d.Query)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Decode(b, "")
		if err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		if len(again.Unknown) != 0 || !reflect.DeepEqual(again.Query, d.Query) {
			t.Fatalf("%s re-decoded as %+v (unknown %v), was %+v", b, again.Query, again.Unknown, d.Query)
		}
	})
}

package thresholds

import (
	"math"
	"sort"
	"strings"
	"testing"
)

// TestEmbeddedCatalogIsValid is the check the shared JSON must pass before
// the panel or alert rules use it: unique ids, known units, ordered levels.
func TestEmbeddedCatalogIsValid(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entries) < 20 {
		t.Fatalf("only %d entries", len(c.Entries))
	}
	// The minimum list must be covered for both versions where a
	// source exists.
	for _, want := range []struct{ key, version, role string }{
		{"SendMail", "2007", ""},
		{`\\EXVM01\MSExchangeIS\RPC Averaged Latency`, "2007", ""},
		{`\\EXVM01\MSExchangeIS\RPC Averaged Latency`, "2010", ""},
		{`\\EXVM01\MSExchangeIS\RPC Requests`, "2007", ""},
		{`\\EXVM01\MSExchangeIS Client(Outlook)\RPC Average Latency`, "2010", ""},
		{`\\EXVM01\LogicalDisk(D:)\Avg. Disk sec/Read`, "2007", "database"},
		{`\\EXVM01\LogicalDisk(L:)\Avg. Disk sec/Write`, "2007", "log"},
		{`\\EXVM01\Processor(_Total)\% Processor Time`, "2007", ""},
		{`\\EXVM01\Memory\Available MBytes`, "2007", ""},
		{`\\EXVM01\MSExchangeTransport Queues(_total)\Aggregate Delivery Queue Length (All Queues)`, "2010", ""},
	} {
		if len(c.Lookup(want.key, want.version, want.role)) == 0 {
			t.Errorf("no entry for %s (%s, %q)", want.key, want.version, want.role)
		}
	}
}

func TestParseRejects(t *testing.T) {
	const ok = `{"id":"a","exchangeVersion":"2007","counter":"\\Memory\\Available MBytes","match":["\\Memory\\Available MBytes"],"volumeRole":"","unit":"decmbytes","comparison":"le","aggregation":"min","warning":100,"critical":null,"source":{"title":"t","url":"u"},"verified":true,"note":""}`
	tests := []struct {
		name, json, want string
	}{
		{"duplicate id", `{"version":1,"entries":[` + ok + `,` + ok + `]}`, "used twice"},
		{"schema version", `{"version":2,"entries":[]}`, "schema version"},
		{"unknown field", `{"version":1,"entries":[],"extra":1}`, "unknown field"},
		{"unknown unit", `{"version":1,"entries":[` + strings.Replace(ok, `"decmbytes"`, `"MB"`, 1) + `]}`, "unit"},
		{"order gt", `{"version":1,"entries":[` + strings.NewReplacer(`"le"`, `"gt"`, `"critical":null`, `"critical":50`).Replace(ok) + `]}`, "below the critical"},
		{"order le", `{"version":1,"entries":[` + strings.Replace(ok, `"critical":null`, `"critical":200`, 1) + `]}`, "above the critical"},
		{"order ge", `{"version":1,"entries":[` + strings.NewReplacer(`"le"`, `"ge"`, `"critical":null`, `"critical":50`).Replace(ok) + `]}`, "below the critical"},
		// Equal levels are rejected too: the boundary of the order checks.
		{"equal gt", `{"version":1,"entries":[` + strings.NewReplacer(`"le"`, `"gt"`, `"critical":null`, `"critical":100`).Replace(ok) + `]}`, "below the critical"},
		{"equal le", `{"version":1,"entries":[` + strings.Replace(ok, `"critical":null`, `"critical":100`, 1) + `]}`, "above the critical"},
		{"no level", `{"version":1,"entries":[` + strings.Replace(ok, `"warning":100`, `"warning":null`, 1) + `]}`, "neither"},
		{"no source", `{"version":1,"entries":[` + strings.Replace(ok, `"title":"t"`, `"title":""`, 1) + `]}`, "source"},
		{"unverified without note", `{"version":1,"entries":[` + strings.Replace(ok, `"verified":true`, `"verified":false`, 1) + `]}`, "note"},
		{"bad role", `{"version":1,"entries":[` + strings.Replace(ok, `"volumeRole":""`, `"volumeRole":"temp"`, 1) + `]}`, "volumeRole"},
		{"bad pattern", `{"version":1,"entries":[` + strings.Replace(ok, `"match":["\\Memory\\Available MBytes"]`, `"match":["Memory"]`, 1) + `]}`, "match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
	for _, valid := range []string{ok, strings.Replace(ok, `"critical":null`, `"critical":50`, 1)} {
		if _, err := Parse([]byte(`{"version":1,"entries":[` + valid + `]}`)); err != nil {
			t.Fatalf("valid entry rejected: %v", err)
		}
	}
}

func ids(es []Entry) string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func TestLookup(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		key, version, role, want string
	}{
		{`\\EXVM01\LogicalDisk(D:)\Avg. Disk sec/Read`, "2007", "database", "disk-read-database-2007"},
		{`\\EXVM01\LogicalDisk(L:)\Avg. Disk sec/Read`, "2007", "log", "disk-read-log-2007"},
		{`\\EXVM01\LogicalDisk(C:)\Avg. Disk sec/Read`, "2007", "", ""}, // 2007 limits need a role
		{`\\EXVM01\LogicalDisk(D:)\Avg. Disk sec/Read`, "2013", "database", "disk-read-2010"},
		{`\\exvm01\logicaldisk(d:)\avg. disk sec/write`, "2010+", "", "disk-write-2010"},
		{"sendmail", "2007", "", "sendmail-latency-avg,sendmail-latency-p95"},
		{"SendMail", "2010", "", ""}, // no 2010 source for LoadGen limits
		{`\\EXVM01\MSExchangeIS\RPC Averaged Latency`, "2003", "", ""},
		{`\\EXVM01\MSExchange Database ==> Instances(Information Store/SG1)\I/O Database Reads Average Latency`, "2007", "",
			"io-database-reads-latency-avg-2007,io-database-reads-latency-max-2007"},
		{"not a path", "2007", "", ""},
	}
	for _, tt := range tests {
		if got := ids(c.Lookup(tt.key, tt.version, tt.role)); got != tt.want {
			t.Errorf("Lookup(%s, %s, %q) = %q, want %q", tt.key, tt.version, tt.role, got, tt.want)
		}
	}
}

func TestEvaluate(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		cmp        string
		warn, crit *float64
		v          float64
		want       Level
	}{
		{"gt", f(50), f(70), 50, LevelOK},
		{"gt", f(50), f(70), 50.1, LevelWarning},
		{"gt", f(50), f(70), 70.1, LevelCritical},
		{"ge", f(25), nil, 25, LevelWarning},
		{"ge", f(25), nil, 1e9, LevelWarning},
		{"ge", nil, f(20), 20, LevelCritical},
		{"le", f(100), nil, 100, LevelWarning},
		{"le", f(100), nil, 100.5, LevelOK},
		{"lt", f(100), f(50), 49, LevelCritical},
		{"gt", f(1), f(2), math.NaN(), LevelUnknown},
	}
	for _, tt := range tests {
		e := Entry{Comparison: tt.cmp, Warning: tt.warn, Critical: tt.crit}
		if got := e.Evaluate(tt.v); got != tt.want {
			t.Errorf("%s w=%v c=%v: Evaluate(%v) = %s, want %s", tt.cmp, tt.warn, tt.crit, tt.v, got, tt.want)
		}
	}
}

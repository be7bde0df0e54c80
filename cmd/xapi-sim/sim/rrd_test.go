package sim

import (
	"encoding/json"
	"encoding/xml"
	"math"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/rrd/rrdgen"
)

// C's printf("%0.5g") outputs for these inputs (xapi's f_to_s before
// v25.3.0), with xapi's special cases.
func TestAppendRRDFloat(t *testing.T) {
	tests := []struct {
		v      float64
		digits int
		want   string
	}{
		{8589934592, 5, "8.5899e+09"},
		{209715200, 5, "2.0972e+08"},
		{0.0282, 5, "0.0282"},
		{1.5, 5, "1.5"},
		{100, 5, "100"},
		{12000, 5, "12000"},
		{123456, 5, "1.2346e+05"},
		{100000, 5, "1e+05"},
		{0.0001, 5, "0.0001"},
		{0.00001, 5, "1e-05"},
		{-3.14159265, 5, "-3.1416"},
		{0, 5, "0.0"},
		{math.Copysign(0, -1), 5, "0.0"},
		{math.NaN(), 5, "NaN"},
		{math.Inf(1), 5, "Infinity"},
		{math.Inf(-1), 5, "-Infinity"},
		{1795610320.123, 15, "1795610320.123"},
		{0.1, 15, "0.1"},
	}
	for _, tc := range tests {
		if got := string(rrdgen.AppendValueDigits(nil, tc.v, tc.digits)); got != tc.want {
			t.Errorf("f_to_s(%v, %d) = %q, want %q", tc.v, tc.digits, got, tc.want)
		}
	}
}

func TestPreferJSON(t *testing.T) {
	tests := []struct {
		accept     string
		json, isOK bool
	}{
		{"", false, false},
		{"application/json", true, true},
		{"text/xml", false, true},
		{"*/*", true, true},
		{"text/xml, application/json;q=0.5", false, true},
		{"application/json;q=0.2, text/xml;q=0.9", false, true},
		{"text/html", false, false},
		{"text/*", false, true},
		{"application/json;q=0", false, false},
	}
	for _, tc := range tests {
		j, ok := preferJSON(tc.accept)
		if j != tc.json || ok != tc.isOK {
			t.Errorf("preferJSON(%q) = %v,%v want %v,%v", tc.accept, j, ok, tc.json, tc.isOK)
		}
	}
}

type xportDoc struct {
	Meta struct {
		Start   int64    `xml:"start"`
		Step    int64    `xml:"step"`
		End     int64    `xml:"end"`
		Rows    int      `xml:"rows"`
		Columns int      `xml:"columns"`
		Legend  []string `xml:"legend>entry"`
	} `xml:"meta"`
	Rows []struct {
		T int64    `xml:"t"`
		V []string `xml:"v"`
	} `xml:"data>row"`
}

func rrdURL(base, sid string, q map[string]string) string {
	v := url.Values{"session_id": {sid}}
	for k, x := range q {
		v.Set(k, x)
	}
	return base + "/rrd_updates?" + v.Encode()
}

func TestRRDUpdatesXMLScopeAndRows(t *testing.T) {
	s := startSim(t, Options{Seed: 11})
	advance(t, s, time.Minute)
	sid := login(t, s)
	hosts := s.Hosts()
	resp, body := get(t, rrdURL(hosts[1].URL, sid, map[string]string{"start": "-60", "host": "true", "cf": "AVERAGE"}))
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/xml" || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("HTTP %d %v", resp.StatusCode, resp.Header)
	}
	var doc xportDoc
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatalf("xport XML: %v", err)
	}
	end := s.Now().Unix() / 5 * 5
	if doc.Meta.Step != 5 || doc.Meta.End != end || doc.Meta.Rows != 13 || len(doc.Rows) != 13 || doc.Meta.Columns != len(doc.Meta.Legend) {
		t.Fatalf("meta = %+v (rows %d), want step 5, end %d, 13 rows", doc.Meta, len(doc.Rows), end)
	}
	for i, r := range doc.Rows {
		if r.T != end-int64(i)*5 {
			t.Fatalf("row %d at %d: rows must be newest first", i, r.T)
		}
		if len(r.V) != doc.Meta.Columns {
			t.Fatalf("row %d has %d values for %d columns", i, len(r.V), doc.Meta.Columns)
		}
	}
	// Host 1 holds the four Exchange VMs and only them.
	prefixes := map[string]bool{}
	for _, l := range doc.Meta.Legend {
		parts := strings.SplitN(l, ":", 4)
		if len(parts) != 4 || parts[0] != "AVERAGE" {
			t.Fatalf("legend %q is not CF:kind:uuid:metric", l)
		}
		prefixes[parts[1]+":"+parts[2]] = true
	}
	if !prefixes["host:"+hosts[1].UUID] || prefixes["host:"+hosts[0].UUID] {
		t.Errorf("host 1 must export its own RRD only: %v", prefixes)
	}
	for _, vm := range s.VMs() {
		if !prefixes["vm:"+vm.UUID] {
			t.Errorf("resident VM %s missing", vm.Name)
		}
	}
	// Host 0 has no VMs: only its host RRD.
	_, body = get(t, rrdURL(hosts[0].URL, sid, map[string]string{"start": "-10", "host": "true"}))
	if strings.Contains(string(body), ":vm:") {
		t.Errorf("host 0 exported VMs it does not run")
	}
	// SR metrics: the shared SR's first 8 uuid characters.
	srShort := s.srs[0].UUID[:8]
	for _, m := range []string{"cpu0", "cpu_avg", "memory_total_kib", "memory_free_kib", "pif_eth0_rx", "loadavg", "iops_read_" + srShort, "read_latency_" + srShort, "io_throughput_read_" + srShort} {
		if !contains(doc.Meta.Legend, "AVERAGE:host:"+hosts[1].UUID+":"+m) {
			t.Errorf("host legend lacks %s", m)
		}
	}
	ex := vmByName(t, s, "EXVM01")
	for _, m := range []string{"cpu3", "memory", "memory_internal_free", "vbd_xvdb_read", "vbd_xvdb_write_latency", "vbd_xvdb_iops_read", "vif_0_rx"} {
		if !contains(doc.Meta.Legend, "AVERAGE:vm:"+ex.UUID+":"+m) {
			t.Errorf("VM legend lacks %s", m)
		}
	}
	// Five significant digits at most.
	for _, v := range doc.Rows[0].V {
		if n := significantDigits(v); n > 5 {
			t.Errorf("value %q has %d significant digits, want at most 5", v, n)
		}
	}
}

// significantDigits counts the mantissa digits of a %g-printed number.
func significantDigits(v string) int {
	if _, err := strconv.ParseFloat(v, 64); err != nil || strings.Contains(v, "Inf") || v == "NaN" {
		return 0
	}
	mant, _, _ := strings.Cut(strings.TrimPrefix(v, "-"), "e")
	digits := strings.TrimLeft(strings.ReplaceAll(mant, ".", ""), "0")
	if !strings.Contains(mant, ".") {
		digits = strings.TrimRight(digits, "0") // 12000 has 2
	}
	return len(digits)
}

func TestSignificantDigits(t *testing.T) {
	for v, want := range map[string]int{"8.5899e+09": 5, "0.0282": 3, "12000": 2, "NaN": 0, "-3.1416": 5, "0.0": 0, "100.25": 5} {
		if got := significantDigits(v); got != want {
			t.Errorf("significantDigits(%q) = %d, want %d", v, got, want)
		}
	}
}

func TestRRDUpdatesFormats(t *testing.T) {
	tests := []struct {
		version string
		q       map[string]string
		accept  string
		wantCT  string
		check   func(t *testing.T, body string)
	}{
		{"24.39.0", map[string]string{"json": "true"}, "", "application/json", checkStrictJSON},
		{"24.39.0", map[string]string{"json": "false"}, "", "application/json", checkStrictJSON}, // presence counts
		{"24.39.0", nil, "application/json", "application/json", checkStrictJSON},
		{"24.39.0", map[string]string{"json": "true"}, "text/xml", "text/xml", checkXML},
		{"24.39.0", nil, "", "text/xml", checkXML},
		{"23.30", map[string]string{"json": "true"}, "", "application/json", checkLegacyJSON},
		{"1.249", map[string]string{"json": "true"}, "application/json", "application/json", checkLegacyJSON}, // no Accept negotiation before 23.17
		{"1.20", map[string]string{"json": "true"}, "application/json", "text/xml", checkXML},
	}
	for _, tc := range tests {
		t.Run(tc.version+"/"+tc.accept+"/"+tc.q["json"], func(t *testing.T) {
			s := startSim(t, Options{Seed: 12, XapiVersion: tc.version, Hosts: 1})
			advance(t, s, 30*time.Second)
			q := map[string]string{"start": "-15", "host": "true"}
			for k, v := range tc.q {
				q[k] = v
			}
			u := rrdURL(s.MasterURL(), "", q)
			u = strings.Replace(u, "session_id=&", "", 1)
			var hdr []string
			hdr = append(hdr, "Authorization", "Basic cm9vdDp4ZW5iZW5jaA==") // root:xenbench
			if tc.accept != "" {
				hdr = append(hdr, "Accept", tc.accept)
			}
			resp, body := get(t, u, hdr...)
			if resp.StatusCode != 200 {
				t.Fatalf("HTTP %d %s", resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != tc.wantCT {
				t.Fatalf("content type %q, want %q", ct, tc.wantCT)
			}
			tc.check(t, string(body))
		})
	}
}

func checkStrictJSON(t *testing.T, body string) {
	var doc struct {
		Meta map[string]any `json:"meta"`
		Data []struct {
			T      any
			Values []any
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("strict JSON must parse: %v", err)
	}
	for _, k := range []string{"start", "step", "end", "rows", "columns"} {
		if _, ok := doc.Meta[k].(string); !ok {
			t.Errorf("meta.%s = %#v, want a string", k, doc.Meta[k])
		}
	}
	if len(doc.Data) != 4 {
		t.Fatalf("rows = %d, want 4", len(doc.Data))
	}
	for _, row := range doc.Data {
		if _, ok := row.T.(string); !ok {
			t.Fatalf("t = %#v, want a string", row.T)
		}
		for _, v := range row.Values {
			if _, ok := v.(string); !ok {
				t.Fatalf("value %#v, want a string", v)
			}
		}
	}
}

func checkLegacyJSON(t *testing.T, body string) {
	if !strings.HasPrefix(body, "{meta: {start:") || !strings.Contains(body, ",data:[{t:") || !strings.Contains(body, ",values:[") {
		t.Fatalf("legacy JSON5-like shape wrong: %.200s", body)
	}
	if json.Valid([]byte(body)) {
		t.Fatal("legacy output must not be strict JSON (bare keys)")
	}
}

func checkXML(t *testing.T, body string) {
	var doc xportDoc
	if err := xml.Unmarshal([]byte(body), &doc); err != nil || doc.Meta.Rows != 4 {
		t.Fatalf("XML xport: %v rows=%d", err, doc.Meta.Rows)
	}
}

func TestRRDUpdatesArchiveChoice(t *testing.T) {
	s := startSim(t, Options{Seed: 13, Hosts: 1, History: 48 * time.Hour})
	advance(t, s, time.Hour)
	sid := login(t, s)
	now := s.Now().Unix()
	tests := []struct {
		start, interval int64
		wantStep        int64
		wantRows        int
	}{
		{-595, 5, 5, 120},                // XO "seconds": start = servertime - 5*120 + 5
		{-600, 5, 60, 11},                // exactly 600 s back is not inside the 5 s archive (t > oldest)
		{now - 60*120 + 60, 60, 60, 120}, // XO "minutes"
		{now - 3600*168 + 3600, 3600, 3600, 168},
		{-3 * 3600, 5, 3600, 4},                      // older than the 60 s archive holds: the hourly one
		{now - 86400*366 + 86400, 86400, 86400, 365}, // the newest daily row is the last whole day
	}
	for _, tc := range tests {
		_, body := get(t, rrdURL(s.MasterURL(), sid, map[string]string{"start": strconv.FormatInt(tc.start, 10), "interval": strconv.FormatInt(tc.interval, 10), "host": "true"}))
		var doc xportDoc
		if err := xml.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Meta.Step != tc.wantStep || doc.Meta.Rows != tc.wantRows {
			t.Errorf("start=%d interval=%d: step %d rows %d, want %d/%d", tc.start, tc.interval, doc.Meta.Step, doc.Meta.Rows, tc.wantStep, tc.wantRows)
		}
		if doc.Meta.Rows > 0 && doc.Rows[len(doc.Rows)-1].V[0] != "NaN" && tc.wantStep == 86400 {
			t.Errorf("daily rows older than the RRD's creation must be NaN")
		}
	}
}

func TestRRDUpdatesErrors(t *testing.T) {
	s := startSim(t, Options{Seed: 14, Hosts: 1})
	sid := login(t, s)
	tests := []struct {
		name string
		url  string
		want int
	}{
		{"no auth", s.MasterURL() + "/rrd_updates?start=-10", 401},
		{"bad session", s.MasterURL() + "/rrd_updates?start=-10&session_id=OpaqueRef:x", 401},
		{"missing start", s.MasterURL() + "/rrd_updates?session_id=" + sid, 400},
		{"bad start", s.MasterURL() + "/rrd_updates?start=yesterday&session_id=" + sid, 400},
		{"MIN not stored", s.MasterURL() + "/rrd_updates?start=-10&cf=MIN&session_id=" + sid, 500},
		{"vm_rrd without uuid", s.MasterURL() + "/vm_rrd?session_id=" + sid, 400},
		{"vm_rrd unknown uuid", s.MasterURL() + "/vm_rrd?uuid=nope&session_id=" + sid, 404},
	}
	for _, tc := range tests {
		resp, body := get(t, tc.url)
		if resp.StatusCode != tc.want {
			t.Errorf("%s: HTTP %d (%s), want %d", tc.name, resp.StatusCode, body, tc.want)
		}
		if strings.Contains(string(body), sid) {
			t.Errorf("%s: the session id leaked into the error body", tc.name)
		}
	}
}

type rrdDump struct {
	Version    string `xml:"version"`
	Step       int    `xml:"step"`
	LastUpdate int64  `xml:"lastupdate"`
	DS         []struct {
		Name string `xml:"name"`
		Type string `xml:"type"`
	} `xml:"ds"`
	RRA []struct {
		CF        string `xml:"cf"`
		PDPPerRow int    `xml:"pdp_per_row"`
		Rows      []struct {
			V []string `xml:"v"`
		} `xml:"database>row"`
	} `xml:"rra"`
}

func TestHostAndVMRRDDumps(t *testing.T) {
	s := startSim(t, Options{Seed: 15})
	advance(t, s, time.Minute)
	sid := login(t, s)
	resp, body := get(t, s.MasterURL()+"/host_rrd?session_id="+sid)
	if resp.StatusCode != 200 {
		t.Fatalf("host_rrd HTTP %d", resp.StatusCode)
	}
	var d rrdDump
	if err := xml.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	if d.Version != "0003" || d.Step != 5 || len(d.RRA) != 4 || d.LastUpdate != s.Now().Unix()/5*5 {
		t.Fatalf("dump header %+v", d)
	}
	wantRows := []int{120, 120, 168, 366}
	for i, r := range d.RRA {
		if r.CF != "AVERAGE" || len(r.Rows) != wantRows[i] || len(r.Rows[0].V) != len(d.DS) {
			t.Errorf("rra %d: cf %s rows %d", i, r.CF, len(r.Rows))
		}
	}
	// Oldest first: the 5 s archive's newest row is the last one.
	if last := d.RRA[0].Rows[119].V[0]; last == "NaN" {
		t.Errorf("newest 5 s row should hold data")
	}
	// vm_rrd: a slave redirects to the host running the VM.
	ex := vmByName(t, s, "EXVM01")
	resp, _ = get(t, s.MasterURL()+"/vm_rrd?uuid="+ex.UUID+"&session_id="+sid)
	if resp.StatusCode != 302 || !strings.HasPrefix(resp.Header.Get("Location"), s.Hosts()[1].URL+"/vm_rrd?") {
		t.Fatalf("vm_rrd on the wrong host: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body = get(t, resp.Header.Get("Location"), "Accept", "application/json")
	if resp.StatusCode != 200 || !json.Valid(body) {
		t.Fatalf("vm_rrd JSON: %d valid=%v", resp.StatusCode, json.Valid(body))
	}
	var jd struct {
		DS  []json.RawMessage `json:"ds"`
		RRA []json.RawMessage `json:"rra"`
	}
	if err := json.Unmarshal(body, &jd); err != nil || len(jd.RRA) != 4 || len(jd.DS) == 0 {
		t.Errorf("vm_rrd JSON dump: %d archives, %d data sources (%v)", len(jd.RRA), len(jd.DS), err)
	}
}

func TestRRDFollowsTheVM(t *testing.T) {
	s := startSim(t, Options{Seed: 16, Scenario: ScenarioHA})
	sid := login(t, s)
	ex := vmByName(t, s, "EXVM01")
	advance(t, s, actionOffset+4*time.Minute) // failed at 10 min, restarted by ~12.5 min
	vm := vmByName(t, s, "EXVM01")
	if vm.ResidentOn < 0 || vm.ResidentOn == 1 {
		t.Fatalf("EXVM01 not restarted: %+v", vm)
	}
	// The new host exports EXVM01 with its history: the minutes it was down
	// are NaN, the minutes since the restart hold data.
	_, body := get(t, rrdURL(s.Hosts()[vm.ResidentOn].URL, sid, map[string]string{"start": "-595", "vm_uuid": ex.UUID}))
	var doc xportDoc
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Meta.Legend) == 0 || !strings.Contains(doc.Meta.Legend[0], ex.UUID) {
		t.Fatalf("legend %v", doc.Meta.Legend)
	}
	failedAt := t0.Add(actionOffset).Unix()
	var sawNaN, sawData bool
	for _, r := range doc.Rows {
		switch {
		case r.T > failedAt+10 && r.T < failedAt+60:
			sawNaN = sawNaN || r.V[0] == "NaN"
		case r.T > s.Now().Unix()-30:
			sawData = sawData || r.V[0] != "NaN"
		}
	}
	if !sawNaN || !sawData {
		t.Errorf("down window NaN=%v, data after restart=%v", sawNaN, sawData)
	}
	// vm_uuid filters: another VM's uuid gives no EXVM01 columns.
	other := vmByName(t, s, "EXVM02")
	_, body = get(t, rrdURL(s.Hosts()[vm.ResidentOn].URL, sid, map[string]string{"start": "-10", "vm_uuid": other.UUID}))
	if strings.Contains(string(body), ex.UUID) {
		t.Error("vm_uuid filter ignored")
	}
}

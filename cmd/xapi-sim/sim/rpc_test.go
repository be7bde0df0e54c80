package sim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestLoginErrors(t *testing.T) {
	s := startSim(t, Options{Seed: 1})
	urls := s.HostURLs()
	tests := []struct {
		name     string
		url      string
		params   []any
		wantCode string
		wantData []string
	}{
		{"wrong password", urls[0], []any{"root", "nope"}, errSessionAuthenticationFailed, []string{"root", "Authentication failure"}},
		{"unknown user", urls[0], []any{"admin", "xenbench"}, errSessionAuthenticationFailed, []string{"admin", "Authentication failure"}},
		{"slave", urls[1], []any{"root", "xenbench"}, errHostIsSlave, []string{s.Hosts()[0].Address}},
		{"too few params", urls[0], []any{"root"}, errMessageParameterCountMismatch, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, e := call(t, tc.url, "session.login_with_password", tc.params...)
			if e == nil || e.Message != tc.wantCode {
				t.Fatalf("error = %+v, want %s", e, tc.wantCode)
			}
			if e.Code == 0 {
				t.Errorf("JSON-RPC 2.0 error code must be non-zero")
			}
			if tc.wantData != nil && strings.Join(e.Data, "|") != strings.Join(tc.wantData, "|") {
				t.Errorf("data = %q, want %q", e.Data, tc.wantData)
			}
		})
	}
}

func TestSlaveAddressLeadsToMaster(t *testing.T) {
	s := startSim(t, Options{Seed: 1})
	_, e := call(t, s.HostURLs()[2], "session.login_with_password", "root", "xenbench")
	if e == nil || e.Message != errHostIsSlave {
		t.Fatalf("want HOST_IS_SLAVE, got %+v", e)
	}
	// The parameter must reach the master: with per-host IPs it is the IP
	// (and the port is shared), otherwise ip:port.
	master := s.Hosts()[0]
	if !strings.Contains(master.URL, e.Data[0]) {
		t.Fatalf("HOST_IS_SLAVE names %q, master is at %s", e.Data[0], master.URL)
	}
}

func TestSessionCalls(t *testing.T) {
	s := startSim(t, Options{Seed: 2})
	url := s.MasterURL()
	sid := login(t, s)
	var pools map[string]map[string]any
	mustCall(t, url, &pools, "pool.get_all_records", sid)
	if len(pools) != 1 {
		t.Fatalf("want one pool, got %d", len(pools))
	}
	var poolRef string
	var pool map[string]any
	for poolRef, pool = range pools {
	}
	if _, ok := pool["other_config"].(map[string]any); !ok {
		t.Errorf("pool.other_config must be an object (the xen-api client reads it)")
	}
	var master string
	mustCall(t, url, &master, "pool.get_master", sid, poolRef)
	if master != s.Hosts()[0].Ref {
		t.Errorf("pool.get_master = %s, want host 0", master)
	}
	var vms map[string]map[string]any
	mustCall(t, url, &vms, "VM.get_all_records", sid)
	controlDomains := 0
	for _, vm := range vms {
		if vm["is_control_domain"] == true {
			controlDomains++
		}
	}
	if len(vms) != 4+3 || controlDomains != 3 {
		t.Errorf("VM records = %d (%d control domains), want 4 VMs + 3 dom0", len(vms), controlDomains)
	}
	var refs []string
	mustCall(t, url, &refs, "VM.get_by_name_label", sid, "EXVM01")
	if len(refs) != 1 || refs[0] != vmByName(t, s, "EXVM01").Ref {
		t.Fatalf("get_by_name_label = %v", refs)
	}
	var resident string
	mustCall(t, url, &resident, "VM.get_resident_on", sid, refs[0])
	if resident != s.Hosts()[1].Ref {
		t.Errorf("EXVM01 resident on %s, want host 1", resident)
	}
	var thisHost string
	mustCall(t, url, &thisHost, "session.get_this_host", sid, sid)
	if thisHost != master {
		t.Errorf("session.get_this_host = %s", thisHost)
	}
	for _, class := range []string{"host", "host_metrics", "SR", "PBD", "VDI", "VBD", "VIF", "PIF", "network", "VM_metrics", "VM_guest_metrics", "task", "message"} {
		var recs map[string]any
		mustCall(t, url, &recs, class+".get_all_records", sid)
	}
	var servertime string
	mustCall(t, url, &servertime, "host.get_servertime", sid, master)
	if servertime != "20261125T12:00:00Z" {
		t.Errorf("servertime = %q, want the xapi datetime form", servertime)
	}
	var methods []string
	mustCall(t, url, &methods, "system.listMethods")
	for _, want := range []string{"VM.get_all_records", "event.from", "Async.VM.pool_migrate", "message.get_since"} {
		if !contains(methods, want) {
			t.Errorf("system.listMethods lacks %s", want)
		}
	}
	mustCall(t, url, nil, "session.logout", sid)
	if _, e := call(t, url, "VM.get_all", sid); e == nil || e.Message != errSessionInvalid || e.Data[0] != sid {
		t.Fatalf("after logout: %+v, want SESSION_INVALID [sid]", e)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestCallErrors(t *testing.T) {
	s := startSim(t, Options{Seed: 3})
	url := s.MasterURL()
	sid := login(t, s)
	tests := []struct {
		method   string
		params   []any
		wantCode string
		wantData []string
	}{
		{"VM.get_record", []any{sid, "OpaqueRef:nope"}, errHandleInvalid, []string{"VM", "OpaqueRef:nope"}},
		{"VM.no_such_call", []any{sid, "x"}, errMessageMethodUnknown, []string{"VM.no_such_call"}},
		{"Nope.get_all", []any{sid}, errMessageMethodUnknown, []string{"Nope.get_all"}},
		{"VM.get_all", []any{"OpaqueRef:bogus"}, errSessionInvalid, []string{"OpaqueRef:bogus"}},
		{"VM.get_by_uuid", []any{sid, "00000000-0000-0000-0000-000000000000"}, errUUIDInvalid, nil},
		{"event.from", []any{sid, []any{"vm"}, "garbage", 0.1}, errEventFromTokenParseFailure, []string{"garbage"}},
		{"VM.get_all", []any{sid, "extra"}, errMessageParameterCountMismatch, nil},
	}
	for _, tc := range tests {
		t.Run(tc.method, func(t *testing.T) {
			_, e := call(t, url, tc.method, tc.params...)
			if e == nil || e.Message != tc.wantCode {
				t.Fatalf("got %+v, want %s", e, tc.wantCode)
			}
			if tc.wantData != nil && strings.Join(e.Data, "|") != strings.Join(tc.wantData, "|") {
				t.Errorf("data = %q, want %q", e.Data, tc.wantData)
			}
		})
	}
}

func TestJSONRPCVersionsAndMalformed(t *testing.T) {
	s := startSim(t, Options{Seed: 4})
	url := s.MasterURL() + "/jsonrpc"
	post := func(body string) (int, string, string) {
		resp, err := testClient.Post(url, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	// JSON-RPC 1.0: result and error both present, error a string array.
	code, _, body := post(`{"method":"session.login_with_password","params":["root","bad"],"id":"a"}`)
	if code != 200 || body != `{"result":null,"error":["SESSION_AUTHENTICATION_FAILED","root","Authentication failure"],"id":"a"}` {
		t.Errorf("v1 error answer = %d %s", code, body)
	}
	code, _, body = post(`{"method":"session.login_with_password","params":["root","xenbench"],"id":9}`)
	if code != 200 || !strings.HasPrefix(body, `{"result":"OpaqueRef:`) || !strings.HasSuffix(body, `","error":null,"id":9}`) {
		t.Errorf("v1 success answer = %d %s", code, body)
	}
	for _, bad := range []string{`{`, `{"jsonrpc":"2.0","method":"x","params":[]}`, `{"jsonrpc":"3.0","method":"x","params":[],"id":1}`, `[1,2]`} {
		code, ct, body := post(bad)
		if code != 500 || !strings.HasPrefix(ct, "text/html") || !strings.Contains(body, "HTTP 500") {
			t.Errorf("malformed %q: %d %q %q, want xapi's HTML 500", bad, code, ct, body)
		}
	}
}

func TestXMLRPC(t *testing.T) {
	s := startSim(t, Options{Seed: 5})
	post := func(body string) string {
		resp, err := testClient.Post(s.MasterURL()+"/", "text/xml", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); ct != "text/xml" {
			t.Fatalf("content type %q", ct)
		}
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	ok := post(`<?xml version="1.0"?><methodCall><methodName>session.login_with_password</methodName><params><param><value><string>root</string></value></param><param><value>xenbench</value></param></params></methodCall>`)
	if !strings.Contains(ok, "<name>Status</name><value>Success</value>") {
		t.Fatalf("login: %s", ok)
	}
	sid := between(ok, "<name>Value</name><value>", "</value>")
	failed := post(`<methodCall><methodName>VM.get_record</methodName><params><param><value>` + sid + `</value></param><param><value>OpaqueRef:x</value></param></params></methodCall>`)
	want := `<name>Status</name><value>Failure</value></member><member><name>ErrorDescription</name><value><array><data><value>HANDLE_INVALID</value><value>VM</value><value>OpaqueRef:x</value></data></array></value>`
	if !strings.Contains(failed, want) {
		t.Fatalf("failure shape: %s", failed)
	}
	recs := post(`<methodCall><methodName>host.get_all_records</methodName><params><param><value>` + sid + `</value></param></params></methodCall>`)
	for _, frag := range []string{"<name>API_version_major</name><value>2</value>", "<name>enabled</name><value><boolean>1</boolean></value>", "<name>name_label</name><value>xenserver-01</value>"} {
		if !strings.Contains(recs, frag) {
			t.Errorf("host records lack %s", frag)
		}
	}
	resp, err := testClient.Post(s.MasterURL()+"/", "text/xml", strings.NewReader(`<methodCall><methodName>session.logout</methodName>`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 500 {
		t.Errorf("malformed XML-RPC: HTTP %d, want 500", resp.StatusCode)
	}
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	j := strings.Index(s, b)
	if j < 0 {
		return ""
	}
	return s[:j]
}

func TestLegacyHostHasNoJSONRPC(t *testing.T) {
	s := startSim(t, Options{Seed: 6, XapiVersion: "1.20"})
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "session.login_with_password", "params": []any{"root", "xenbench"}, "id": 1})
	resp, err := testClient.Post(s.MasterURL()+"/jsonrpc", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The xen-api client falls back to XML-RPC when it sees a 2xx text/xml
	// answer here.
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/xml" {
		t.Fatalf("a 1.20 host must answer /jsonrpc with 200 text/xml, got %d %s", resp.StatusCode, ct)
	}
	// XML-RPC works on any other POST path (xapi matches by longest prefix).
	for _, path := range []string{"/", "/xmlrpc", "/RPC2"} {
		resp, err := testClient.Post(s.MasterURL()+path, "text/xml", strings.NewReader(`<methodCall><methodName>session.login_with_password</methodName><params><param><value>root</value></param><param><value>xenbench</value></param></params></methodCall>`))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(b), "<value>Success</value>") {
			t.Errorf("XML-RPC on %s: %s", path, b)
		}
	}
}

func TestHomePageIsHTML(t *testing.T) {
	s := startSim(t, Options{Seed: 7})
	resp, body := get(t, s.MasterURL()+"/")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "<html") {
		t.Fatalf("GET / = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestMaxSessionsEvictsOldest(t *testing.T) {
	s := startSim(t, Options{Seed: 8, MaxSessions: 2})
	first := login(t, s)
	advance(t, s, 5)
	second := login(t, s)
	advance(t, s, 5)
	third := login(t, s)
	if _, e := call(t, s.MasterURL(), "VM.get_all", first); e == nil || e.Message != errSessionInvalid {
		t.Errorf("oldest session should be invalidated, got %+v", e)
	}
	for _, sid := range []string{second, third} {
		if _, e := call(t, s.MasterURL(), "VM.get_all", sid); e != nil {
			t.Errorf("newer session invalid: %+v", e)
		}
	}
}

func TestSessionTTLAndExpiryFault(t *testing.T) {
	s := startSim(t, Options{Seed: 9, SessionTTL: 600e9})
	sid := login(t, s)
	advance(t, s, 300e9)
	if _, e := call(t, s.MasterURL(), "VM.get_all", sid); e != nil {
		t.Fatalf("session used within TTL: %+v", e)
	}
	advance(t, s, 601e9)
	if _, e := call(t, s.MasterURL(), "VM.get_all", sid); e == nil || e.Message != errSessionInvalid {
		t.Fatalf("idle session should expire, got %+v", e)
	}
	sid = login(t, s)
	if n := s.ExpireSessions(); n != 1 {
		t.Errorf("ExpireSessions = %d, want 1", n)
	}
	if _, e := call(t, s.MasterURL(), "VM.get_all", sid); e == nil || e.Message != errSessionInvalid {
		t.Fatalf("expired session still valid: %+v", e)
	}
}

func TestTLS(t *testing.T) {
	s := startSim(t, Options{Seed: 10, TLS: true})
	if !strings.HasPrefix(s.MasterURL(), "https://") {
		t.Fatalf("MasterURL %s", s.MasterURL())
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: tlsConfigFor(s)}}
	body := `{"jsonrpc":"2.0","method":"session.login_with_password","params":["root","xenbench"],"id":1}`
	resp, err := client.Post(s.MasterURL()+"/jsonrpc", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("HTTPS with the simulator's certificate: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("HTTP %d", resp.StatusCode)
	}
	if _, err := testClient.Post(s.MasterURL()+"/jsonrpc", "application/json", strings.NewReader(body)); err == nil {
		t.Fatal("an untrusted self-signed certificate must fail verification")
	}
}

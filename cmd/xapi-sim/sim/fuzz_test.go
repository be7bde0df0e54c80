package sim

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

// FuzzParseXMLRPC: any body either parses or returns an error; never a
// panic or a hang.
func FuzzParseXMLRPC(f *testing.F) {
	for _, seed := range []string{
		`<?xml version="1.0"?><methodCall><methodName>session.login_with_password</methodName><params><param><value><string>root</string></value></param><param><value>pw</value></param></params></methodCall>`,
		`<methodCall><methodName>event.from</methodName><params><param><value>s</value></param><param><value><array><data><value>vm</value></data></array></value></param><param><value></value></param><param><value><double>60.1</double></value></param></params></methodCall>`,
		`<methodCall><methodName>x</methodName><params><param><value><struct><member><name>a</name><value><i4>1</i4></value></member><member><name>b</name><value><boolean>1</boolean></value></member></struct></value></param></params></methodCall>`,
		`<methodCall><methodName>x</methodName><params><param><value><dateTime.iso8601>20261125T12:00:00Z</dateTime.iso8601></value></param></params></methodCall>`,
		`<methodCall><methodName>session.logout</methodName>`,
		`<methodCall>`, ``, `<a/>`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := parseXMLRPC(body)
		if err == nil && c.Method == "" {
			t.Fatal("parsed a call without a method name")
		}
		if err == nil {
			// What parses must survive a round trip through the encoder.
			_ = encodeXMLRPCSuccess(c.Params)
		}
	})
}

func FuzzParseJSONRPC(f *testing.F) {
	for _, seed := range []string{
		`{"jsonrpc":"2.0","method":"session.login_with_password","params":["root","pw"],"id":0}`,
		`{"method":"VM.get_all","params":["OpaqueRef:x"],"id":"a"}`,
		`{"jsonrpc":"2.0","method":"event.from","params":["s",["vm"],"",60.1],"id":1}`,
		`{"jsonrpc":"2.0","method":"x","params":[{"a":[1,2.5,null,true]}],"id":1}`,
		`{"jsonrpc":"1.0","method":"x","params":[],"id":1}`,
		`{"method":"x","params":[],"id":null}`, `{`, `[]`, `null`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c, _, id, err := parseJSONRPC(body)
		if err != nil {
			return
		}
		if c.Method == "" || len(id) == 0 || string(id) == "null" {
			t.Fatalf("accepted an invalid request: %+v id=%s", c, id)
		}
		if _, err := encodeJSONRPCResult(true, id, c.Params); err != nil {
			t.Fatalf("decoded params do not re-encode: %v", err)
		}
	})
}

func FuzzPreferJSON(f *testing.F) {
	for _, seed := range []string{"", "application/json", "text/xml;q=0.9, */*;q=0.1", "*/*", "text/*;q=abc", ";;,,q=", "application/json;q=2"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, accept string) {
		j, ok := preferJSON(accept)
		if j && !ok {
			t.Fatal("JSON preferred without a usable header")
		}
	})
}

func FuzzParseUpdatesQuery(f *testing.F) {
	for _, seed := range []string{"start=-10&host=true&cf=AVERAGE&interval=5&json=true", "start=1700000000&vm_uuid=all", "vm_uuid=a&vm_uuid=b&start=0", "start=", "start=9223372036854775807", "start=-9223372036854775808"} {
		f.Add(seed)
	}
	s := &Server{prof: versionProfile{Digits: 5}}
	_ = s
	f.Fuzz(func(t *testing.T, rawQuery string) {
		r := &http.Request{URL: &url.URL{RawQuery: rawQuery}}
		uq, err := parseUpdatesQuery(r)
		if err != nil {
			return
		}
		if !uq.vmAll && len(uq.vmUUIDs) == 0 && r.URL.Query().Get("vm_uuid") != "none" {
			t.Fatalf("no VM filter from %q", rawQuery)
		}
	})
}

func FuzzParseVersion(f *testing.F) {
	for _, seed := range []string{"1.20", "1.249", "23.30", "23.31", "24.39.0", "25.3.0", "x.y", "1", "1.2.3.4", "-1.5", " 24.1 "} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, v string) {
		p, err := parseVersion(v)
		if err != nil {
			return
		}
		if p.Digits != 5 && p.Digits != 15 {
			t.Fatalf("digits %d for %q", p.Digits, v)
		}
		if !p.JSONRPC && p.RRDJSON != rrdJSONNone {
			t.Fatalf("%q: JSON RRDs without JSON-RPC", v)
		}
	})
}

func FuzzParseEventToken(f *testing.F) {
	for _, seed := range []string{"", "00000000000000000012,00000000000000000000", "1,2", ",", "a,b", "1,2,3", "-5,0"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		gen, ok := parseEventToken(tok)
		if ok && tok != "" && gen >= 0 {
			// A token we print must read back to the same generation.
			if back, ok := parseEventToken(eventToken(gen)); !ok || back != gen {
				t.Fatalf("round trip of %d failed", gen)
			}
		}
	})
}

func FuzzParseDateTime(f *testing.F) {
	for _, seed := range []string{"20261125T12:00:00Z", "2026-11-25T12:00:00Z", "2026-11-25T12:00:00+01:00", "20261125T12:00:00", "", "garbage"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, ok := parseDateTime(s)
		if !ok {
			return
		}
		if back, ok := parseDateTime(DateTime(tm).String()); !ok || !back.Equal(tm.Truncate(time.Second)) {
			t.Fatalf("%q -> %v does not round-trip (%v)", s, tm, back)
		}
	})
}

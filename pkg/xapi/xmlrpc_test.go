package xapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// oldHost is an XML-RPC-only xapi (XenServer 6.x): no /jsonrpc, methodCall at /.
func oldHost(t *testing.T, respond func(method, body string) string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		b, _ := io.ReadAll(r.Body)
		body := string(b)
		start := strings.Index(body, "<methodName>") + len("<methodName>")
		method := body[start:strings.Index(body, "</methodName>")]
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprint(w, respond(method, body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func xmlSuccess(value string) string {
	return `<?xml version="1.0"?><methodResponse><params><param><value><struct>` +
		`<member><name>Status</name><value>Success</value></member>` +
		`<member><name>Value</name>` + value + `</member></struct></value></param></params></methodResponse>`
}

func xmlFailure(desc ...string) string {
	var vals strings.Builder
	for _, d := range desc {
		vals.WriteString("<value>" + d + "</value>")
	}
	return `<?xml version="1.0"?><methodResponse><params><param><value><struct>` +
		`<member><name>Status</name><value>Failure</value></member>` +
		`<member><name>ErrorDescription</name><value><array><data>` + vals.String() + `</data></array></value></member>` +
		`</struct></value></param></params></methodResponse>`
}

func TestXMLRPCFallbackForOldHosts(t *testing.T) {
	srv := oldHost(t, func(method, body string) string {
		switch method {
		case "session.login_with_password":
			if !strings.Contains(body, testPassword) {
				return xmlFailure("SESSION_AUTHENTICATION_FAILED", "root", "Authentication failure")
			}
			return xmlSuccess(`<value>OpaqueRef:session-xml</value>`)
		case "host.get_all_records":
			return xmlSuccess(`<value><struct><member><name>OpaqueRef:h1</name><value><struct>` +
				`<member><name>name_label</name><value>xen6-a</value></member>` +
				`<member><name>API_version_major</name><value>1</value></member>` +
				`<member><name>API_version_minor</name><value><string>10</string></value></member>` +
				`<member><name>enabled</name><value><boolean>1</boolean></value></member>` +
				`<member><name>tags</name><value><array><data></data></array></value></member>` +
				`</struct></value></member></struct></value>`)
		}
		return xmlFailure("MESSAGE_METHOD_UNKNOWN", method)
	})
	c := mustClient(t, testConfig(srv.URL))
	var hosts map[string]struct {
		Name    string `json:"name_label"`
		Major   Int    `json:"API_version_major"`
		Minor   Int    `json:"API_version_minor"`
		Enabled Bool   `json:"enabled"`
	}
	if err := c.Call(context.Background(), "host.get_all_records", nil, &hosts); err != nil {
		t.Fatal(err)
	}
	h := hosts["OpaqueRef:h1"]
	if h.Name != "xen6-a" || h.Major != 1 || h.Minor != 10 || !bool(h.Enabled) {
		t.Fatalf("decoded %+v", h)
	}
	err := c.Call(context.Background(), "VM.get_all", nil, nil)
	if !errors.Is(err, ErrMethodUnknown) {
		t.Fatalf("got %v, want MESSAGE_METHOD_UNKNOWN", err)
	}
}

func TestDecodeXMLRPCResponseRejectsMalformed(t *testing.T) {
	bad := []string{
		"",
		"<methodResponse>",
		"<methodResponse><fault><value><string>x</string></value></fault></methodResponse>",
		"<methodResponse><params><param><value><i4>notanumber</i4></value></param></params></methodResponse>",
		"<methodResponse><params><param><value><double>Inf</double></value></param></params></methodResponse>",
		"<methodResponse><params><param><value><unknown/></value></param></params></methodResponse>",
		strings.Repeat("<value><array><data>", 100) + "1",
	}
	for _, b := range bad {
		if _, err := decodeXMLRPCResponse([]byte(b)); err == nil {
			t.Errorf("decodeXMLRPCResponse(%.60q) succeeded, want an error", b)
		}
	}
}

// FuzzDecodeXMLRPCResponse: any input gives a value or an error, never a panic or a
// hang (nesting is bounded by maxXMLRPCDepth).
func FuzzDecodeXMLRPCResponse(f *testing.F) {
	f.Add([]byte(xmlSuccess(`<value>OpaqueRef:x</value>`)))
	f.Add([]byte(xmlFailure("SESSION_INVALID", "OpaqueRef:x")))
	f.Add([]byte(xmlSuccess(`<value><struct><member><name>a</name><value><array><data><value><i4>1</i4></value><value><double>1.5</double></value></data></array></value></member></struct></value>`)))
	f.Add([]byte("<methodResponse><params><param><value><boolean>1</boolean></value></param></params></methodResponse>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeXMLRPCResponse(b)
	})
}

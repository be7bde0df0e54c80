package xapi

import (
	"context"
	"errors"
	"math"
	"net/url"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// A strict-JSON rrd_updates body (xapi 23.31+: every number a string), two rows, newest
// first as xapi writes them.
const rrdJSONBody = `{"meta":{"start":"1700000000","step":"5","end":"1700000010","rows":"2","columns":"2",` +
	`"legend":["AVERAGE:host:h-1:cpu0","AVERAGE:vm:v-1:memory"]},` +
	`"data":[{"t":"1700000010","values":["0.5","NaN"]},{"t":"1700000005","values":["0.25","209715200.0"]}]}`

const rrdXMLBody = `<?xml version="1.0"?><xport><meta><start>1700000000</start><step>5</step><end>1700000010</end>` +
	`<rows>2</rows><columns>2</columns><legend><entry>AVERAGE:host:h-1:cpu0</entry><entry>AVERAGE:vm:v-1:memory</entry></legend></meta>` +
	`<data><row><t>1700000010</t><v>0.5</v><v>NaN</v></row><row><t>1700000005</t><v>0.25</v><v>209715200.0</v></row></data></xport>`

func TestGetRRDUpdates(t *testing.T) {
	tests := []struct {
		name, body, contentType string
	}{
		{"strict JSON", rrdJSONBody, "application/json"},
		{"XML", rrdXMLBody, "text/xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeXAPI(t)
			f.rrdBody, f.rrdContentType = tt.body, tt.contentType
			c := mustClient(t, testConfig(f.srv.URL))
			u, err := c.GetRRDUpdates(context.Background(), f.addr(), RRDParams{Start: 1700000000, CF: "AVERAGE", Interval: 5, Host: true, VMUUID: "all"})
			if err != nil {
				t.Fatal(err)
			}
			if len(u.Legends) != 2 || u.Legends[1].Kind != "vm" || u.Legends[1].Metric != "memory" {
				t.Fatalf("legends %+v", u.Legends)
			}
			if len(u.Timestamps) != 2 || u.Timestamps[0] != 1700000005 || u.Values[0][0] != 0.25 || !math.IsNaN(u.Values[1][1]) {
				t.Fatalf("rows %v %v", u.Timestamps, u.Values)
			}
			q, _ := url.ParseQuery(f.lastRRDQuery.Load().(string))
			want := map[string]string{"start": "1700000000", "cf": "AVERAGE", "interval": "5", "host": "true", "vm_uuid": "all", "json": "true"}
			for k, v := range want {
				if q.Get(k) != v {
					t.Errorf("query %s = %q, want %q", k, q.Get(k), v)
				}
			}
			if !strings.HasPrefix(q.Get("session_id"), "OpaqueRef:") {
				t.Errorf("session_id not sent")
			}
		})
	}
}

func TestGetRRDUpdatesRenewsARefusedSession(t *testing.T) {
	f := newFakeXAPI(t)
	f.rrdBody = rrdJSONBody
	c := mustClient(t, testConfig(f.srv.URL))
	ctx := context.Background()
	if _, err := c.GetRRDUpdates(ctx, f.addr(), RRDParams{Start: 1}); err != nil {
		t.Fatal(err)
	}
	f.invalidateSessions()
	if _, err := c.GetRRDUpdates(ctx, f.addr(), RRDParams{Start: 1}); err != nil {
		t.Fatalf("after session expiry: %v", err)
	}
	if f.logins.Load() != 2 || f.rrdCalls.Load() != 3 {
		t.Fatalf("logins=%d rrd calls=%d, want 2 and 3", f.logins.Load(), f.rrdCalls.Load())
	}
}

func TestGetRRDUpdatesFailures(t *testing.T) {
	tests := []struct {
		name, body string
		limit      int64
		wantIs     error
	}{
		{"truncated", rrdJSONBody[:len(rrdJSONBody)/2], 1 << 20, ErrRRDFormat},
		{"legend mismatch", strings.Replace(rrdJSONBody, `"0.5","NaN"`, `"0.5"`, 1), 1 << 20, ErrRRDFormat},
		{"garbage", "hello", 1 << 20, ErrRRDFormat},
		{"an HTML page labelled application/json", "<!doctype html><html><body>Welcome to nginx!</body></html>", 1 << 20, ErrNotXAPI},
		{"an HTML comment and page", "  <!-- login --><html><p>Please sign in</p></html>", 1 << 20, ErrNotXAPI},
		{"over the size limit", rrdJSONBody, 100, ErrResponseTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeXAPI(t)
			f.rrdBody = tt.body
			cfg := testConfig(f.srv.URL)
			cfg.MaxResponseBytes = tt.limit
			logs := newCaptureLogger()
			cfg.Logger = logs
			c := mustClient(t, cfg)
			_, err := c.GetRRDUpdates(context.Background(), f.addr(), RRDParams{Start: 1})
			if !errors.Is(err, tt.wantIs) || !backend.IsDownstreamError(err) {
				t.Fatalf("got %v, want downstream %v", err, tt.wantIs)
			}
			assertNoSecrets(t, append(logs.all(), err.Error()), testPassword)
		})
	}
}

// TestXAPIBodiesAreNotTakenForHTML guards the content sniffing: every body shape a real
// host sends must pass it.
func TestXAPIBodiesAreNotTakenForHTML(t *testing.T) {
	for name, body := range map[string]string{
		"strict JSON rrd_updates":             rrdJSONBody,
		"XML rrd_updates":                     rrdXMLBody,
		"XML rrd_updates without declaration": strings.TrimPrefix(rrdXMLBody, `<?xml version="1.0"?>`),
		"JSON5-like rrd_updates":              `{meta: {start: 1700000000,step: 5,end: 1700000010,rows: 1,columns: 1,legend: ['AVERAGE:host:h-1:cpu0']},data: [{t: 1700000010,values: [0.5]}]}`,
		"JSON-RPC result":                     `{"jsonrpc":"2.0","result":"OpaqueRef:x","id":1}`,
		"XML-RPC response":                    `<?xml version="1.0"?><methodResponse><params><param><value><struct></struct></value></param></params></methodResponse>`,
		"XML-RPC without declaration":         `<methodResponse><params><param><value>x</value></param></params></methodResponse>`,
	} {
		if looksLikeHTML([]byte(body)) {
			t.Errorf("%s taken for HTML", name)
		}
	}
}

package xapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"sync/atomic"
)

// JSON-RPC wire format: xapi-project/xen-api doc/content/xen-api/wire-protocol.md
// ("JSON-RPC v2.0" and "v1.0"). Requests are POSTed to /jsonrpc with positional params,
// the session ref first; the id must not be null. v2.0 errors are objects
// {"code":..,"message":CODE,"data":[params]}; v1.0 errors are arrays [CODE, params...].

var rpcID atomic.Uint64

type jsonRPCRequest struct {
	JSONRPC string `json:"jsonrpc"`
	Method  string `json:"method"`
	Params  []any  `json:"params"`
	ID      uint64 `json:"id"`
}

type jsonRPCResponse struct {
	Result json.RawMessage `json:"result"`
	Error  json.RawMessage `json:"error"`
}

type jsonRPCErrorV2 struct {
	Message string `json:"message"`
	Data    []any  `json:"data"`
}

// errUseXMLRPC is returned by callJSONRPC when the host does not speak JSON-RPC but
// looks like an XML-RPC-only xapi (text/xml answer or 404 on /jsonrpc).
var errUseXMLRPC = fmt.Errorf("host does not serve JSON-RPC")

// callJSONRPC performs one JSON-RPC call against base (scheme://host[:port]) and decodes
// the result into out (which may be nil).
func (c *Client) callJSONRPC(ctx context.Context, base *url.URL, method string, params []any, out any) error {
	body, err := json.Marshal(jsonRPCRequest{JSONRPC: "2.0", Method: method, Params: params, ID: rpcID.Add(1)})
	if err != nil {
		return fmt.Errorf("xapi: encoding %s request: %w", method, err)
	}
	endpoint := base.JoinPath("/jsonrpc")
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint.String(), bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("xapi: building request to %s: %w", endpoint.Redacted(), err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return c.transportError(ctx, base, err)
	}
	defer drainClose(resp)

	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch {
	case resp.StatusCode == http.StatusNotFound || mediaType == "text/xml":
		return errUseXMLRPC
	case mediaType == "text/html":
		return c.notXAPI(base, fmt.Sprintf("it answered POST /jsonrpc with an HTML page (HTTP %d)", resp.StatusCode))
	case resp.StatusCode != http.StatusOK:
		return c.httpStatusError(base, "/jsonrpc", resp.StatusCode)
	case mediaType != "application/json":
		return c.notXAPI(base, fmt.Sprintf("it answered POST /jsonrpc with Content-Type %q instead of application/json", mediaType))
	}
	respBody, isHTML := htmlSniffer(resp.Body)
	if isHTML {
		return c.notXAPI(base, fmt.Sprintf("it answered POST /jsonrpc with an HTML page labelled %q", mediaType))
	}
	raw, err := c.readLimited(ctx, base, respBody)
	if err != nil {
		return err
	}
	var r jsonRPCResponse
	if err := json.Unmarshal(raw, &r); err != nil {
		return c.badResponse(base, method, fmt.Errorf("not valid JSON: %w", err))
	}
	if len(r.Error) > 0 && string(r.Error) != "null" {
		return c.decodeJSONRPCError(base, method, r.Error)
	}
	if out == nil {
		return nil
	}
	if len(r.Result) == 0 {
		return c.badResponse(base, method, fmt.Errorf("neither result nor error present"))
	}
	if err := json.Unmarshal(r.Result, out); err != nil {
		return c.badResponse(base, method, fmt.Errorf("unexpected result shape: %w", err))
	}
	return nil
}

func (c *Client) decodeJSONRPCError(base *url.URL, method string, raw json.RawMessage) error {
	var v2 jsonRPCErrorV2
	if err := json.Unmarshal(raw, &v2); err == nil && v2.Message != "" {
		return c.newXAPIError(v2.Message, stringify(v2.Data))
	}
	var v1 []any
	if err := json.Unmarshal(raw, &v1); err == nil && len(v1) > 0 {
		strs := stringify(v1)
		return c.newXAPIError(strs[0], strs[1:])
	}
	return c.badResponse(base, method, fmt.Errorf("unrecognised error object"))
}

// newXAPIError builds an *Error with any secret parameter (the session ref, which
// SESSION_INVALID echoes back) replaced.
func (c *Client) newXAPIError(code string, params []string) *Error {
	for i, p := range params {
		params[i] = c.scrub().clean(p)
	}
	return &Error{Code: code, Params: params}
}

func stringify(vals []any) []string {
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		switch t := v.(type) {
		case string:
			out = append(out, t)
		case nil:
			out = append(out, "")
		default:
			b, _ := json.Marshal(t)
			out = append(out, string(b))
		}
	}
	return out
}

package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// JSON-RPC framing as xapi speaks it at POST /jsonrpc
// (doc/content/xen-api/wire-protocol.md, "JSON-RPC Protocol"): v1.0 and v2.0
// requests are both accepted, params are positional, the id may not be null
// (no notifications), and errors are {code, message: <XAPI code>, data:
// [params]} in v2.0 or a string array in v1.0.

// rpcCall is a decoded request, independent of the wire protocol.
type rpcCall struct {
	Method string
	Params []any
}

type jsonRPCRequest struct {
	JSONRPC *string           `json:"jsonrpc"`
	Method  string            `json:"method"`
	Params  []json.RawMessage `json:"params"`
	ID      json.RawMessage   `json:"id"`
}

// parseJSONRPC decodes one JSON-RPC request. It reports whether the caller
// used v2.0 so the answer can use the same shape.
func parseJSONRPC(body []byte) (call rpcCall, v2 bool, id json.RawMessage, err error) {
	var req jsonRPCRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&req); err != nil {
		return call, false, nil, fmt.Errorf("request body is not a JSON-RPC object: %w", err)
	}
	if req.JSONRPC != nil && *req.JSONRPC != "2.0" {
		return call, false, nil, fmt.Errorf("unsupported jsonrpc version %q (want \"2.0\" or no member for 1.0)", *req.JSONRPC)
	}
	if req.Method == "" {
		return call, false, nil, errors.New("JSON-RPC request has no method")
	}
	if len(req.ID) == 0 || string(req.ID) == "null" {
		return call, false, nil, errors.New("JSON-RPC request id is missing or null; xapi accepts no notifications")
	}
	params := make([]any, 0, len(req.Params))
	for i, raw := range req.Params {
		v, err := decodeJSONValue(raw)
		if err != nil {
			return call, false, nil, fmt.Errorf("param %d: %w", i, err)
		}
		params = append(params, v)
	}
	return rpcCall{Method: req.Method, Params: params}, req.JSONRPC != nil, req.ID, nil
}

// decodeJSONValue turns JSON into the simulator's value types: integers
// become int64 (XAPI ints are 64-bit JSON numbers without a decimal point),
// other numbers float64.
func decodeJSONValue(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return normaliseJSON(v), nil
}

func normaliseJSON(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		for i := range x {
			x[i] = normaliseJSON(x[i])
		}
		return x
	case map[string]any:
		for k := range x {
			x[k] = normaliseJSON(x[k])
		}
		return x
	default:
		return v
	}
}

// MarshalJSON writes the datetime as the JSON string xapi sends.
func (d DateTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.String() + `"`), nil
}

// encodeJSONRPCResult builds a success answer in the caller's protocol version.
func encodeJSONRPCResult(v2 bool, id json.RawMessage, result any) ([]byte, error) {
	if v2 {
		return json.Marshal(struct {
			JSONRPC string          `json:"jsonrpc"`
			Result  any             `json:"result"`
			ID      json.RawMessage `json:"id"`
		}{"2.0", result, id})
	}
	return json.Marshal(struct {
		Result any             `json:"result"`
		Error  any             `json:"error"`
		ID     json.RawMessage `json:"id"`
	}{result, nil, id})
}

// encodeJSONRPCError builds an error answer. The v2.0 code member is unused
// by xapi ("retained for compliance ... non-zero"); xapi sends 1.
func encodeJSONRPCError(v2 bool, id json.RawMessage, e *XapiError) ([]byte, error) {
	params := e.Params
	if params == nil {
		params = []string{}
	}
	if v2 {
		return json.Marshal(struct {
			JSONRPC string `json:"jsonrpc"`
			Error   struct {
				Code    int      `json:"code"`
				Message string   `json:"message"`
				Data    []string `json:"data"`
			} `json:"error"`
			ID json.RawMessage `json:"id"`
		}{JSONRPC: "2.0", Error: struct {
			Code    int      `json:"code"`
			Message string   `json:"message"`
			Data    []string `json:"data"`
		}{1, e.Code, params}, ID: id})
	}
	return json.Marshal(struct {
		Result any             `json:"result"`
		Error  []string        `json:"error"`
		ID     json.RawMessage `json:"id"`
	}{nil, append([]string{e.Code}, params...), id})
}

package xapi

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// XML-RPC transport for hosts without /jsonrpc (XenServer 5.x/6.x). Wire format:
// http://xmlrpc.com/spec.md, and xapi's result envelope
// {Status: "Success", Value: v} | {Status: "Failure", ErrorDescription: [CODE, params...]}
// (xapi-project/xen-api doc/content/xen-api/wire-protocol.md, "XML-RPC").
// xapi sends 64-bit integers as strings and untyped <value>s as strings.

func (c *Client) callXMLRPC(ctx context.Context, base *url.URL, method string, params []any, out any) error {
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0"?><methodCall><methodName>`)
	xml.EscapeText(&buf, []byte(method))
	buf.WriteString(`</methodName><params>`)
	for _, p := range params {
		buf.WriteString(`<param>`)
		if err := encodeXMLRPCValue(&buf, p); err != nil {
			return fmt.Errorf("xapi: encoding %s request: %w", method, err)
		}
		buf.WriteString(`</param>`)
	}
	buf.WriteString(`</params></methodCall>`)

	endpoint := base.JoinPath("/")
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint.String(), &buf)
	if err != nil {
		return fmt.Errorf("xapi: building request to %s: %w", endpoint.Redacted(), err)
	}
	req.Header.Set("Content-Type", "text/xml")
	resp, err := c.http.Do(req)
	if err != nil {
		return c.transportError(ctx, base, err)
	}
	defer drainClose(resp)
	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	body, isHTML := htmlSniffer(resp.Body)
	switch {
	case mediaType == "text/html" || isHTML:
		return c.notXAPI(base, fmt.Sprintf("it has no /jsonrpc endpoint and answered XML-RPC at / with an HTML page (HTTP %d)", resp.StatusCode))
	case resp.StatusCode != http.StatusOK:
		return c.httpStatusError(base, "/ (XML-RPC)", resp.StatusCode)
	}
	raw, err := c.readLimited(ctx, base, body)
	if err != nil {
		return err
	}
	v, err := decodeXMLRPCResponse(raw)
	if err != nil {
		return c.badResponse(base, method, err)
	}
	envelope, ok := v.(map[string]any)
	if !ok {
		return c.badResponse(base, method, errors.New("XML-RPC result is not a struct with Status"))
	}
	switch envelope["Status"] {
	case "Success":
	case "Failure":
		desc, _ := envelope["ErrorDescription"].([]any)
		strs := stringify(desc)
		if len(strs) == 0 {
			return c.badResponse(base, method, errors.New("Failure without ErrorDescription"))
		}
		return c.newXAPIError(strs[0], strs[1:])
	default:
		return c.badResponse(base, method, fmt.Errorf("unknown Status %v", envelope["Status"]))
	}
	if out == nil {
		return nil
	}
	// Re-encode as JSON so the same record types serve both transports (their
	// number types accept JSON strings, which is how XML-RPC carries int64).
	js, err := json.Marshal(envelope["Value"])
	if err != nil {
		return c.badResponse(base, method, err)
	}
	if err := json.Unmarshal(js, out); err != nil {
		return c.badResponse(base, method, fmt.Errorf("unexpected result shape: %w", err))
	}
	return nil
}

func encodeXMLRPCValue(buf *bytes.Buffer, v any) error {
	buf.WriteString("<value>")
	switch t := v.(type) {
	case string:
		buf.WriteString("<string>")
		xml.EscapeText(buf, []byte(t))
		buf.WriteString("</string>")
	case bool:
		if t {
			buf.WriteString("<boolean>1</boolean>")
		} else {
			buf.WriteString("<boolean>0</boolean>")
		}
	case int:
		// xapi takes int64 as a string in XML-RPC.
		buf.WriteString("<string>" + strconv.Itoa(t) + "</string>")
	case int64:
		buf.WriteString("<string>" + strconv.FormatInt(t, 10) + "</string>")
	case float64:
		buf.WriteString("<double>" + strconv.FormatFloat(t, 'g', -1, 64) + "</double>")
	case []string:
		buf.WriteString("<array><data>")
		for _, s := range t {
			if err := encodeXMLRPCValue(buf, s); err != nil {
				return err
			}
		}
		buf.WriteString("</data></array>")
	case []any:
		buf.WriteString("<array><data>")
		for _, e := range t {
			if err := encodeXMLRPCValue(buf, e); err != nil {
				return err
			}
		}
		buf.WriteString("</data></array>")
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		buf.WriteString("<struct>")
		for _, k := range keys {
			buf.WriteString("<member><name>")
			xml.EscapeText(buf, []byte(k))
			buf.WriteString("</name>")
			if err := encodeXMLRPCValue(buf, t[k]); err != nil {
				return err
			}
			buf.WriteString("</member>")
		}
		buf.WriteString("</struct>")
	default:
		return fmt.Errorf("cannot encode %T as XML-RPC", v)
	}
	buf.WriteString("</value>")
	return nil
}

// maxXMLRPCDepth bounds nesting so a hostile body cannot exhaust the stack.
const maxXMLRPCDepth = 64

// decodeXMLRPCResponse returns the single <param> value of a <methodResponse>, or an
// error for a <fault> or malformed XML.
func decodeXMLRPCResponse(raw []byte) (any, error) {
	d := xml.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, errors.New("no <value> in XML-RPC response")
			}
			return nil, fmt.Errorf("XML-RPC response: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "fault":
				return nil, errors.New("XML-RPC fault (the host rejected the request format)")
			case "value":
				return decodeXMLRPCValue(d, 0)
			}
		}
	}
}

// decodeXMLRPCValue reads after a <value> start tag up to its end tag.
func decodeXMLRPCValue(d *xml.Decoder, depth int) (any, error) {
	if depth > maxXMLRPCDepth {
		return nil, errors.New("XML-RPC value nested too deeply")
	}
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("XML-RPC value: %w", err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			text.Write(t)
		case xml.EndElement: // </value> with bare text: a string
			return text.String(), nil
		case xml.StartElement:
			v, err := decodeXMLRPCTyped(d, t.Name.Local, depth)
			if err != nil {
				return nil, err
			}
			if err := skipTo(d, "value"); err != nil {
				return nil, err
			}
			return v, nil
		}
	}
}

func decodeXMLRPCTyped(d *xml.Decoder, typ string, depth int) (any, error) {
	switch typ {
	case "struct":
		m := map[string]any{}
		for {
			tok, err := d.Token()
			if err != nil {
				return nil, fmt.Errorf("XML-RPC struct: %w", err)
			}
			switch t := tok.(type) {
			case xml.EndElement:
				return m, nil
			case xml.StartElement:
				if t.Name.Local != "member" {
					return nil, fmt.Errorf("XML-RPC struct: unexpected <%s>", t.Name.Local)
				}
				name, val, err := decodeMember(d, depth)
				if err != nil {
					return nil, err
				}
				m[name] = val
			}
		}
	case "array":
		var out []any
		for {
			tok, err := d.Token()
			if err != nil {
				return nil, fmt.Errorf("XML-RPC array: %w", err)
			}
			switch t := tok.(type) {
			case xml.EndElement:
				if t.Name.Local == "array" {
					if out == nil {
						out = []any{}
					}
					return out, nil
				}
			case xml.StartElement:
				if t.Name.Local == "value" {
					v, err := decodeXMLRPCValue(d, depth+1)
					if err != nil {
						return nil, err
					}
					out = append(out, v)
				}
			}
		}
	}
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("XML-RPC <%s>: %w", typ, err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			text.Write(cd)
			continue
		}
		if _, ok := tok.(xml.EndElement); ok {
			break
		}
	}
	s := text.String()
	switch typ {
	case "string", "dateTime.iso8601":
		return s, nil
	case "boolean":
		return strings.TrimSpace(s) == "1", nil
	case "int", "i4", "i8":
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("XML-RPC <%s>%q: %w", typ, s, err)
		}
		return n, nil
	case "double":
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("XML-RPC <double>%q is not a finite number", s)
		}
		return f, nil
	case "nil":
		return nil, nil
	}
	return nil, fmt.Errorf("XML-RPC: unknown value type <%s>", typ)
}

func decodeMember(d *xml.Decoder, depth int) (string, any, error) {
	var name string
	var val any
	for {
		tok, err := d.Token()
		if err != nil {
			return "", nil, fmt.Errorf("XML-RPC member: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "name":
				var s string
				if err := d.DecodeElement(&s, &t); err != nil {
					return "", nil, fmt.Errorf("XML-RPC member name: %w", err)
				}
				name = s
			case "value":
				v, err := decodeXMLRPCValue(d, depth+1)
				if err != nil {
					return "", nil, err
				}
				val = v
			}
		case xml.EndElement:
			return name, val, nil
		}
	}
}

// skipTo consumes tokens up to and including the end tag named name.
func skipTo(d *xml.Decoder, name string) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return fmt.Errorf("XML-RPC: %w", err)
		}
		if e, ok := tok.(xml.EndElement); ok && e.Name.Local == name {
			return nil
		}
	}
}

package sim

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// XML-RPC as xapi speaks it at POST / (doc/content/xen-api/wire-protocol.md,
// "XML-RPC Protocol"): every answer is a struct with Status = Success and a
// Value, or Status = Failure and an ErrorDescription string array. 64-bit
// ints travel as strings of digits; strings as bare <value>text</value>
// (as in the doc's examples).

// parseXMLRPC decodes a <methodCall>. It rejects anything else with an error
// naming what was expected, which the handler turns into xapi's HTTP 500.
func parseXMLRPC(body []byte) (rpcCall, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	var call rpcCall
	if err := expectStart(dec, "methodCall"); err != nil {
		return call, err
	}
	sawName := false
	for {
		tok, err := nextNonSpace(dec)
		if err != nil {
			return call, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "methodName":
				name, err := readText(dec)
				if err != nil {
					return call, fmt.Errorf("methodName: %w", err)
				}
				call.Method = strings.TrimSpace(name)
				sawName = true
			case "params":
				params, err := readParams(dec)
				if err != nil {
					return call, err
				}
				call.Params = params
			default:
				return call, fmt.Errorf("unexpected <%s> in <methodCall>", t.Name.Local)
			}
		case xml.EndElement:
			if !sawName || call.Method == "" {
				return call, errors.New("<methodCall> has no <methodName>")
			}
			if call.Params == nil {
				call.Params = []any{}
			}
			return call, nil
		}
	}
}

func expectStart(dec *xml.Decoder, name string) error {
	for {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("looking for <%s>: %w", name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != name {
				return fmt.Errorf("got <%s>, want <%s>", t.Name.Local, name)
			}
			return nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return fmt.Errorf("text before <%s>", name)
			}
		case xml.EndElement:
			return fmt.Errorf("got </%s>, want <%s>", t.Name.Local, name)
		}
	}
}

// nextNonSpace skips whitespace, comments and processing instructions.
func nextNonSpace(dec *xml.Decoder) (xml.Token, error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) == 0 {
				continue
			}
			return nil, fmt.Errorf("unexpected text %q", truncate(string(t), 40))
		case xml.Comment, xml.ProcInst, xml.Directive:
			continue
		default:
			return tok, nil
		}
	}
}

// readText reads character data up to the end of the current element.
func readText(dec *xml.Decoder) (string, error) {
	var sb strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			sb.Write(t)
		case xml.EndElement:
			return sb.String(), nil
		case xml.StartElement:
			return "", fmt.Errorf("unexpected <%s> inside text", t.Name.Local)
		}
	}
}

func readParams(dec *xml.Decoder) ([]any, error) {
	params := []any{}
	for {
		tok, err := nextNonSpace(dec)
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "param" {
				return nil, fmt.Errorf("unexpected <%s> in <params>", t.Name.Local)
			}
			if err := expectStart(dec, "value"); err != nil {
				return nil, fmt.Errorf("param %d: %w", len(params), err)
			}
			v, err := readValue(dec, 0)
			if err != nil {
				return nil, fmt.Errorf("param %d: %w", len(params), err)
			}
			params = append(params, v)
			if _, err := nextNonSpace(dec); err != nil { // </param>
				return nil, err
			}
		case xml.EndElement:
			return params, nil
		}
	}
}

// maxXMLDepth bounds nesting so a hostile body cannot exhaust the stack.
const maxXMLDepth = 64

// readValue reads the inside of a <value> whose start tag was consumed.
func readValue(dec *xml.Decoder, depth int) (any, error) {
	if depth > maxXMLDepth {
		return nil, errors.New("XML-RPC value nested too deeply")
	}
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			text.Write(t)
		case xml.Comment, xml.ProcInst:
		case xml.EndElement: // </value> with bare text: a string
			return text.String(), nil
		case xml.StartElement:
			v, err := readTyped(dec, t.Name.Local, depth)
			if err != nil {
				return nil, err
			}
			if _, err := nextNonSpace(dec); err != nil { // </value>
				return nil, err
			}
			return v, nil
		}
	}
}

func readTyped(dec *xml.Decoder, kind string, depth int) (any, error) {
	switch kind {
	case "string":
		return readText(dec)
	case "int", "i4", "i8":
		s, err := readText(dec)
		if err != nil {
			return nil, err
		}
		i, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("<%s>%s</%s> is not an integer", kind, truncate(s, 20), kind)
		}
		return i, nil
	case "double":
		s, err := readText(dec)
		if err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("<double>%s</double> is not a number", truncate(s, 20))
		}
		return f, nil
	case "boolean":
		s, err := readText(dec)
		if err != nil {
			return nil, err
		}
		switch strings.TrimSpace(s) {
		case "1", "true":
			return true, nil
		case "0", "false":
			return false, nil
		}
		return nil, fmt.Errorf("<boolean>%s</boolean> is not 0 or 1", truncate(s, 20))
	case "dateTime.iso8601":
		s, err := readText(dec)
		if err != nil {
			return nil, err
		}
		t, ok := parseDateTime(strings.TrimSpace(s))
		if !ok {
			return nil, fmt.Errorf("bad dateTime.iso8601 %q", truncate(s, 30))
		}
		return DateTime(t), nil
	case "array":
		return readArray(dec, depth)
	case "struct":
		return readStruct(dec, depth)
	}
	return nil, fmt.Errorf("unsupported XML-RPC type <%s>", kind)
}

func readArray(dec *xml.Decoder, depth int) (any, error) {
	if err := expectStart(dec, "data"); err != nil {
		return nil, err
	}
	out := []any{}
	for {
		tok, err := nextNonSpace(dec)
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "value" {
				return nil, fmt.Errorf("unexpected <%s> in <data>", t.Name.Local)
			}
			v, err := readValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		case xml.EndElement: // </data>
			if _, err := nextNonSpace(dec); err != nil { // </array>
				return nil, err
			}
			return out, nil
		}
	}
}

func readStruct(dec *xml.Decoder, depth int) (any, error) {
	out := map[string]any{}
	for {
		tok, err := nextNonSpace(dec)
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "member" {
				return nil, fmt.Errorf("unexpected <%s> in <struct>", t.Name.Local)
			}
			if err := expectStart(dec, "name"); err != nil {
				return nil, err
			}
			name, err := readText(dec)
			if err != nil {
				return nil, err
			}
			if err := expectStart(dec, "value"); err != nil {
				return nil, err
			}
			v, err := readValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			out[name] = v
			if _, err := nextNonSpace(dec); err != nil { // </member>
				return nil, err
			}
		case xml.EndElement: // </struct>
			return out, nil
		}
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// encodeXMLRPCSuccess wraps a value in xapi's Status/Value struct.
func encodeXMLRPCSuccess(v any) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><methodResponse><params><param><value><struct>`)
	b.WriteString(`<member><name>Status</name><value>Success</value></member><member><name>Value</name>`)
	writeXMLValue(&b, v)
	b.WriteString(`</member></struct></value></param></params></methodResponse>`)
	return b.Bytes()
}

// encodeXMLRPCFailure wraps an error in xapi's Status/ErrorDescription struct.
func encodeXMLRPCFailure(e *XapiError) []byte {
	desc := make([]any, 0, len(e.Params)+1)
	desc = append(desc, e.Code)
	for _, p := range e.Params {
		desc = append(desc, p)
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><methodResponse><params><param><value><struct>`)
	b.WriteString(`<member><name>Status</name><value>Failure</value></member><member><name>ErrorDescription</name>`)
	writeXMLValue(&b, desc)
	b.WriteString(`</member></struct></value></param></params></methodResponse>`)
	return b.Bytes()
}

func writeXMLValue(b *bytes.Buffer, v any) {
	b.WriteString("<value>")
	switch x := v.(type) {
	case nil:
		// void travels as an empty string (wire-protocol.md).
	case string:
		xmlEscape(b, x)
	case bool:
		if x {
			b.WriteString("<boolean>1</boolean>")
		} else {
			b.WriteString("<boolean>0</boolean>")
		}
	case int:
		b.WriteString(strconv.Itoa(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			x = 0
		}
		b.WriteString("<double>")
		b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
		b.WriteString("</double>")
	case DateTime:
		b.WriteString("<dateTime.iso8601>")
		b.WriteString(x.String())
		b.WriteString("</dateTime.iso8601>")
	case time.Time:
		b.WriteString("<dateTime.iso8601>")
		b.WriteString(DateTime(x).String())
		b.WriteString("</dateTime.iso8601>")
	case []string:
		b.WriteString("<array><data>")
		for _, e := range x {
			writeXMLValue(b, e)
		}
		b.WriteString("</data></array>")
	case []any:
		b.WriteString("<array><data>")
		for _, e := range x {
			writeXMLValue(b, e)
		}
		b.WriteString("</data></array>")
	case map[string]string:
		b.WriteString("<struct>")
		for _, k := range sortedKeys(x) {
			writeMember(b, k, x[k])
		}
		b.WriteString("</struct>")
	case map[string]any:
		b.WriteString("<struct>")
		for _, k := range sortedKeys(x) {
			writeMember(b, k, x[k])
		}
		b.WriteString("</struct>")
	case map[string]int64:
		b.WriteString("<struct>")
		for _, k := range sortedKeys(x) {
			writeMember(b, k, x[k])
		}
		b.WriteString("</struct>")
	default:
		xmlEscape(b, fmt.Sprint(x))
	}
	b.WriteString("</value>")
}

func writeMember(b *bytes.Buffer, name string, v any) {
	b.WriteString("<member><name>")
	xmlEscape(b, name)
	b.WriteString("</name>")
	writeXMLValue(b, v)
	b.WriteString("</member>")
}

func xmlEscape(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

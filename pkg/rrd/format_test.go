package rrd

import (
	"errors"
	"strings"
	"testing"
)

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    Format
		wantErr string
	}{
		{`<?xml version="1.0" encoding="UTF-8"?><xport>`, FormatXML, ""},
		{"\xEF\xBB\xBF\n <rrd>", FormatXML, ""},
		{`{meta: {start:1`, FormatJSON5, ""},
		{`{ 'meta': {`, FormatJSON5, ""},
		{`{"meta":{"start":"1"`, FormatJSONStrings, ""},
		{"{\n  \"version\": \"0003\"", FormatJSONStrings, ""},
		{``, FormatUnknown, "prefix too short"},
		{"\xEF\xBB", FormatUnknown, "prefix too short"},
		{"\xEF\xBB\xBF", FormatUnknown, "prefix too short"},
		{`  {  `, FormatUnknown, "prefix too short"},
		{`{1:2}`, FormatUnknown, "expected a key"},
		{`HTTP/1.1 500`, FormatUnknown, "unrecognised payload"},
		{`[`, FormatUnknown, "unrecognised payload"},
	}
	for _, tt := range tests {
		got, err := DetectFormat([]byte(tt.in))
		if got != tt.want {
			t.Errorf("DetectFormat(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("DetectFormat(%q) err = %v, want %q", tt.in, err, tt.wantErr)
		}
		if err != nil && tt.wantErr == "prefix too short" && !errors.Is(err, errNeedMore) {
			t.Errorf("DetectFormat(%q) err = %v, want errNeedMore", tt.in, err)
		}
	}
}

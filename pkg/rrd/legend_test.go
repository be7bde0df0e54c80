package rrd

import (
	"strings"
	"testing"
)

func TestParseLegend(t *testing.T) {
	tests := []struct {
		in      string
		want    Legend
		wantErr string
	}{
		{in: "AVERAGE:host:" + hostUUID + ":cpu0", want: Legend{"AVERAGE", "host", hostUUID, "cpu0"}},
		{in: "MAX:vm:" + vmUUID + ":vbd_xvda_read_latency", want: Legend{"MAX", "vm", vmUUID, "vbd_xvda_read_latency"}},
		{in: "MIN:sr:3a1c2b4d-6e5f-4a7b-8c9d-0e1f2a3b4c5d:read_latency", want: Legend{"MIN", "sr", "3a1c2b4d-6e5f-4a7b-8c9d-0e1f2a3b4c5d", "read_latency"}},
		{in: "LAST:host:h:a:b", want: Legend{"LAST", "host", "h", "a:b"}},           // metric keeps its colons
		{in: "AVERAGE:pbd:p:future", want: Legend{"AVERAGE", "pbd", "p", "future"}}, // unknown kinds are kept
		{in: "", wantErr: "want CF:kind:uuid:metric"},
		{in: "cpu0", wantErr: "want CF:kind:uuid:metric"},
		{in: "AVERAGE:host:cpu0", wantErr: "want CF:kind:uuid:metric"},
		{in: "average:host:h:cpu0", wantErr: `unknown consolidation function "average"`},
		{in: "AVERAGE::h:cpu0", wantErr: "empty kind, uuid or metric"},
		{in: "AVERAGE:host::cpu0", wantErr: "empty kind, uuid or metric"},
		{in: "AVERAGE:host:h:", wantErr: "empty kind, uuid or metric"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseLegend(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseLegend = %+v, %v; want %+v", got, err, tt.want)
			}
			if got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
}

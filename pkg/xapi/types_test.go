package xapi

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	want := time.Date(2026, 11, 25, 12, 27, 45, 0, time.UTC)
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{"20261125T12:27:45Z", want, false},
		{"20261125T12:27:45", want, false},
		{"20261125T13:27:45+01:00", want, false},
		{"2026-11-25T12:27:45Z", want, false},
		{"19700101T00:00:00Z", time.Time{}, false},
		{"", time.Time{}, false},
		{"yesterday", time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in)
		if (err != nil) != tt.wantErr || !got.Equal(tt.want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v, err=%v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestIntFloatBoolAcceptNumbersAndStrings(t *testing.T) {
	var v struct {
		A, B Int
		C, D Float
		E, F Bool
	}
	if err := json.Unmarshal([]byte(`{"A":42,"B":"-7","C":1.5,"D":"2.5e3","E":true,"F":"false"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A != 42 || v.B != -7 || v.C != 1.5 || v.D != 2500 || !bool(v.E) || bool(v.F) {
		t.Fatalf("decoded %+v", v)
	}
	if err := json.Unmarshal([]byte(`{"A":"x"}`), &v); err == nil {
		t.Fatal("Int accepted x")
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"20261125T12:27:45Z", "20261125T12:27:45", "2026-11-25T12:27:45Z", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, err := ParseTime(s); err == nil && !v.IsZero() && v.Location() != time.UTC {
			t.Fatalf("ParseTime(%q) not in UTC", s)
		}
	})
}

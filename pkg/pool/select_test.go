package pool

import (
	"testing"
	"time"
)

func TestSelection(t *testing.T) {
	type obj struct {
		name, uuid string
		tags       []string
	}
	ex1 := obj{"EXVM01", "u-1", []string{"exchange"}}
	web := obj{"web-1", "u-2", []string{"web"}}
	tests := []struct {
		name, mode, selector string
		want                 []bool // ex1, web
		wantErr              bool
	}{
		{"empty selects all", "name", "", []bool{true, true}, false},
		{"star selects all", "name", "*", []bool{true, true}, false},
		{"All in a multi-value list", "name", "{EXVM01,*}", []bool{true, true}, false},
		{"exact name", "name", "EXVM01", []bool{true, false}, false},
		{"name glob", "", "EXVM*", []bool{true, false}, false},
		{"comma list", "name", "EXVM01, web-1", []bool{true, true}, false},
		{"multi-value braces", "name", "{EXVM01,web-1}", []bool{true, true}, false},
		{"names are exact, not substrings", "name", "EXVM0", []bool{false, false}, false},
		{"uuid", "uuid", "U-2", []bool{false, true}, false},
		{"regex", "regex", "^EX", []bool{true, false}, false},
		{"regex in slashes", "regex", "/web-\\d/", []bool{false, true}, false},
		{"tag", "tag", "exchange", []bool{true, false}, false},
		{"bad regex", "regex", "(", nil, true},
		{"unknown mode", "label", "x", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sel, err := parseSelection(tt.mode, tt.selector)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			for i, o := range []obj{ex1, web} {
				if got := sel.match(o.name, o.uuid, o.tags); got != tt.want[i] {
					t.Errorf("match(%s) = %v, want %v", o.name, got, tt.want[i])
				}
			}
		})
	}
}

func TestMetricMatcher(t *testing.T) {
	m, err := newMetricMatcher([]string{"cpu*", "vbd_*_read_latency", "memory"})
	if err != nil {
		t.Fatal(err)
	}
	for metric, want := range map[string]bool{
		"cpu0": true, "cpu_avg": true, "vbd_xvda_read_latency": true, "vbd_xvda_write_latency": false,
		"memory": true, "memory_internal_free": false,
	} {
		if got := m.match(metric); got != want {
			t.Errorf("match(%s) = %v, want %v", metric, got, want)
		}
	}
	if _, err := newMetricMatcher([]string{"cpu["}); err == nil {
		t.Error("a malformed glob must be rejected")
	}
	empty, _ := newMetricMatcher(nil)
	if !empty.match("anything") {
		t.Error("no patterns must match every metric")
	}
}

func TestChooseArchive(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		back     time.Duration // from = now - back
		length   time.Duration // to = from + length
		interval time.Duration
		maxDP    int64
		want     time.Duration
	}{
		{"last 5 minutes", 5 * time.Minute, 5 * time.Minute, time.Second, 1000, 5 * time.Second},
		{"last 10 minutes fit the 5 s archive", 10 * time.Minute, 10 * time.Minute, 5 * time.Second, 1000, 5 * time.Second},
		{"last 15 minutes need the minute archive", 15 * time.Minute, 15 * time.Minute, time.Second, 1000, time.Minute},
		{"last 5 minutes, coarse interval", 5 * time.Minute, 5 * time.Minute, 30 * time.Second, 1000, time.Minute},
		{"last 5 minutes, 20 points", 5 * time.Minute, 5 * time.Minute, time.Second, 20, time.Minute},
		{"last hour", time.Hour, time.Hour, 2 * time.Second, 1000, time.Minute},
		{"last 6 hours", 6 * time.Hour, 6 * time.Hour, 20 * time.Second, 1000, time.Hour},
		{"one hour three days ago", 72 * time.Hour, time.Hour, time.Second, 1000, time.Hour},
		{"last 30 days", 30 * 24 * time.Hour, 30 * 24 * time.Hour, time.Hour, 1000, 24 * time.Hour},
		{"two years ago: best there is", 2 * 365 * 24 * time.Hour, time.Hour, time.Second, 1000, 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := now.Add(-tt.back)
			got := chooseArchive(from, from.Add(tt.length), now, tt.interval, tt.maxDP)
			if got.Step != tt.want {
				t.Errorf("step %s, want %s", got.Step, tt.want)
			}
		})
	}
}

func TestUnitTable(t *testing.T) {
	tests := []struct {
		metric string
		unit   string
		scale  float64
	}{
		{"cpu0", "percentunit", 1},
		{"cpu12", "percentunit", 1},
		{"cpu_avg", "percentunit", 1},
		{"memory", "bytes", 1},
		{"memory_target", "bytes", 1},
		{"memory_internal_free", "bytes", 1024},
		{"memory_total_kib", "bytes", 1024},
		{"memory_free_kib", "bytes", 1024},
		{"vif_0_rx", "Bps", 1},
		{"pif_eth0_tx", "Bps", 1},
		{"vbd_xvda_read", "Bps", 1},
		{"vbd_xvdb_iops_total", "iops", 1},
		{"vbd_xvdb_iops_read", "iops", 1},
		{"vbd_xvda_read_latency", "µs", 1},
		{"vbd_xvda_io_throughput_write", "Bps", 1 << 20},
		{"iops_read", "iops", 1},
		{"io_throughput_total", "Bps", 1 << 20},
		{"read_latency", "µs", 1},
		{"latency", "µs", 1},
		{"loadavg", "short", 1},
		{"some_new_metric", "", 1},
	}
	for _, tt := range tests {
		unit, scale := unitFor(tt.metric)
		if unit != tt.unit || scale != tt.scale {
			t.Errorf("unitFor(%s) = %q x%g, want %q x%g", tt.metric, unit, scale, tt.unit, tt.scale)
		}
	}
}

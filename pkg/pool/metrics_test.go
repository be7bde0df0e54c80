package pool

import (
	"math"
	"testing"

	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/rrd"
	"github.com/xenbench/xenbench/pkg/rrdcache"
)

func TestVMSeriesStaysContinuousAcrossMigration(t *testing.T) {
	// VM v ran on host A until t=50, then on B (its current host). A's rrd has rows up
	// to 50, B's from 50 (NaN at 50, the row before the VM arrived).
	v := rrd.Legend{CF: "AVERAGE", Kind: "vm", UUID: "v", Metric: "cpu0"}
	a := &rrdcache.Entry{Legends: []rrd.Legend{v}, Index: map[rrd.Legend]int{v: 0}, Times: []int64{30, 40, 50}, Values: [][]float64{{0.1, 0.2, 0.3}}}
	b := &rrdcache.Entry{Legends: []rrd.Legend{v}, Index: map[rrd.Legend]int{v: 0}, Times: []int64{50, 60, 70}, Values: [][]float64{{math.NaN(), 0.6, 0.7}}}
	vm := inventory.VM{UUID: "v", Name: "EXVM01", HostUUID: "B", HostName: "xen2"}
	sb := seriesBuilder{pool: "lab", lo: 0, hi: 100}
	ss := sb.vm(vm, indexVMColumns(map[string]*rrdcache.Entry{"A": a, "B": b})["v"])
	if len(ss) != 1 {
		t.Fatalf("%d series, want one continuous series", len(ss))
	}
	s := ss[0]
	want := []float64{0.1, 0.2, 0.3, 0.6, 0.7}
	if len(s.Values) != len(want) {
		t.Fatalf("values %v, want %v", s.Values, want)
	}
	for i := range want {
		if s.Values[i] != want[i] {
			t.Fatalf("values %v, want %v (a real value beats NaN at the hand-over)", s.Values, want)
		}
	}
	if s.Labels["vm"] != "EXVM01" || s.Labels["host"] != "xen2" || s.Labels["uuid"] != "v" || s.Unit != "percentunit" {
		t.Fatalf("labels %v unit %q", s.Labels, s.Unit)
	}
}

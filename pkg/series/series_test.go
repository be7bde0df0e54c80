package series

import (
	"math"
	"slices"
	"testing"

	"github.com/xenbench/xenbench/pkg/contract"
)

func TestReduce(t *testing.T) {
	nan := math.NaN()
	vals := []float64{nan, 4, 1, nan, 3, 2}
	for reducer, want := range map[string]float64{contract.ReducerMean: 2.5, contract.ReducerMin: 1, contract.ReducerMax: 4, contract.ReducerLast: 2, contract.ReducerP95: 4} {
		got, ok := Reduce(append([]float64(nil), vals...), reducer)
		if !ok || got != want {
			t.Errorf("%s = %v (%v), want %v (NaN dropped)", reducer, got, ok, want)
		}
	}
	// p95 is the nearest rank, ceil(0.95 n): of 1..20 the 19th value.
	twenty := make([]float64, 20)
	for i := range twenty {
		twenty[20-1-i] = float64(i + 1)
	}
	if got, _ := Reduce(twenty, contract.ReducerP95); got != 19 {
		t.Errorf("p95 of 1..20 = %v, want 19", got)
	}
	if _, ok := Reduce([]float64{nan, nan}, contract.ReducerMean); ok {
		t.Error("only NaN: want no value")
	}
	if _, ok := Reduce([]float64{1}, "median"); ok {
		t.Error("unknown reducer gave a value")
	}
	if got, _ := Reduce([]float64{-1, -3}, contract.ReducerMax); got != -1 {
		t.Errorf("max of negatives = %v", got)
	}
}

func TestSortOrdersByNameThenLabels(t *testing.T) {
	mk := func(name, host, vm string, tag int) Series {
		return Series{Name: name, Labels: map[string]string{"host": host, "vm": vm}, Values: []float64{float64(tag)}}
	}
	want := []Series{
		mk("cpu0", "xen1", "vm-01", 0),
		mk("cpu0", "xen1", "vm-02", 1),
		mk("cpu0", "xen1", "vm-02", 2), // same name and labels: kept in input order
		mk("cpu0", "xen2", "vm-01", 3),
		mk("cpu1", "xen1", "vm-01", 4),
		mk("memory", "xen1", "vm-01", 5),
	}
	tags := func(ss []Series) []float64 {
		out := make([]float64, len(ss))
		for i, s := range ss {
			out[i] = s.Values[0]
		}
		return out
	}
	for _, order := range [][]int{{5, 4, 3, 1, 2, 0}, {3, 1, 0, 5, 2, 4}, {0, 1, 2, 3, 4, 5}} {
		in := make([]Series, len(order))
		for i, k := range order {
			in[i] = want[k]
		}
		Sort(in)
		if got := tags(in); !slices.Equal(got, tags(want)) {
			t.Errorf("input order %v sorted to %v, want %v", order, got, tags(want))
		}
	}
}

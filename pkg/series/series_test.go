package series

import (
	"math"
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

package series

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
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

// TestSortedAgreesWithTheKeys checks the allocation-free order check against the keys
// Sort orders by, on labels whose characters sort around '=' and ',' and on names
// that are prefixes of each other.
func TestSortedAgreesWithTheKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"", "a", "b", "a-", "a=", "a<", "a>", "a:", "a,", "a+", "a.", "ab", "a\x00", "z"}
	names := []string{"h", "h-", "h=", "h<", "h,", "h.", "host"} // label names, few so that series share them
	pick := func() string { return alphabet[rng.IntN(len(alphabet))] + alphabet[rng.IntN(len(alphabet))] }
	key := func(s Series) string { return s.Name + "\x00" + labelsKey(s.Labels) }
	// Pairs where a separator meets a label's own character.
	one := func(name, k, v string) Series { return Series{Name: name, Labels: map[string]string{k: v}} }
	for _, pair := range [][2]Series{
		{one("cpu", "h", "a"), one("cpu", "h", "a-")},
		{one("cpu", "h", "a"), one("cpu", "h", "a+")},
		{one("cpu", "h", "x"), one("cpu", "h-", "x")},
		{one("cpu", "h", "x"), one("cpu", "h<", "x")},
		{one("cpu", "h", "x"), one("cpu", "h>", "x")},
		{one("cpu", "h", "x"), one("cpu-", "h", "x")},
		{one("cpu", "h", "x"), {Name: "cpu", Labels: map[string]string{"h": "x", "i": "y"}}},
	} {
		for _, ss := range [][]Series{{pair[0], pair[1]}, {pair[1], pair[0]}} {
			if got, want := sorted(ss), key(ss[0]) <= key(ss[1]); got != want {
				t.Errorf("sorted(%q, %q) = %v, want %v", key(ss[0]), key(ss[1]), got, want)
			}
		}
	}
	for trial := 0; trial < 5000; trial++ {
		ss := make([]Series, 2+rng.IntN(3))
		for i := range ss {
			labels := map[string]string{}
			for n := rng.IntN(4); n > 0; n-- {
				labels[names[rng.IntN(len(names))]] = pick()
			}
			name := "cpu" // mostly equal names, so the labels decide
			if rng.IntN(4) == 0 {
				name = pick()
			}
			ss[i] = Series{Name: name, Labels: labels}
			if rng.IntN(3) == 0 {
				ss[i].CacheSortKey() // some with kept keys, as pkg/pool's cached series
			}
		}
		want := slices.IsSortedFunc(ss, func(a, b Series) int { return strings.Compare(key(a), key(b)) })
		if got := sorted(ss); got != want {
			keys := make([]string, len(ss))
			for i, s := range ss {
				keys[i] = key(s)
			}
			t.Fatalf("sorted(%q) = %v, want %v", keys, got, want)
		}
		Sort(ss)
		if !slices.IsSortedFunc(ss, func(a, b Series) int { return strings.Compare(key(a), key(b)) }) {
			t.Fatal("Sort left the series out of order")
		}
	}
}

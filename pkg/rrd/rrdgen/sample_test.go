package rrdgen

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSampleDistributions pins what each metric kind generates, since the benchmark
// payloads are only realistic (number lengths, share of zeros and NaN, as xapi writes
// them) if the values are: CPU fractions in [0, 0.6), memory of 0.5 to 24 GiB, rates
// averaging 200 kB/s, latencies averaging 800 us, small counts that are zero about a
// third of the time, and an unknown PDP (NaN) once in about 200 samples.
func TestSampleDistributions(t *testing.T) {
	const n = 40000
	rng := rand.New(rand.NewPCG(1, 2))
	type stats struct {
		nan, zero, count int
		sum, min, max    float64
		fractional       bool
	}
	got := map[metricKind]*stats{}
	for _, k := range []metricKind{kindFraction, kindBytes, kindRate, kindLatency, kindCount} {
		s := &stats{min: math.Inf(1), max: math.Inf(-1)}
		got[k] = s
		for range n {
			v := k.sample(rng)
			if math.IsNaN(v) {
				s.nan++
				continue
			}
			s.count++
			s.sum += v
			s.min, s.max = math.Min(s.min, v), math.Max(s.max, v)
			if v == 0 {
				s.zero++
			}
			if v != math.Trunc(v) {
				s.fractional = true
			}
		}
	}
	mean := func(s *stats) float64 { return s.sum / float64(s.count) }
	for k, s := range got {
		if share := float64(s.nan) / n; share < 0.002 || share > 0.01 {
			t.Errorf("kind %d: NaN share %.4f, want about 1/200", k, share)
		}
	}
	if s := got[kindFraction]; s.min < 0 || s.max >= 0.6 || mean(s) < 0.27 || mean(s) > 0.33 {
		t.Errorf("fraction: min %v max %v mean %v, want [0, 0.6) around 0.3", s.min, s.max, mean(s))
	}
	if s := got[kindBytes]; s.min < 0.5*(1<<30) || s.max > 24*(1<<30) || mean(s) < 8*(1<<30) || mean(s) > 9*(1<<30) {
		t.Errorf("bytes: min %v max %v mean %v, want 0.5..24 GiB around 8.5 GiB", s.min, s.max, mean(s))
	}
	if s := got[kindRate]; s.min < 0 || mean(s) < 1.9e5 || mean(s) > 2.1e5 {
		t.Errorf("rate: min %v mean %v, want >= 0 around 2e5", s.min, mean(s))
	}
	if s := got[kindLatency]; s.min < 0 || mean(s) < 760 || mean(s) > 840 {
		t.Errorf("latency: min %v mean %v, want >= 0 around 800", s.min, mean(s))
	}
	if s := got[kindCount]; s.min < 0 || s.max >= 40 || s.fractional || float64(s.zero)/float64(s.count) < 0.31 || float64(s.zero)/float64(s.count) > 0.39 {
		t.Errorf("count: min %v max %v fractional %v zero share %v, want integers 0..39, about 35%% zero", s.min, s.max, s.fractional, float64(s.zero)/float64(s.count))
	}
}

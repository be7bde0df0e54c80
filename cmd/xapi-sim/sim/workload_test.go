package sim

import (
	"math"
	"sort"
	"testing"
	"time"
)

func TestExchangeModel(t *testing.T) {
	base := exchangeModel(exchangeInputs{Mailboxes: 2000, Up: true, Blip: 1})
	tests := []struct {
		name  string
		in    exchangeInputs
		check func(x exchangeSample) bool
	}{
		{"more mailboxes, more latency", exchangeInputs{Mailboxes: 4000, Up: true, Blip: 1}, func(x exchangeSample) bool {
			return x.SendMailMs > base.SendMailMs && x.RPCLatencyMs > base.RPCLatencyMs
		}},
		{"virtual without contention is a little faster", exchangeInputs{Mailboxes: 2000, Virtual: true, Up: true, HostUtil: 0.3, StorageLoad: 0.25, Blip: 1}, func(x exchangeSample) bool {
			return x.SendMailMs < base.SendMailMs && x.SendMailMs > base.SendMailMs*0.9
		}},
		{"host contention past the knee costs latency", exchangeInputs{Mailboxes: 2000, Virtual: true, Up: true, HostUtil: 0.9, StorageLoad: 1, Blip: 1}, func(x exchangeSample) bool { return x.SendMailMs > base.SendMailMs }},
		{"overcommit breaks every limit", exchangeInputs{Mailboxes: 4000, Virtual: true, Up: true, HostUtil: 1.5, StorageLoad: 2, Blip: 1}, func(x exchangeSample) bool {
			return x.SendMailMs > 500 && x.RPCLatencyMs > 50 && x.DBReadSec > 0.020 && x.LogWriteSec > 0.010 && x.DeliveryQueue > 3000 && x.CPUPercent > 75
		}},
		{"a blip scales latency", exchangeInputs{Mailboxes: 2000, Up: true, Blip: 1.5}, func(x exchangeSample) bool { return math.Abs(x.SendMailMs-1.5*base.SendMailMs) < 1e-9 }},
		{"down means no sample", exchangeInputs{Mailboxes: 2000}, func(x exchangeSample) bool { return !x.Up && x.SendMailMs == 0 }},
	}
	for _, tc := range tests {
		if x := exchangeModel(tc.in); !tc.check(x) {
			t.Errorf("%s: %+v", tc.name, x)
		}
	}
	if base.SendMailMs < 150 || base.SendMailMs > 250 {
		t.Errorf("2,000 heavy native SendMail %.0f ms is off the calibration (~200 ms)", base.SendMailMs)
	}
}

func TestSendMailLatencySpread(t *testing.T) {
	// Lognormal with sigma 0.6: the mean stays the model average and the
	// 95th percentile is about 2.2x it.
	n := noise{seed: 42}
	var vals []float64
	sum := 0.0
	for i := int64(0); i < 20000; i++ {
		v := sendMailLatency(200, n.normal(1, i, 9))
		vals = append(vals, v)
		sum += v
	}
	sort.Float64s(vals)
	mean, p95 := sum/float64(len(vals)), vals[int(0.95*float64(len(vals)))]
	if math.Abs(mean-200) > 10 || p95 < 380 || p95 > 520 {
		t.Errorf("mean %.0f p95 %.0f, want ~200 and ~450", mean, p95)
	}
}

func TestSummarizeNearestRank(t *testing.T) {
	vals := []float64{5, 1, 4, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
	avg, p95 := summarize(vals)
	if avg != 10.5 || p95 != 19 { // ceil(0.95*20) = 19th smallest
		t.Errorf("avg %v p95 %v", avg, p95)
	}
	if a, p := summarize(nil); !math.IsNaN(a) || !math.IsNaN(p) {
		t.Error("empty input must give NaN")
	}
}

func TestScaledClockDrivesTheModel(t *testing.T) {
	s, err := Start(Options{Seed: 50, Hosts: 1, TimeScale: 600, TickInterval: 10 * time.Millisecond, Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Advance(time.Second); err == nil {
		t.Error("Advance must refuse a scaled clock")
	}
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) && !s.Now().After(t0.Add(10*time.Second)) {
		time.Sleep(10 * time.Millisecond)
	}
	if !s.Now().After(t0.Add(10 * time.Second)) {
		t.Fatalf("simulated time did not move: %s", s.Now())
	}
}

package plugin

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/series"
)

func testSeries(name, host string, t0 time.Time, steps []int, values ...float64) series.Series {
	s := series.Series{Name: name, Labels: map[string]string{"host": host, "metric": name}, Unit: "percent"}
	for i, st := range steps {
		s.Times = append(s.Times, t0.Add(time.Duration(st)*time.Minute))
		s.Values = append(s.Values, values[i])
	}
	return s
}

func TestSeriesFramesShapes(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	aligned := func() []series.Series {
		return []series.Series{
			testSeries("cpu", "h2", t0, []int{0, 1, 2}, 1, math.NaN(), 3),
			testSeries("cpu", "h1", t0, []int{0, 1, 2}, 4, 5, 6),
		}
	}
	dashboard := context.Background()
	alert := withAlert(context.Background(), true)

	t.Run("shared axis gives one wide frame", func(t *testing.T) {
		fs := seriesFrames(dashboard, "A", &contract.CommonQuery{}, aligned())
		if len(fs) != 1 || fs[0].Meta.Type != data.FrameTypeTimeSeriesWide || len(fs[0].Fields) != 3 || fs[0].RefID != "A" {
			t.Fatalf("got %d frames, first %+v", len(fs), fs[0].Meta)
		}
		f := fs[0]
		if f.Fields[1].Labels["host"] != "h1" || f.Fields[2].Labels["host"] != "h2" {
			t.Errorf("series not sorted by labels: %v, %v", f.Fields[1].Labels, f.Fields[2].Labels)
		}
		if v := f.Fields[2].At(1).(*float64); v != nil {
			t.Errorf("NaN became %v, want null", *v)
		}
		if f.Fields[1].Config.Unit != "percent" {
			t.Errorf("unit %q", f.Fields[1].Config.Unit)
		}
		// A series with every row present needs no nulls: a plain float64 field
		// (cheaper to build and encode); one with a gap stays nullable.
		if typ := f.Fields[1].Type(); typ != data.FieldTypeFloat64 {
			t.Errorf("h1 (no gap) is %s, want float64", typ)
		}
		if typ := f.Fields[2].Type(); typ != data.FieldTypeNullableFloat64 {
			t.Errorf("h2 (a NaN) is %s, want nullable float64", typ)
		}
		for i, want := range []float64{4, 5, 6} {
			if got := f.Fields[1].At(i).(float64); got != want {
				t.Errorf("h1 row %d = %v, want %v", i, got, want)
			}
		}
	})
	t.Run("alert evaluations keep timeseries-multi", func(t *testing.T) {
		fs := seriesFrames(alert, "A", &contract.CommonQuery{}, aligned())
		if len(fs) != 2 || fs[0].Meta.Type != data.FrameTypeTimeSeriesMulti {
			t.Fatalf("alert: %d frames of %+v", len(fs), fs[0].Meta)
		}
	})
	t.Run("a reducer gives numeric-multi, also outside alerting", func(t *testing.T) {
		fs := seriesFrames(dashboard, "A", &contract.CommonQuery{Reducer: "max"}, aligned())
		if len(fs) != 2 || fs[0].Meta.Type != data.FrameTypeNumericMulti {
			t.Fatalf("reducer: %d frames of %+v", len(fs), fs[0].Meta)
		}
	})
	t.Run("a missing row becomes a null on the union axis", func(t *testing.T) {
		ss := []series.Series{
			testSeries("cpu", "h1", t0, []int{0, 1, 2, 3}, 1, 2, 3, 4),
			testSeries("cpu", "h2", t0, []int{0, 2, 3}, 5, 6, 7),
		}
		fs := seriesFrames(dashboard, "A", &contract.CommonQuery{}, ss)
		if len(fs) != 1 || fs[0].Rows() != 4 {
			t.Fatalf("got %d frames, %d rows", len(fs), fs[0].Rows())
		}
		if typ := fs[0].Fields[1].Type(); typ != data.FieldTypeNullableFloat64 {
			t.Errorf("h1 on a union axis is %s, want nullable float64 (like every field there)", typ)
		}
		if v := fs[0].Fields[2].At(1).(*float64); v != nil {
			t.Errorf("h2 at minute 1: %v, want null", *v)
		}
		if v := fs[0].Fields[2].At(2).(*float64); v == nil || *v != 6 {
			t.Errorf("h2 at minute 2: %v, want 6", v)
		}
	})
	t.Run("series on their own instants stay multi", func(t *testing.T) {
		// Two perfmon logs sampling every 15 s, 7 s apart: no shared axis.
		a := series.Series{Name: "rpc", Labels: map[string]string{"server": "A"}}
		b := series.Series{Name: "rpc", Labels: map[string]string{"server": "B"}}
		for i := 0; i < 8; i++ {
			a.Times, a.Values = append(a.Times, t0.Add(time.Duration(15*i)*time.Second)), append(a.Values, 1)
			b.Times, b.Values = append(b.Times, t0.Add(time.Duration(15*i+7)*time.Second)), append(b.Values, 2)
		}
		fs := seriesFrames(dashboard, "A", &contract.CommonQuery{}, []series.Series{a, b})
		if len(fs) != 2 || fs[0].Meta.Type != data.FrameTypeTimeSeriesMulti {
			t.Fatalf("misaligned: %d frames of %+v", len(fs), fs[0].Meta)
		}
	})
}

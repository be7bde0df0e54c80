package plugin

import (
	"math"
	"regexp"
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/loadgen"
)

// series is one labelled time series, the common shape of RRD and perfmon results
// before they become frames.
type series struct {
	Name   string      // the value field's name, e.g. the metric or counter
	Labels data.Labels // pool, host, vm, sr, metric, server, object, instance, counter, platform, ...
	Unit   string      // Grafana unit id: ms, s, percent, iops, Bps, decbytes, ...
	Times  []time.Time // ascending
	Values []float64   // NaN marks a missing sample
}

// dataplane frame type versions: 0.1 declares that the frames follow the contract at
// https://grafana.github.io/dataplane/contract/, which alerting and SSE rely on.
var (
	timeSeriesMultiMeta = data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
	numericMultiMeta    = data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
)

// timeSeriesFrames builds one timeseries-multi frame per series. NaN samples become
// nulls, so graphs show gaps and alert reducers can drop them (mode dropNN).
func timeSeriesFrames(refID string, ss []series, alias string) data.Frames {
	sortSeries(ss)
	frames := make(data.Frames, 0, len(ss))
	for _, s := range ss {
		vals := make([]*float64, len(s.Values))
		for i := range s.Values {
			if v := s.Values[i]; !math.IsNaN(v) {
				vals[i] = &s.Values[i]
			}
		}
		value := data.NewField(data.TimeSeriesValueFieldName, s.Labels, vals)
		value.Config = fieldConfig(s, alias)
		f := data.NewFrame(s.Name, data.NewField(data.TimeSeriesTimeFieldName, nil, s.Times), value)
		f.RefID = refID
		meta := timeSeriesMultiMeta
		f.SetMeta(&meta)
		frames = append(frames, f)
	}
	if len(frames) == 0 {
		// An empty result is still typed, so alerting sees "no data" rather than an error.
		f := data.NewFrame("", data.NewField(data.TimeSeriesTimeFieldName, nil, []time.Time{}), data.NewField(data.TimeSeriesValueFieldName, nil, []*float64{}))
		f.RefID = refID
		meta := timeSeriesMultiMeta
		f.SetMeta(&meta)
		frames = append(frames, f)
	}
	return frames
}

// numericFrames reduces each series to one number (numeric-multi): for tables, stat
// panels and alert conditions that compare one value per series.
func numericFrames(refID string, ss []series, reducer, alias string) data.Frames {
	sortSeries(ss)
	frames := make(data.Frames, 0, len(ss))
	for _, s := range ss {
		var v *float64
		if r, ok := reduce(s.Values, reducer); ok {
			v = &r
		}
		value := data.NewField(data.TimeSeriesValueFieldName, s.Labels, []*float64{v})
		value.Config = fieldConfig(s, alias)
		f := data.NewFrame(s.Name, value)
		f.RefID = refID
		meta := numericMultiMeta
		f.SetMeta(&meta)
		frames = append(frames, f)
	}
	if len(frames) == 0 {
		f := data.NewFrame("", data.NewField(data.TimeSeriesValueFieldName, nil, []*float64{}))
		f.RefID = refID
		meta := numericMultiMeta
		f.SetMeta(&meta)
		frames = append(frames, f)
	}
	return frames
}

// seriesFrames picks the frame shape the query asked for.
func seriesFrames(m *QueryModel, ss []series) data.Frames {
	if m.Reducer != "" {
		return numericFrames(m.RefID, ss, m.Reducer, m.Alias)
	}
	return timeSeriesFrames(m.RefID, ss, m.Alias)
}

func fieldConfig(s series, alias string) *data.FieldConfig {
	cfg := &data.FieldConfig{Unit: s.Unit}
	if alias != "" {
		cfg.DisplayNameFromDS = expandAlias(alias, s)
	}
	return cfg
}

var aliasVar = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?`)

// expandAlias replaces $label or ${label} with the series' label value; $name is the
// series name. Unknown names are left as written so the user sees the typo.
func expandAlias(alias string, s series) string {
	return aliasVar.ReplaceAllStringFunc(alias, func(m string) string {
		key := aliasVar.FindStringSubmatch(m)[1]
		if v, ok := s.Labels[key]; ok {
			return v
		}
		if key == "name" {
			return s.Name
		}
		return m
	})
}

// sortSeries orders series by name and labels so responses (and golden files) are stable.
func sortSeries(ss []series) {
	sort.SliceStable(ss, func(i, j int) bool {
		if ss[i].Name != ss[j].Name {
			return ss[i].Name < ss[j].Name
		}
		return ss[i].Labels.String() < ss[j].Labels.String()
	})
}

// reduce applies a reducer to the non-NaN values; ok is false when none remain.
// p95 is exact (nearest rank: the ceil(0.95·n)-th smallest value), not interpolated.
func reduce(values []float64, reducer string) (float64, bool) {
	kept := make([]float64, 0, len(values))
	for _, v := range values {
		if !math.IsNaN(v) {
			kept = append(kept, v)
		}
	}
	if len(kept) == 0 {
		return 0, false
	}
	switch reducer {
	case "mean":
		var sum float64
		for _, v := range kept {
			sum += v
		}
		return sum / float64(len(kept)), true
	case "min":
		m := kept[0]
		for _, v := range kept[1:] {
			m = math.Min(m, v)
		}
		return m, true
	case "max":
		m := kept[0]
		for _, v := range kept[1:] {
			m = math.Max(m, v)
		}
		return m, true
	case "last":
		return kept[len(kept)-1], true
	case "p95":
		return loadgen.P95(kept), true
	}
	return 0, false
}

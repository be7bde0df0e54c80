package plugin

import (
	"context"
	"math"
	"regexp"
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/series"
)

// dataplane frame type versions: 0.1 declares that the frames follow the contract at
// https://grafana.github.io/dataplane/contract/, which alerting and SSE rely on.
var (
	timeSeriesMultiMeta = data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
	numericMultiMeta    = data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
)

// timeSeriesFrames builds one timeseries-multi frame per series. NaN samples become
// nulls, so graphs show gaps and alert reducers can drop them (mode dropNN).
func timeSeriesFrames(refID string, ss []series.Series, alias string) data.Frames {
	sortSeries(ss)
	frames := make(data.Frames, 0, len(ss))
	for _, s := range ss {
		vals := make([]*float64, len(s.Values))
		for i := range s.Values {
			if v := s.Values[i]; !math.IsNaN(v) {
				vals[i] = &s.Values[i]
			}
		}
		value := data.NewField(data.TimeSeriesValueFieldName, data.Labels(s.Labels), vals)
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
func numericFrames(refID string, ss []series.Series, reducer, alias string) data.Frames {
	sortSeries(ss)
	frames := make(data.Frames, 0, len(ss))
	for _, s := range ss {
		var v *float64
		if r, ok := series.Reduce(s.Values, reducer); ok {
			v = &r
		}
		value := data.NewField(data.TimeSeriesValueFieldName, data.Labels(s.Labels), []*float64{v})
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
func seriesFrames(m *QueryModel, ss []series.Series) data.Frames {
	if m.Reducer != "" {
		return numericFrames(m.RefID, ss, m.Reducer, m.Alias)
	}
	return timeSeriesFrames(m.RefID, ss, m.Alias)
}

func fieldConfig(s series.Series, alias string) *data.FieldConfig {
	cfg := &data.FieldConfig{Unit: s.Unit}
	if alias != "" {
		cfg.DisplayNameFromDS = expandAlias(alias, s)
	}
	return cfg
}

var aliasVar = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?`)

// expandAlias replaces $label or ${label} with the series' label value; $name is the
// series name. Unknown names are left as written so the user sees the typo.
func expandAlias(alias string, s series.Series) string {
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
func sortSeries(ss []series.Series) {
	sort.SliceStable(ss, func(i, j int) bool {
		if ss[i].Name != ss[j].Name {
			return ss[i].Name < ss[j].Name
		}
		return data.Labels(ss[i].Labels).String() < data.Labels(ss[j].Labels).String()
	})
}

// addNotices attaches warnings (hosts that did not answer, skipped files, malformed
// rows, resolution problems) to the first frame, where Grafana shows them in the
// panel's header.
func addNotices(frames data.Frames, msgs ...string) {
	if len(frames) == 0 {
		return
	}
	f := frames[0]
	for _, msg := range msgs {
		if msg == "" {
			continue
		}
		if f.Meta == nil {
			f.Meta = &data.FrameMeta{}
		}
		f.Meta.Notices = append(f.Meta.Notices, data.Notice{Severity: data.NoticeSeverityWarning, Text: msg})
	}
}

// tableFrame builds a dataplane table frame.
func tableFrame(name, refID string, fields ...*data.Field) *data.Frame {
	f := data.NewFrame(name, fields...)
	f.RefID = refID
	f.SetMeta(&data.FrameMeta{Type: data.FrameTypeTable})
	return f
}

// alertKey marks a request context as an alert evaluation (see fromAlert).
type alertKey struct{}

func withAlert(ctx context.Context, alert bool) context.Context {
	return context.WithValue(ctx, alertKey{}, alert)
}

// isAlert reports whether the query is evaluated by Grafana's alerting.
func isAlert(ctx context.Context) bool {
	v, _ := ctx.Value(alertKey{}).(bool)
	return v
}

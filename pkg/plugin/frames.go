package plugin

import (
	"context"
	"math"
	"regexp"
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/series"
)

// dataplane frame type versions: 0.1 declares that the frames follow the contract at
// https://grafana.github.io/dataplane/contract/, which alerting and SSE rely on.
var (
	timeSeriesMultiMeta = data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
	timeSeriesWideMeta  = data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: data.FrameTypeVersion{0, 1}}
	numericMultiMeta    = data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
)

// timeSeriesFrames builds one timeseries-multi frame per series. NaN samples become
// nulls, so graphs show gaps and alert reducers can drop them (mode dropNN).
func timeSeriesFrames(refID string, ss []series.Series, alias string) data.Frames {
	series.Sort(ss)
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
	series.Sort(ss)
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

// seriesFrames picks the frame shape: with a reducer one number per series
// (numeric-multi); otherwise time series, as one timeseries-wide frame when the series
// share their timestamps (all series of one archive do: RRD rows sit on multiples of
// the step) and the query is not an alert evaluation, else one timeseries-multi frame
// per series. Alert queries keep the multi shapes, the ones Grafana's alerting reads
// series by series. Wide is chosen by measurement (issue 13): thousands of one-series
// frames each carry their own Arrow schema and time column, which made up most of
// the encoded response and of its encoding time.
func seriesFrames(ctx context.Context, refID string, m *contract.CommonQuery, ss []series.Series) data.Frames {
	if m.Reducer != "" {
		return numericFrames(refID, ss, m.Reducer, m.Alias)
	}
	if !isAlert(ctx) && len(ss) > 1 {
		if f := wideFrame("", ss, m.Alias, maxWideGrowth); f != nil {
			f.RefID = refID
			return data.Frames{f}
		}
	}
	return timeSeriesFrames(refID, ss, m.Alias)
}

// maxWideGrowth bounds the union of the series' timestamps relative to the longest
// series: beyond it the series do not share a time axis (perfmon logs of different
// servers sample at their own instants) and a wide frame would be mostly nulls.
const maxWideGrowth = 1.25

// wideFrame builds one timeseries-wide frame over the union of the series'
// timestamps. It returns nil when there are no rows, or when the union is more than
// maxGrowth times the longest series (they do not share a time axis; maxGrowth <= 0:
// no bound, for live streams, whose few new rows Grafana appends to a wide frame).
// A series without a row at some time gets a null there, as a NaN sample does.
func wideFrame(name string, ss []series.Series, alias string, maxGrowth float64) *data.Frame {
	if len(ss) == 0 {
		return nil
	}
	times, pos := sharedTimes(ss, maxGrowth)
	if len(times) == 0 {
		return nil
	}
	series.Sort(ss)
	fields := make([]*data.Field, 0, len(ss)+1)
	fields = append(fields, data.NewField(data.TimeSeriesTimeFieldName, nil, times))
	for _, s := range ss {
		var f *data.Field
		if pos == nil && !hasNaN(s.Values) {
			// Every row present: a plain float64 field (the SDK copies the values once;
			// the nullable form costs a pointer per sample to build, scan and encode).
			f = data.NewField(s.Name, data.Labels(s.Labels), s.Values)
			f.Config = fieldConfig(s, alias)
			fields = append(fields, f)
			continue
		}
		vals := make([]*float64, len(times))
		for i := range s.Values {
			if math.IsNaN(s.Values[i]) {
				continue
			}
			j := i
			if pos != nil {
				j = pos[s.Times[i].UnixNano()]
			}
			vals[j] = &s.Values[i]
		}
		f = data.NewField(s.Name, data.Labels(s.Labels), vals)
		f.Config = fieldConfig(s, alias)
		fields = append(fields, f)
	}
	f := data.NewFrame(name, fields...)
	meta := timeSeriesWideMeta
	f.SetMeta(&meta)
	return f
}

// sharedTimes returns the time axis of a wide frame: the series' own timestamps when
// they all have the same (pos is then nil, the index of a row is its index in every
// series), or their sorted union with each time's row, or nil when the union is too
// large to be one axis.
func sharedTimes(ss []series.Series, maxGrowth float64) ([]time.Time, map[int64]int) {
	first := ss[0].Times
	longest := 0
	same := true
	for _, s := range ss {
		longest = max(longest, len(s.Times))
		if same && !equalTimes(s.Times, first) {
			same = false
		}
	}
	if same {
		return first, nil
	}
	limit := int(float64(longest) * maxGrowth)
	seen := make(map[int64]struct{}, max(limit, longest))
	for _, s := range ss {
		for _, t := range s.Times {
			seen[t.UnixNano()] = struct{}{}
			if maxGrowth > 0 && len(seen) > limit {
				return nil, nil
			}
		}
	}
	keys := make([]int64, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	times := make([]time.Time, len(keys))
	pos := make(map[int64]int, len(keys))
	for i, k := range keys {
		times[i] = time.Unix(0, k).UTC()
		pos[k] = i
	}
	return times, pos
}

func hasNaN(vs []float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) {
			return true
		}
	}
	return false
}

func equalTimes(a, b []time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true // the same slice (pkg/pool shares one host's time column)
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
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

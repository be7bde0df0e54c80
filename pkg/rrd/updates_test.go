package rrd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/xenbench/xenbench/pkg/rrd/rrdgen"
)

const (
	hostUUID = "0b4e3f2c-8a51-4d7e-9c6b-2f1a7e9d3c40"
	vmUUID   = "7d2c9a15-3e48-4b6f-a1d0-5c8e2b7f9a63"
)

var allFormats = []Format{FormatXML, FormatJSON5, FormatJSONStrings}

// encode writes u in format f the way xapi would.
func encode(t testing.TB, f Format, u rrdgen.Updates) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch f {
	case FormatXML:
		err = rrdgen.WriteXML(&b, u)
	case FormatJSON5:
		err = rrdgen.WriteJSON5(&b, u)
	default:
		err = rrdgen.WriteJSONStrings(&b, u, false)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// setMeta rewrites one numeric meta member in an encoded payload.
func setMeta(t testing.TB, f Format, in []byte, field string, from, to int) []byte {
	t.Helper()
	var old, repl string
	switch f {
	case FormatXML:
		old, repl = fmt.Sprintf("<%s>%d</%s>", field, from, field), fmt.Sprintf("<%s>%d</%s>", field, to, field)
	case FormatJSON5:
		old, repl = fmt.Sprintf("%s:%d", field, from), fmt.Sprintf("%s:%d", field, to)
	default:
		old, repl = fmt.Sprintf(`"%s":"%d"`, field, from), fmt.Sprintf(`"%s":"%d"`, field, to)
	}
	if !bytes.Contains(in, []byte(old)) {
		t.Fatalf("%s not found in %s", old, in)
	}
	return bytes.Replace(in, []byte(old), []byte(repl), 1)
}

func twoColumns() []string {
	return []string{"AVERAGE:host:" + hostUUID + ":cpu0", "AVERAGE:vm:" + vmUUID + ":memory"}
}

func TestParseUpdatesValues(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		name   string
		rows   []rrdgen.Row // wire order, newest first
		wantTs []int64      // ascending
		want   [][]float64  // [column][row], oldest first
	}{
		{
			name:   "one row",
			rows:   []rrdgen.Row{{T: 100, Values: []float64{0.5, 8589934592}}},
			wantTs: []int64{100},
			want:   [][]float64{{0.5}, {8.5899e+09}}, // five significant digits on the wire
		},
		{
			name: "newest first is reversed",
			rows: []rrdgen.Row{
				{T: 110, Values: []float64{3, 30}},
				{T: 105, Values: []float64{2, 20}},
				{T: 100, Values: []float64{1, 10}},
			},
			wantTs: []int64{100, 105, 110},
			want:   [][]float64{{1, 2, 3}, {10, 20, 30}},
		},
		{
			name:   "NaN and infinities kept, zero printed as 0.0",
			rows:   []rrdgen.Row{{T: 105, Values: []float64{nan, -inf}}, {T: 100, Values: []float64{0, inf}}},
			wantTs: []int64{100, 105},
			want:   [][]float64{{0, nan}, {inf, -inf}},
		},
		{
			name:   "no rows",
			rows:   nil,
			wantTs: []int64{},
			want:   [][]float64{{}, {}},
		},
		{
			name:   "tiny and negative values",
			rows:   []rrdgen.Row{{T: 100, Values: []float64{1.2345e-300, -0.0012345}}},
			wantTs: []int64{100},
			want:   [][]float64{{1.2345e-300}, {-0.0012345}},
		},
	}
	for _, tt := range tests {
		for _, f := range allFormats {
			if f == FormatJSON5 && len(tt.rows) == 0 {
				continue // old xapi could not print an empty data array (json_of_t indexes the last row)
			}
			t.Run(tt.name+"/"+f.String(), func(t *testing.T) {
				in := encode(t, f, rrdgen.Updates{Start: 100, Step: 5, End: 110, Legends: twoColumns(), Rows: tt.rows})
				u, err := ParseUpdates(bytes.NewReader(in))
				if err != nil {
					t.Fatalf("ParseUpdates(%s): %v", in, err)
				}
				if u.Start != 100 || u.Step != 5 || u.End != 110 {
					t.Errorf("meta = %d/%d/%d, want 100/5/110", u.Start, u.Step, u.End)
				}
				if want := (Legend{"AVERAGE", "vm", vmUUID, "memory"}); len(u.Legends) != 2 || u.Legends[1] != want {
					t.Errorf("legends = %+v", u.Legends)
				}
				if fmt.Sprint(u.Timestamps) != fmt.Sprint(tt.wantTs) {
					t.Errorf("timestamps = %v, want %v", u.Timestamps, tt.wantTs)
				}
				if !sameFloats(u.Values, tt.want) {
					t.Errorf("values = %v, want %v", u.Values, tt.want)
				}
			})
		}
	}
}

// sameFloats compares treating NaN as equal to NaN.
func sameFloats(a, b [][]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			x, y := a[i][j], b[i][j]
			if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
				return false
			}
		}
	}
	return true
}

func TestParseUpdatesMismatch(t *testing.T) {
	base := rrdgen.Updates{Start: 100, Step: 5, End: 105, Legends: twoColumns(), Rows: []rrdgen.Row{
		{T: 105, Values: []float64{1, 2}}, {T: 100, Values: []float64{3, 4}},
	}}
	tests := []struct {
		name    string
		build   func(t *testing.T, f Format) []byte
		wantErr error
		wantMsg string
	}{
		{"row shorter than legend", func(t *testing.T, f Format) []byte {
			u := base
			u.Rows = []rrdgen.Row{{T: 105, Values: []float64{1, 2}}, {T: 100, Values: []float64{3}}}
			return encode(t, f, u)
		}, ErrLegendMismatch, "row 1 (t=100) has 1 values but the legend has 2 columns"},
		{"row longer than legend", func(t *testing.T, f Format) []byte {
			u := base
			u.Rows = []rrdgen.Row{{T: 105, Values: []float64{1, 2, 3}}}
			return encode(t, f, u)
		}, ErrLegendMismatch, "has 3 values but the legend has 2 columns"},
		{"columns disagree with legend", func(t *testing.T, f Format) []byte {
			return setMeta(t, f, encode(t, f, base), "columns", 2, 3)
		}, ErrMetaMismatch, "meta.columns is 3 but the legend has 2 entries"},
		{"fewer rows than meta.rows", func(t *testing.T, f Format) []byte {
			return setMeta(t, f, encode(t, f, base), "rows", 2, 3)
		}, ErrMetaMismatch, "meta.rows is 3 but the data has 2 rows"},
		{"more rows than meta.rows", func(t *testing.T, f Format) []byte {
			return setMeta(t, f, encode(t, f, base), "rows", 2, 1)
		}, ErrMetaMismatch, "more rows than meta.rows = 1"},
		{"oldest first", func(t *testing.T, f Format) []byte {
			u := base
			u.Rows = []rrdgen.Row{base.Rows[1], base.Rows[0]}
			return encode(t, f, u)
		}, ErrRowOrder, "row 1 has t=105, not older than the previous row's t=100"},
		{"duplicate timestamp", func(t *testing.T, f Format) []byte {
			u := base
			u.Rows = []rrdgen.Row{base.Rows[0], base.Rows[0]}
			return encode(t, f, u)
		}, ErrRowOrder, "not older"},
	}
	for _, tt := range tests {
		for _, f := range allFormats {
			t.Run(tt.name+"/"+f.String(), func(t *testing.T) {
				in := tt.build(t, f)
				_, err := ParseUpdates(bytes.NewReader(in))
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				var se *SyntaxError
				if !errors.As(err, &se) || se.Format != f || se.Offset <= 0 || se.Offset > int64(len(in)) {
					t.Errorf("err = %#v, want a *SyntaxError for %v with an offset inside the payload", err, f)
				}
				if !strings.Contains(err.Error(), tt.wantMsg) || !strings.Contains(err.Error(), f.String()) {
					t.Errorf("message %q should name the format and contain %q", err, tt.wantMsg)
				}
			})
		}
	}
}

func TestParseUpdatesBadInput(t *testing.T) {
	legend := `"AVERAGE:host:` + hostUUID + `:cpu0"`
	tests := []struct {
		name    string
		in      string
		wantErr error  // sentinel, or nil for a plain syntax error
		wantMsg string // substring of the message
	}{
		{"empty", "", ErrTruncated, "empty payload"},
		{"whitespace only", "  \n ", ErrTruncated, "before its format could be detected"},
		{"html error page", "<html><body>500 Internal Server Error</body></html>", nil, "expected <xport>, found <html>"},
		{"plain text", "Unauthorized", nil, `unrecognised payload starting with "Unauthorized"`},
		{"json array", `[1,2]`, nil, "expected XML ('<') or JSON ('{')"},
		{"xml wrong root child", `<xport><data></data></xport>`, nil, "expected <meta>, found <data>"},
		{"xml missing step", `<xport><meta><start>1</start><end>2</end><rows>0</rows><columns>0</columns><legend/></meta><data/></xport>`, nil, `meta has no "step"`},
		{"xml bad integer", `<xport><meta><start>soon</start></meta></xport>`, nil, `<start> is "soon"; expected an integer`},
		{"xml bad value", `<xport><meta><start>1</start><step>5</step><end>2</end><rows>1</rows><columns>1</columns><legend><entry>AVERAGE:host:h:cpu0</entry></legend></meta><data><row><t>2</t><v>fast</v></row></data></xport>`, nil, `row 0 value 0 is "fast"`},
		{"xml bad legend", `<xport><meta><start>1</start><step>5</step><end>2</end><rows>0</rows><columns>1</columns><legend><entry>cpu0</entry></legend></meta><data/></xport>`, nil, "legend entry 0"},
		{"xml mismatched end tag", `<xport><meta><start>1</meta>`, nil, "expected </start> after its text, found </meta>"},
		{"xml trailing garbage", `<xport><meta><start>1</start><step>5</step><end>2</end><rows>0</rows><columns>0</columns><legend/></meta><data/></xport>junk`, nil, `unexpected "junk" after the end`},
		{"xml huge timestamp", `<xport><meta><start>1</start><step>5</step><end>2</end><rows>1</rows><columns>0</columns><legend/></meta><data><row><t>99999999999999999999</t></row></data></xport>`, nil, "expected unix seconds"},
		{"json data before meta", `{"data":[],"meta":{}}`, nil, `meta has no "start" member before the data`},
		{"json no data", `{"meta":{"start":"1","step":"5","end":"2","rows":"0","columns":"0","legend":[]}}`, nil, `no "data" array`},
		{"json legend not strings", `{"meta":{"legend":[1]}}`, nil, "meta.legend entry 0: expected a string"},
		{"json missing colon", `{meta {}}`, nil, `expected ':' after key "meta"`},
		{"json5 bad value", `{meta: {start:1,step:5,end:2,rows:1,columns:1,legend:[` + legend + `]},data:[{t:2,values:[fast]}]}`, nil, `row 0 value 0 is "fast"`},
		{"json5 row without t", `{meta: {start:1,step:5,end:2,rows:1,columns:1,legend:[` + legend + `]},data:[{values:[1]}]}`, nil, `row 0 lacks "t" or "values"`},
		{"json5 bad escape", `{meta: {legend:["\q"]}}`, nil, `invalid escape \q`},
		{"json deep nesting", `{"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, nil, "nested more than 64 deep"},
		{"json5 rows negative", `{meta: {rows:-1}}`, nil, "meta.rows = -1 is out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := ParseUpdates(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("no error; got %+v", u)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("err = %q, want it to contain %q", err, tt.wantMsg)
			}
		})
	}
}

func TestParseUpdatesTolerated(t *testing.T) {
	meta := func(rows int) string {
		return fmt.Sprintf(`<xport><meta><start>1</start><step>5</step><end>2</end><rows>%d</rows><columns>2</columns><legend><entry>AVERAGE:host:h:cpu&amp;0</entry><entry>AVERAGE:sr:s:x</entry></legend><extra><a>1</a></extra></meta>`, rows)
	}
	tests := []struct {
		name string
		in   string
		want [][]float64
	}{
		{"xml empty v and entity in legend", meta(1) + `<data><row><t>2</t><v/><v></v></row></data></xport>`, [][]float64{{math.NaN()}, {math.NaN()}}},
		{"xml spaces inside values", meta(1) + `<data><row><t> 2 </t><v> 1.5 </v><v>2</v ></row></data></xport>`, [][]float64{{1.5}, {2}}},
		{"json null and empty string", `{"meta":{"start":"1","step":"5","end":"2","rows":"1","columns":"2","legend":["AVERAGE:host:h:a","AVERAGE:host:h:b"],"x":{"y":[1,{"z":null}]}},"data":[{"t":"2","values":[null,""]}]}`, [][]float64{{math.NaN()}, {math.NaN()}}},
		{"json huge numbers", `{"meta":{"start":"1","step":"5","end":"2","rows":"1","columns":"2","legend":["AVERAGE:host:h:a","AVERAGE:host:h:b"]},"data":[{"t":"2","values":["1e400","123456789012345678901234567890"]}]}`, [][]float64{{math.Inf(1)}, {1.2345678901234568e29}}},
		{"json5 mixed quoting", `{meta: {'start':"1",step:5,end:2,rows:1,columns:2,legend:["AVERAGE:host:h:a",'AVERAGE:host:h:b']},data:[{t:"2",values:["-1e-400",-Infinity,]},]}`, [][]float64{{0}, {math.Inf(-1)}}},
		{"json unicode escape", `{"meta":{"start":"1","step":"5","end":"2","rows":"1","columns":"2","legend":["AVERAGE:host:h:\u0061","AVERAGE:host:h:b\ud83d\ude00"]},"data":[{"t":"2","values":["1","2"]}]}`, [][]float64{{1}, {2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := ParseUpdates(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !sameFloats(u.Values, tt.want) {
				t.Errorf("values = %v, want %v", u.Values, tt.want)
			}
		})
	}
	u, err := ParseUpdates(strings.NewReader(meta(0) + `<data></data></xport>`))
	if err != nil || u.Legends[0].Metric != "cpu&0" {
		t.Errorf("entity in legend: %+v, %v", u, err)
	}
	u, err = ParseUpdates(strings.NewReader(tests[5].in))
	if err != nil || u.Legends[0].Metric != "a" || u.Legends[1].Metric != "b😀" {
		t.Errorf("unicode escapes in legend: %+v, %v", u, err)
	}
}

// fixtures returns every rrd_updates fixture plus small generated payloads.
func fixtures(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	files, err := filepath.Glob(filepath.Join("testdata", "updates_*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".golden.json") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = b
	}
	return out
}

// TestTruncatedEveryOffset cuts each fixture at every byte: each strict
// prefix must fail with ErrTruncated, never panic, hang or succeed.
func TestTruncatedEveryOffset(t *testing.T) {
	for name, in := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseUpdates(bytes.NewReader(in)); err != nil {
				t.Fatalf("whole payload: %v", err)
			}
			complete := len(bytes.TrimRight(in, " \t\r\n")) // trailing whitespace is optional
			for n := 0; n < complete; n++ {
				_, err := ParseUpdates(bytes.NewReader(in[:n]))
				if !errors.Is(err, ErrTruncated) {
					t.Fatalf("cut at byte %d of %d (%q): err = %v, want ErrTruncated", n, len(in), in[max(0, n-20):n], err)
				}
			}
		})
	}
}

// TestReaderShapes checks the result does not depend on how the reader
// splits the body, and that read errors surface as themselves.
func TestReaderShapes(t *testing.T) {
	for name, in := range fixtures(t) {
		want, err := ParseUpdates(bytes.NewReader(in))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for shape, r := range map[string]io.Reader{
			"one byte": iotest.OneByteReader(bytes.NewReader(in)),
			"half":     iotest.HalfReader(bytes.NewReader(in)),
			"data+EOF": iotest.DataErrReader(bytes.NewReader(in)),
			"timeout":  iotest.TimeoutReader(iotest.OneByteReader(bytes.NewReader(in))), // one error, then data
		} {
			got, err := ParseUpdates(r)
			if shape == "timeout" {
				if !errors.Is(err, iotest.ErrTimeout) {
					t.Errorf("%s/%s: err = %v, want the reader's ErrTimeout", name, shape, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s/%s: %v", name, shape, err)
				continue
			}
			if fmt.Sprint(toGoldenUpdates(got)) != fmt.Sprint(toGoldenUpdates(want)) {
				t.Errorf("%s/%s: result differs", name, shape)
			}
		}
	}
}

// stuckReader returns (0, nil) forever.
type stuckReader struct{}

func (stuckReader) Read([]byte) (int, error) { return 0, nil }

func TestStuckReaderDoesNotHang(t *testing.T) {
	_, err := ParseUpdates(io.MultiReader(strings.NewReader("<xport>"), stuckReader{}))
	if !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("err = %v, want io.ErrNoProgress", err)
	}
}

func TestTokenTooLong(t *testing.T) {
	in := `{"meta":{"legend":["` + strings.Repeat("a", 2*maxTokenSize) + `"]}}`
	_, err := ParseUpdates(strings.NewReader(in))
	if err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Fatalf("err = %v, want a too-long error", err)
	}
	in = `<xport><meta><legend><entry>` + strings.Repeat("a", 2*maxTokenSize) + `</entry></legend></meta></xport>`
	_, err = ParseUpdates(strings.NewReader(in))
	if err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Fatalf("err = %v, want a too-long error", err)
	}
}

// recordingHandler keeps what StreamUpdates hands over, copying values.
type recordingHandler struct {
	meta   []Meta
	ts     []int64
	values [][]float64
	stopAt int
}

var errStop = errors.New("stop requested by handler")

func (h *recordingHandler) Meta(m Meta) error { h.meta = append(h.meta, m); return nil }
func (h *recordingHandler) Row(t int64, v []float64) error {
	if h.stopAt > 0 && len(h.ts) == h.stopAt {
		return errStop
	}
	h.ts = append(h.ts, t)
	h.values = append(h.values, append([]float64(nil), v...))
	return nil
}

func TestStreamUpdates(t *testing.T) {
	u := rrdgen.Updates{Start: 100, Step: 5, End: 110, Legends: twoColumns(), Rows: []rrdgen.Row{
		{T: 110, Values: []float64{3, 30}}, {T: 105, Values: []float64{2, 20}}, {T: 100, Values: []float64{1, 10}},
	}}
	for _, f := range allFormats {
		t.Run(f.String(), func(t *testing.T) {
			in := encode(t, f, u)
			var h recordingHandler
			if err := StreamUpdates(bytes.NewReader(in), &h); err != nil {
				t.Fatal(err)
			}
			if len(h.meta) != 1 || h.meta[0].Rows != 3 || h.meta[0].Columns != 2 || len(h.meta[0].Legends) != 2 {
				t.Errorf("meta calls = %+v", h.meta)
			}
			if fmt.Sprint(h.ts) != "[110 105 100]" || fmt.Sprint(h.values) != "[[3 30] [2 20] [1 10]]" {
				t.Errorf("rows (wire order) = %v %v", h.ts, h.values)
			}
			h2 := recordingHandler{stopAt: 1}
			err := StreamUpdates(bytes.NewReader(in), &h2)
			if !errors.Is(err, errStop) || len(h2.ts) != 1 {
				t.Errorf("handler error: err = %v after %d rows, want errStop after 1", err, len(h2.ts))
			}
		})
	}
}

// TestLargeMetaClaim checks a tiny body that claims a huge table fails on
// the data, not by allocating what the header claims.
func TestLargeMetaClaim(t *testing.T) {
	in := `{"meta":{"start":"1","step":"5","end":"2","rows":"2000000000","columns":"2","legend":["AVERAGE:host:h:a","AVERAGE:host:h:b"]},"data":[{"t":"2","values":["1","2"]}]}`
	allocs := testing.AllocsPerRun(1, func() {
		_, err := ParseUpdates(strings.NewReader(in))
		if !errors.Is(err, ErrMetaMismatch) {
			t.Fatalf("err = %v, want ErrMetaMismatch", err)
		}
	})
	if allocs > 100 {
		t.Errorf("%v allocations for a 200-byte body", allocs)
	}
}

// TestCollectorTransposePath checks the path taken for headers claiming more
// than maxPreallocValues gives the same result as the preallocated one.
func TestCollectorTransposePath(t *testing.T) {
	for name, in := range fixtures(t) {
		want, err := ParseUpdates(bytes.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		saved := maxPreallocValues
		maxPreallocValues = 0
		got, err := ParseUpdates(bytes.NewReader(in))
		maxPreallocValues = saved
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if fmt.Sprint(toGoldenUpdates(got)) != fmt.Sprint(toGoldenUpdates(want)) {
			t.Errorf("%s: transposed result differs:\n%v\n%v", name, toGoldenUpdates(got), toGoldenUpdates(want))
		}
	}
}

package rrd

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestJSONValuesFastPath pins what the JSON values fast path takes itself: plain numbers,
// quoted or bare, each directly followed by ',' or ']'; it stops before the first value
// that needs the general path, consuming nothing of it. Results are the same either way,
// so only this test sees a fast path that stopped working (bench_test.go measures it).
func TestJSONValuesFastPath(t *testing.T) {
	tests := []struct {
		in     string
		n      int
		done   bool
		rest   string
		values string
	}{
		{in: `"0.5","1.25"]}`, n: 2, done: true, rest: `}`, values: "[0.5 1.25 0]"},
		{in: `0.5,-2,3e2]`, n: 3, done: true, rest: ``, values: "[0.5 -2 300]"},
		{in: `"0.5",1.25,"NaN"]`, n: 2, rest: `"NaN"]`, values: "[0.5 1.25 0]"},
		{in: `1, 2]`, n: 1, rest: ` 2]`, values: "[1 0 0]"},
		{in: `"1" ,2]`, rest: `"1" ,2]`, values: "[0 0 0]"},
		{in: `"1,2]`, rest: `"1,2]`, values: "[0 0 0]"},
		{in: `1 ]`, rest: `1 ]`, values: "[0 0 0]"},
		{in: `0.5,]`, n: 1, rest: `]`, values: "[0.5 0 0]"},
		{in: `"0.5"`, rest: `"0.5"`, values: "[0 0 0]"}, // the buffer ends before the separator
	}
	for _, tt := range tests {
		s := newScanner(strings.NewReader(tt.in))
		s.fill()
		p := &updatesParser{s: s, values: make([]float64, 3)}
		n, done := p.jsValuesFast(0)
		if rest := string(s.buf[s.pos:s.end]); n != tt.n || done != tt.done || rest != tt.rest || fmt.Sprint(p.values) != tt.values {
			t.Errorf("jsValuesFast(%s) = %d, %v, rest %q, values %v; want %d, %v, %q, %s", tt.in, n, done, rest, p.values, tt.n, tt.done, tt.rest, tt.values)
		}
		s.release()
	}
}

func TestJSONRowShapes(t *testing.T) {
	head := func(columns int, legend string) string {
		return fmt.Sprintf(`{meta: {start:1,step:5,end:2,rows:1,columns:%d,legend:[%s]},data:[`, columns, legend)
	}
	one := head(1, `"AVERAGE:host:h:cpu0"`)
	t.Run("a row without values", func(t *testing.T) {
		_, err := ParseUpdates(strings.NewReader(one + `{t:2}]}`))
		if err == nil || !strings.Contains(err.Error(), `row 0 lacks "t" or "values"`) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("an empty legend and empty rows", func(t *testing.T) {
		u, err := ParseUpdates(strings.NewReader(head(0, ``) + `{t:2,values:[]}]}`))
		if err != nil || len(u.Timestamps) != 1 || u.Timestamps[0] != 2 || len(u.Values) != 0 {
			t.Fatalf("got %+v, %v", u, err)
		}
	})
	t.Run("unknown row members are skipped", func(t *testing.T) {
		u, err := ParseUpdates(strings.NewReader(one + `{t:2,note:{a:[1,"x"]},values:[0.5]}]}`))
		if err != nil || u.Values[0][0] != 0.5 {
			t.Fatalf("got %+v, %v", u, err)
		}
		_, err = ParseUpdates(strings.NewReader(one + `{t:2,note:{a:[1,"x"},values:[0.5]}]}`))
		if err == nil || !strings.Contains(err.Error(), "expected ',' or ']' in an array") {
			t.Fatalf("a broken unknown member: err = %v", err)
		}
	})
	t.Run("a trailing comma after plain values", func(t *testing.T) {
		u, err := ParseUpdates(strings.NewReader(head(2, `"AVERAGE:host:h:a","AVERAGE:host:h:b"`) + `{t:2,values:[0.5,0.25,]}]}`))
		if err != nil || fmt.Sprint(u.Values) != "[[0.5] [0.25]]" {
			t.Fatalf("got %+v, %v", u, err)
		}
	})
}

// TestMetaCountLimits: meta.rows and meta.columns may be up to 2^31; more is refused
// before anything is allocated for them.
func TestMetaCountLimits(t *testing.T) {
	for _, tt := range []struct {
		rows    int64
		wantErr string
	}{
		{1 << 31, "meta.rows is 2147483648 but the data has 1 rows"},
		{1<<31 + 1, "meta.rows = 2147483649 is out of range"},
	} {
		in := fmt.Sprintf(`{meta: {start:1,step:5,end:2,rows:%d,columns:1,legend:["AVERAGE:host:h:cpu0"]},data:[{t:2,values:[1]}]}`, tt.rows)
		_, err := ParseUpdates(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("rows %d: err = %v, want %q", tt.rows, err, tt.wantErr)
		}
	}
}

// TestLegendTextLimitIsExact: the legend text may total maxLegendBytes, not one byte more.
func TestLegendTextLimitIsExact(t *testing.T) {
	var p updatesParser
	p.s = newScanner(strings.NewReader(""))
	defer p.s.release()
	p.legendArena = make([]byte, 0, maxLegendBytes) // one allocation, not a doubling chain
	entry := make([]byte, 1<<20)
	for range maxLegendBytes / len(entry) {
		if err := p.addLegend(entry); err != nil {
			t.Fatalf("at %d bytes: %v", len(p.legendArena), err)
		}
	}
	if err := p.addLegend([]byte("x")); err == nil || !strings.Contains(err.Error(), "legend is longer than") {
		t.Fatalf("one byte over the limit: err = %v", err)
	}
}

// TestXMLLegendErrorShowsTheText: an entry that is not a legend is quoted in the error as
// its text, entities decoded, also when it starts with one.
func TestXMLLegendErrorShowsTheText(t *testing.T) {
	in := `<xport><meta><start>1</start><step>5</step><end>2</end><rows>0</rows><columns>1</columns><legend><entry>&lt;html&gt;</entry></legend></meta><data></data></xport>`
	_, err := ParseUpdates(strings.NewReader(in))
	var se *SyntaxError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), `"<html>"`) {
		t.Fatalf("err = %v, want the decoded entry text \"<html>\"", err)
	}
}

// TestXMLRowRejectsWhatIsNotAValue: inside a row only <v> elements may follow <t>; text
// or another element that merely ends like one is an error, not a value.
func TestXMLRowRejectsWhatIsNotAValue(t *testing.T) {
	meta := `<xport><meta><start>1</start><step>5</step><end>2</end><rows>1</rows><columns>1</columns><legend><entry>AVERAGE:host:h:cpu0</entry></legend></meta>`
	for _, row := range []string{`<row><t>2</t>xv>1</v></row>`, `<row><t>2</t><w>1</v></row>`} {
		_, err := ParseUpdates(strings.NewReader(meta + `<data>` + row + `</data></xport>`))
		if err == nil || !strings.Contains(err.Error(), "<v> or </row>") {
			t.Errorf("%s: err = %v, want \"expected <v> or </row>\"", row, err)
		}
	}
	u, err := ParseUpdates(strings.NewReader(meta + `<data><row><t>2</t><v>1</v></row></data></xport>`))
	if err != nil || u.Values[0][0] != 1 {
		t.Fatalf("the well-formed row: %+v, %v", u, err)
	}
}

func TestXMLTagErrorsNameTheTag(t *testing.T) {
	for in, want := range map[string]string{
		`<xport><data/></xport>`:           "expected <meta>, found <data/>",
		`<xport><meta><start>1</></start>`: "empty end tag",
	} {
		_, err := ParseUpdates(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", in, err, want)
		}
	}
}

// TestJSONLegendErrorShowsTheDecodedEntry: a legend entry made only of escaped
// backslashes is decoded before it is judged and quoted.
func TestJSONLegendErrorShowsTheDecodedEntry(t *testing.T) {
	in := `{"meta":{"start":"1","step":"5","end":"2","rows":"0","columns":"1","legend":["\\"]},"data":[]}`
	_, err := ParseUpdates(strings.NewReader(in))
	if err == nil || !strings.Contains(err.Error(), `legend entry "\\": want`) {
		t.Fatalf("err = %v, want the entry decoded to one backslash", err)
	}
}

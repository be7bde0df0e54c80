package loadgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xenbench/xenbench/pkg/textenc"
)

// jsonRow mirrors one summary CSV row; keys are the CSV column names.
type jsonRow struct {
	RunID    string  `json:"run_id"`
	Workload string  `json:"workload"`
	Server   string  `json:"server"`
	Platform string  `json:"platform"`
	Task     string  `json:"task"`
	Start    string  `json:"start"`
	End      string  `json:"end"`
	Count    int64   `json:"count"`
	AvgMs    float64 `json:"avg_ms"`
	P95Ms    float64 `json:"p95_ms"`
}

// ReadJSON reads the JSON summary variant: an array of objects whose keys are
// the summary column names. Invalid rows are skipped and counted like CSV rows.
func ReadJSON(r io.Reader) ([]Result, Stats, error) {
	src, err := decode(r)
	if err != nil {
		return nil, Stats{}, fmt.Errorf("results JSON: %v", err)
	}
	b, err := io.ReadAll(src)
	if err != nil {
		return nil, Stats{}, fmt.Errorf("results JSON: %v", err)
	}
	// JSON is UTF-8, but Windows PowerShell's Set-Content writes ConvertTo-Json output
	// in the ANSI code page; its strings are read as such instead of as U+FFFD.
	b = []byte(textenc.String(string(b)))
	var raw json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&raw); err != nil {
		return nil, Stats{}, fmt.Errorf("results JSON must be an array of objects with keys %s: %v", strings.Join(summaryCols, ", ")+", platform", err)
	}
	// Windows PowerShell's ConvertTo-Json writes a single object, not a one-element
	// array, when the pipeline holds one row; that object is read as one row.
	if t := bytes.TrimLeft(raw, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		raw = append(append([]byte{'['}, raw...), ']')
	}
	var rows []jsonRow
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rows); err != nil {
		return nil, Stats{}, fmt.Errorf("results JSON must be an array of objects with keys %s: %v", strings.Join(summaryCols, ", ")+", platform", err)
	}
	idx := map[string]int{}
	for i, c := range append(append([]string(nil), summaryCols...), "platform") {
		idx[c] = i
	}
	var out []Result
	var st Stats
	for i, row := range rows {
		rec := []string{row.RunID, row.Workload, row.Server, row.Task, row.Start, row.End,
			strconv.FormatInt(row.Count, 10), strconv.FormatFloat(row.AvgMs, 'g', -1, 64), strconv.FormatFloat(row.P95Ms, 'g', -1, 64), row.Platform}
		res, err := rowKey(rec, idx)
		if err == nil {
			err = fillSummary(&res, rec, idx)
		}
		if err != nil {
			st.skip(i+1, "%v", err) // "line" is the array element here
			continue
		}
		st.Rows++
		out = append(out, res)
	}
	return out, st, nil
}

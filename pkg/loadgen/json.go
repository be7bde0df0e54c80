package loadgen

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
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
	var rows []jsonRow
	dec := json.NewDecoder(r)
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

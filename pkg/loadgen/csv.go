package loadgen

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xenbench/xenbench/pkg/textenc"
)

// Variant of a results file.
type Variant int

const (
	Summary   Variant = iota // one row per run x server x task
	Latencies                // one row per operation
)

var (
	summaryCols = []string{"run_id", "workload", "server", "task", "start", "end", "count", "avg_ms", "p95_ms"}
	latencyCols = []string{"run_id", "workload", "server", "task", "time", "latency_ms"}
	ErrHeader   = errors.New("results file header is not usable")
	// ErrCounterLog marks a PDH perfmon log met where results were expected.
	ErrCounterLog = errors.New("file is a perfmon counter log, not load-test results")
	maxRowErrors  = 10
	maxLatencyRow = 50_000_000 // bounds the memory of one raw file (8 bytes each)
	// maxLatencyMs (about 11.6 days) rejects absurd values and keeps sums finite.
	maxLatencyMs = 1e9
)

// Stats counts rows skipped as malformed, with the first reasons.
type Stats struct {
	Rows    int
	Skipped int
	Errors  []string
}

func (s *Stats) skip(line int, format string, args ...any) {
	s.Skipped++
	if len(s.Errors) < maxRowErrors {
		s.Errors = append(s.Errors, fmt.Sprintf("line %d: %s", line, fmt.Sprintf(format, args...)))
	}
}

// header maps the required (and optional platform) column names to indexes.
func header(rec []string, want []string) (map[string]int, error) {
	idx := map[string]int{}
	for i, name := range rec {
		name = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
		if _, dup := idx[name]; dup && name != "" {
			return nil, fmt.Errorf("%w: column %q appears twice", ErrHeader, name)
		}
		idx[name] = i
	}
	var missing []string
	for _, w := range want {
		if _, ok := idx[w]; !ok {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: missing column(s) %s; the header must name %s (any order, optional platform)", ErrHeader, strings.Join(missing, ", "), strings.Join(want, ","))
	}
	return idx, nil
}

func newCSV(r io.Reader) *csv.Reader {
	c := csv.NewReader(r)
	c.FieldsPerRecord = -1 // ragged rows are skipped and counted, not fatal
	c.ReuseRecord = true
	c.TrimLeadingSpace = true
	return c
}

// DetectVariant tells the two CSV layouts apart by their header.
func DetectVariant(headerLine []string) (Variant, error) {
	if _, err := header(headerLine, summaryCols); err == nil {
		return Summary, nil
	}
	if _, err := header(headerLine, latencyCols); err == nil {
		return Latencies, nil
	}
	_, err := header(headerLine, summaryCols)
	return 0, fmt.Errorf("%w (or, for raw latencies, %s)", err, strings.Join(latencyCols, ","))
}

// decode turns what Windows tools write into UTF-8 text: a UTF-8 byte order mark is
// dropped and UTF-16/UTF-32 (with a BOM: Windows PowerShell's Out-File and
// Export-Csv -Encoding Unicode, BigEndianUnicode, UTF32) is transcoded, before any
// parser sees the first byte.
func decode(r io.Reader) (io.Reader, error) {
	src, _, _, err := textenc.NewReader(bufio.NewReader(r))
	return src, err
}

// typeInfo is the first line Windows PowerShell's Export-Csv and ConvertTo-Csv write
// unless given -NoTypeInformation ("#TYPE System.Management.Automation.PSCustomObject"),
// and PowerShell 7's with -IncludeTypeInformation.
const typeInfo = "#TYPE "

// ReadCSV reads either variant, chosen by the header. See doc.go for the encodings.
func ReadCSV(r io.Reader) ([]Result, Stats, error) {
	src, err := decode(r)
	if err != nil {
		return nil, Stats{}, fmt.Errorf("%w: %v", ErrHeader, err)
	}
	c := newCSV(src)
	rec, err := c.Read()
	if err == nil && len(rec) == 1 && strings.HasPrefix(rec[0], typeInfo) {
		rec, err = c.Read()
	}
	if errors.Is(err, io.EOF) {
		return nil, Stats{}, fmt.Errorf("%w: the file is empty", ErrHeader)
	}
	if err != nil {
		return nil, Stats{}, fmt.Errorf("%w: %v", ErrHeader, err)
	}
	if len(rec) > 0 && strings.HasPrefix(strings.TrimPrefix(rec[0], "\ufeff"), "(PDH-") {
		return nil, Stats{}, ErrCounterLog
	}
	v, err := DetectVariant(rec)
	if err != nil {
		return nil, Stats{}, err
	}
	if v == Summary {
		idx, _ := header(rec, summaryCols)
		return readSummary(c, idx, len(rec))
	}
	idx, _ := header(rec, latencyCols)
	return readLatencies(c, idx, len(rec))
}

func field(rec []string, idx map[string]int, name string) string {
	i, ok := idx[name]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(textenc.String(rec[i])) // ANSI text (Export-Csv -Encoding Default) as Latin-1
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q is not RFC 3339 (e.g. 2026-11-25T10:00:00Z)", s)
	}
	return t.UTC(), nil
}

func parseMs(name, s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < 0 || v > maxLatencyMs {
		return 0, fmt.Errorf("%s %q is not a number of milliseconds between 0 and %g", name, s, float64(maxLatencyMs))
	}
	return v, nil
}

// rowKey reads the identifying columns shared by both variants.
func rowKey(rec []string, idx map[string]int) (Result, error) {
	res := Result{
		RunID: field(rec, idx, "run_id"), Workload: field(rec, idx, "workload"),
		Server: field(rec, idx, "server"), Task: field(rec, idx, "task"),
	}
	if res.RunID == "" || res.Server == "" || res.Task == "" {
		return res, errors.New("run_id, server and task must not be empty")
	}
	p, err := normPlatform(field(rec, idx, "platform"))
	res.Platform = p
	return res, err
}

func readSummary(c *csv.Reader, idx map[string]int, ncols int) ([]Result, Stats, error) {
	var out []Result
	var st Stats
	for {
		rec, err := c.Read()
		if errors.Is(err, io.EOF) {
			return out, st, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				st.skip(pe.Line, "%v", pe.Err)
				continue
			}
			return out, st, err
		}
		// FieldPos is only valid after a successful Read (it panics
		// otherwise; found by FuzzReadCSV).
		line, _ := c.FieldPos(0)
		if len(rec) != ncols {
			st.skip(line, "%d fields, the header has %d", len(rec), ncols)
			continue
		}
		res, err := rowKey(rec, idx)
		if err == nil {
			err = fillSummary(&res, rec, idx)
		}
		if err != nil {
			st.skip(line, "%v", err)
			continue
		}
		st.Rows++
		out = append(out, res)
	}
}

func fillSummary(res *Result, rec []string, idx map[string]int) error {
	var err error
	if res.Start, err = parseTime(field(rec, idx, "start")); err != nil {
		return err
	}
	if res.End, err = parseTime(field(rec, idx, "end")); err != nil {
		return err
	}
	if res.End.Before(res.Start) {
		return fmt.Errorf("end %s is before start %s", res.End.Format(time.RFC3339), res.Start.Format(time.RFC3339))
	}
	if res.Count, err = strconv.ParseInt(field(rec, idx, "count"), 10, 64); err != nil || res.Count < 0 {
		return fmt.Errorf("count %q is not a non-negative integer", field(rec, idx, "count"))
	}
	if res.AvgMs, err = parseMs("avg_ms", field(rec, idx, "avg_ms")); err != nil {
		return err
	}
	if res.P95Ms, err = parseMs("p95_ms", field(rec, idx, "p95_ms")); err != nil {
		return err
	}
	return nil
}

type group struct {
	res  Result
	lats []float64
	sum  float64
}

func readLatencies(c *csv.Reader, idx map[string]int, ncols int) ([]Result, Stats, error) {
	groups := map[[5]string]*group{}
	var order [][5]string
	var st Stats
	total := 0
	for {
		rec, err := c.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				st.skip(pe.Line, "%v", pe.Err)
				continue
			}
			return nil, st, err
		}
		line, _ := c.FieldPos(0)
		if len(rec) != ncols {
			st.skip(line, "%d fields, the header has %d", len(rec), ncols)
			continue
		}
		key, err := rowKey(rec, idx)
		if err != nil {
			st.skip(line, "%v", err)
			continue
		}
		t, err := parseTime(field(rec, idx, "time"))
		if err != nil {
			st.skip(line, "%v", err)
			continue
		}
		ms, err := parseMs("latency_ms", field(rec, idx, "latency_ms"))
		if err != nil {
			st.skip(line, "%v", err)
			continue
		}
		if total++; total > maxLatencyRow {
			return nil, st, fmt.Errorf("more than %d latency rows in one file; split the run into several files or write the summary variant", maxLatencyRow)
		}
		k := [5]string{key.RunID, key.Workload, key.Server, key.Platform, key.Task}
		g := groups[k]
		if g == nil {
			g = &group{res: key}
			g.res.Start, g.res.End = t, t
			groups[k] = g
			order = append(order, k)
		}
		if t.Before(g.res.Start) {
			g.res.Start = t
		}
		if t.After(g.res.End) {
			g.res.End = t
		}
		g.lats = append(g.lats, ms)
		g.sum += ms
		st.Rows++
	}
	out := make([]Result, 0, len(order))
	for _, k := range order {
		g := groups[k]
		g.res.Count = int64(len(g.lats))
		g.res.AvgMs = g.sum / float64(len(g.lats))
		g.res.P95Ms = P95(g.lats)
		out = append(out, g.res)
	}
	return out, st, nil
}

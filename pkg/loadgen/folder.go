package loadgen

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/xenbench/xenbench/pkg/safepath"
)

// ScanConfig describes the results folder (from the datasource settings).
type ScanConfig struct {
	Folder string
	// Patterns select files relative to Folder ("**" spans folders); the
	// default follows the simulator's layout, loadgen/**/*.csv|json.
	Patterns     []string
	MaxFileBytes int64 // default 512 MiB
	MaxFiles     int   // default 10,000
}

// DefaultPatterns are the file patterns used when ScanConfig.Patterns is empty.
var DefaultPatterns = []string{"loadgen/**/*.csv", "loadgen/**/*.json"}

// Index scans a results folder repeatedly and re-reads only files whose size
// or modification time changed since the last scan, so a dashboard refresh
// over large raw-latency files costs a directory walk. Safe for concurrent
// use; scans are serialised.
type Index struct {
	cfg   ScanConfig
	mu    sync.Mutex
	files map[string]*indexedFile
}

type indexedFile struct {
	size    int64
	modTime time.Time
	results []Result
	warning string // "" when the file read cleanly
	raw     bool   // a <run>.latencies.csv file: its rows are computed from every sample
}

// rawSuffix names raw-latency files (doc.go).
const rawSuffix = ".latencies.csv"

// NewIndex applies the defaults to cfg; the folder is opened by each Scan,
// so a folder that appears later starts working without a restart.
func NewIndex(cfg ScanConfig) *Index {
	if len(cfg.Patterns) == 0 {
		cfg.Patterns = DefaultPatterns
	}
	if cfg.MaxFileBytes <= 0 {
		cfg.MaxFileBytes = 512 << 20
	}
	if cfg.MaxFiles <= 0 {
		cfg.MaxFiles = 10_000
	}
	return &Index{cfg: cfg, files: map[string]*indexedFile{}}
}

// Scan returns every result below the folder, each run x server x task once. A
// file that cannot be read or has an unusable header is skipped with a warning
// naming it; malformed rows are skipped and reported per file. Where a
// raw-latency file (<run>.latencies.csv) has a run x server x task, it is the
// source of that result and the summary row for it (<run>.csv or .json, as load
// tools write both) is dropped, keeping only its platform column when the raw
// file has none. Results are sorted by start time, then run, server and task.
func (ix *Index) Scan() ([]Result, []string, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	dir, err := safepath.Open(ix.cfg.Folder)
	if err != nil {
		return nil, nil, err
	}
	defer dir.Close()
	names, err := dir.Glob(ix.cfg.Patterns, ix.cfg.MaxFiles)
	if err != nil {
		return nil, nil, err
	}
	var raw, summary []Result
	var warnings []string
	seen := map[string]bool{}
	for _, name := range names {
		seen[name] = true
		f, st, err := dir.OpenFile(name, ix.cfg.MaxFileBytes)
		if err != nil {
			delete(ix.files, name)
			warnings = append(warnings, fmt.Sprintf("%s skipped: %v", name, err))
			continue
		}
		c := ix.files[name]
		if c == nil || c.size != st.Size() || !c.modTime.Equal(st.ModTime()) {
			c = readFile(f, name)
			c.size, c.modTime = st.Size(), st.ModTime()
			ix.files[name] = c
		}
		f.Close()
		if c.warning != "" {
			warnings = append(warnings, c.warning)
		}
		if c.raw {
			raw = append(raw, c.results...)
		} else {
			summary = append(summary, c.results...)
		}
	}
	for name := range ix.files {
		if !seen[name] {
			delete(ix.files, name)
		}
	}
	out := preferRaw(raw, summary)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		if a.RunID != b.RunID {
			return a.RunID < b.RunID
		}
		if a.Server != b.Server {
			return a.Server < b.Server
		}
		return a.Task < b.Task
	})
	return out, warnings, nil
}

// resultKey identifies one result: a task on a server in a run.
type resultKey struct{ run, server, task string }

func keyOf(r Result) resultKey {
	return resultKey{r.RunID, strings.ToLower(r.Server), strings.ToLower(r.Task)}
}

// preferRaw joins raw-file and summary results, one per run x server x task: a
// summary row whose result a raw file has is dropped, its platform column kept.
func preferRaw(raw, summary []Result) []Result {
	declared := map[resultKey]string{}
	for _, r := range summary {
		if r.Platform != "" {
			declared[keyOf(r)] = r.Platform
		}
	}
	out := make([]Result, 0, len(raw)+len(summary))
	have := make(map[resultKey]bool, len(raw))
	for _, r := range raw {
		k := keyOf(r)
		have[k] = true
		if r.Platform == "" {
			r.Platform = declared[k]
		}
		out = append(out, r)
	}
	for _, r := range summary {
		if !have[keyOf(r)] {
			out = append(out, r)
		}
	}
	return out
}

func readFile(f io.Reader, name string) *indexedFile {
	var rs []Result
	var st Stats
	var err error
	if strings.HasSuffix(strings.ToLower(name), ".json") {
		rs, st, err = ReadJSON(f)
	} else {
		rs, st, err = ReadCSV(f)
	}
	// An if chain rather than a tagless switch: gremlins (npm run mutation) cannot see
	// Go's coverage of case expressions and would call them not covered.
	if errors.Is(err, ErrCounterLog) {
		return &indexedFile{} // a perfmon log in a mixed folder: not ours, no warning
	}
	if err != nil {
		return &indexedFile{warning: fmt.Sprintf("%s skipped: %v", name, err)}
	}
	out := &indexedFile{results: rs, raw: strings.HasSuffix(strings.ToLower(name), rawSuffix)}
	if st.Skipped > 0 {
		out.warning = fmt.Sprintf("%s: %d malformed rows skipped (first: %s)", name, st.Skipped, st.Errors[0])
	}
	return out
}

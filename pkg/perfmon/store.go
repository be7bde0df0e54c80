package perfmon

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/xenbench/xenbench/pkg/safepath"
)

// Config describes a folder of counter logs; it comes from the datasource
// settings. Zero limits take the defaults below.
type Config struct {
	Folder string // absolute path of the log folder
	// Patterns select files relative to Folder ("**" spans folders). The
	// default follows the simulator's layout, perfmon/<SERVER>/*.csv|tsv;
	// set "**/*.csv" for a mixed folder.
	Patterns []string
	// Location converts logs without a time zone in their banner (typeperf
	// stdout). Nil makes those files fail with ErrNoTimeZone.
	Location        *time.Location
	MaxFileBytes    int64 // per file, default 4 GiB
	MaxFiles        int   // files matched by the patterns, default 10,000
	MaxQueryBytes   int64 // bytes read from disk by one query, default 2 GiB
	MaxPoints       int   // points returned by one query, default 2,000,000
	MaxCachedPoints int   // values kept between queries, default 20,000,000
	// SettledAfter is how long a file must be unchanged before its
	// unterminated last line is taken as complete; default 10 minutes.
	SettledAfter time.Duration
}

// DefaultPatterns are the file patterns used when Config.Patterns is empty.
var DefaultPatterns = []string{"perfmon/**/*.csv", "perfmon/**/*.tsv"}

// Query asks for the series whose paths match any pattern, within [From, To].
type Query struct {
	Patterns []string
	From, To time.Time
}

// Series is one counter column over time, joined across rolled files.
type Series struct {
	Server   string // machine from the path (or the file's first folder)
	Object   string
	Instance string // "Parent/Instance#Index" as perfmon shows it
	Counter  string
	Unit     string // Grafana unit id, see Unit
	Path     string // full counter path as in the log
	Times    []time.Time
	Values   []float64 // NaN for a missing sample
}

// Column is one discovered counter, for the query editor's browser.
type Column struct {
	Path   CounterPath
	Server string
	Unit   string
	Files  int
}

// Result is the answer to a query. Warnings name files that were skipped
// and rows that were malformed, so the user can see why data is missing.
type Result struct {
	Series    []Series
	Warnings  []string
	BytesRead int64
}

// Store serves queries over a log folder. It keeps, per file, the byte
// offset read so far and the parsed values of the columns queried so far, so
// a refresh reads only what was appended since the last one. A Store is safe
// for concurrent use; queries are serialised.
type Store struct {
	cfg   Config
	dir   *safepath.Dir
	mu    sync.Mutex
	files map[string]*fileState
	clock uint64
	now   func() time.Time
}

// ErrLimit marks a query that hit a size limit (the user's to narrow).
var ErrLimit = errors.New("query limit exceeded")

// NewStore opens the folder. The error says what is wrong with the folder.
func NewStore(cfg Config) (*Store, error) {
	if len(cfg.Patterns) == 0 {
		cfg.Patterns = DefaultPatterns
	}
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	defi := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&cfg.MaxFileBytes, 4<<30)
	def(&cfg.MaxQueryBytes, 2<<30)
	defi(&cfg.MaxFiles, 10_000)
	defi(&cfg.MaxPoints, 2_000_000)
	defi(&cfg.MaxCachedPoints, 20_000_000)
	if cfg.SettledAfter <= 0 {
		cfg.SettledAfter = 10 * time.Minute
	}
	dir, err := safepath.Open(cfg.Folder)
	if err != nil {
		return nil, err
	}
	return &Store{cfg: cfg, dir: dir, files: map[string]*fileState{}, now: time.Now}, nil
}

// Close releases the folder.
func (s *Store) Close() error { return s.dir.Close() }

// fileState is what the Store remembers about one log file.
type fileState struct {
	name      string
	size      int64
	modTime   time.Time
	hdr       *Header
	hdrEnd    int64 // offset of the first data line
	offset    int64 // next byte to read (start of a held partial line)
	lines     int   // lines consumed up to offset, for row numbers in warnings
	hdrLines  int
	hdrErr    error
	cols      []int       // cached columns, ascending
	times     []time.Time // one per parsed row
	vals      [][]float64 // vals[i] belongs to cols[i]
	skipped   int
	firstErrs []RowError
	lastUse   uint64
}

func (f *fileState) points() int { return len(f.times) * (1 + len(f.cols)) }

func (f *fileState) dropCache() {
	f.cols, f.times, f.vals = nil, nil, nil
	f.offset, f.lines = f.hdrEnd, f.hdrLines
	f.skipped, f.firstErrs = 0, nil
}

// refresh lists the files and reads the headers of new or replaced ones.
func (s *Store) refresh() ([]*fileState, []string, error) {
	names, err := s.dir.Glob(s.cfg.Patterns, s.cfg.MaxFiles)
	if err != nil {
		return nil, nil, err
	}
	var warnings, notLogs []string
	seen := make(map[string]bool, len(names))
	out := make([]*fileState, 0, len(names))
	for _, name := range names {
		seen[name] = true
		fs := s.files[name]
		f, st, err := s.dir.OpenFile(name, s.cfg.MaxFileBytes)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("%s skipped: %v", name, err))
			continue
		}
		if fs == nil || st.Size() < fs.offset || fs.hdr == nil && (st.Size() != fs.size || !st.ModTime().Equal(fs.modTime)) {
			// New, shrunk (replaced) or previously unreadable and changed.
			fs = &fileState{name: name}
			s.files[name] = fs
			r, err := NewReader(f, Options{Location: s.cfg.Location})
			if err != nil {
				fs.hdrErr = err
			} else {
				fs.hdr, fs.hdrEnd, fs.offset = r.Header(), r.Offset(), r.Offset()
				fs.lines, fs.hdrLines = r.Lines(), r.Lines()
			}
		}
		f.Close()
		fs.size, fs.modTime = st.Size(), st.ModTime()
		if fs.hdrErr != nil {
			if errors.Is(fs.hdrErr, ErrBanner) {
				// Mixed folders hold other CSV files (load-test results,
				// exports); name them once instead of one warning each.
				notLogs = append(notLogs, name)
			} else {
				warnings = append(warnings, fmt.Sprintf("%s skipped: %v", name, fs.hdrErr))
			}
			continue
		}
		out = append(out, fs)
	}
	for name := range s.files {
		if !seen[name] {
			delete(s.files, name)
		}
	}
	switch len(notLogs) {
	case 0:
	case 1:
		warnings = append(warnings, fmt.Sprintf("%s skipped: %v", notLogs[0], s.files[notLogs[0]].hdrErr))
	default:
		warnings = append(warnings, fmt.Sprintf("%d files are not PDH counter logs and were skipped (e.g. %s); narrow the file patterns in the datasource settings to leave them out", len(notLogs), notLogs[0]))
	}
	return out, warnings, nil
}

// serverOf names the server of a column: the machine in its path, else the
// first folder of the file name (the one-folder-per-server layout).
func serverOf(p CounterPath, file string) string {
	if p.Machine != "" {
		return p.Machine
	}
	if i := strings.IndexByte(file, '/'); i > 0 {
		return file[:i]
	}
	return strings.TrimSuffix(path.Base(file), path.Ext(file))
}

// Columns lists every distinct counter in the folder.
func (s *Store) Columns(ctx context.Context) ([]Column, []string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	files, warnings, err := s.refresh()
	if err != nil {
		return nil, nil, err
	}
	byKey := map[string]*Column{}
	for _, f := range files {
		for i, c := range f.hdr.Columns {
			if isExcluded(f.hdr, i) {
				continue
			}
			server := serverOf(c, f.name)
			key := strings.ToLower(server + "|" + c.String())
			if col, ok := byKey[key]; ok {
				col.Files++
				continue
			}
			byKey[key] = &Column{Path: c, Server: server, Unit: Unit(c.Counter), Files: 1}
		}
	}
	out := make([]Column, 0, len(byKey))
	for _, c := range byKey {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path.String() < out[j].Path.String() })
	return out, warnings, ctx.Err()
}

func isExcluded(h *Header, col int) bool {
	for _, d := range h.Duplicates {
		if d == col {
			return true
		}
	}
	for _, d := range h.BadColumns {
		if d == col {
			return true
		}
	}
	return false
}

// Query returns the matching series within the time range.
func (s *Store) Query(ctx context.Context, q Query) (*Result, error) {
	if len(q.Patterns) == 0 {
		return nil, errors.New("no counter pattern given; enter a path such as \\\\*\\MSExchangeIS\\RPC Averaged Latency")
	}
	pats := make([]Pattern, len(q.Patterns))
	for i, p := range q.Patterns {
		cp, err := CompilePattern(p)
		if err != nil {
			return nil, err
		}
		pats[i] = cp
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock++
	files, warnings, err := s.refresh()
	if err != nil {
		return nil, err
	}
	res := &Result{Warnings: warnings}

	// Plan: which columns each file needs, and how many bytes that costs.
	var plans []fileWant
	var cost int64
	for _, f := range files {
		var want []int
		for i, c := range f.hdr.Columns {
			if isExcluded(f.hdr, i) {
				continue
			}
			for _, p := range pats {
				if p.Match(c) {
					want = append(want, i)
					break
				}
			}
		}
		if len(want) == 0 {
			continue
		}
		if n := len(f.hdr.Duplicates); n > 0 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: %d duplicated counter columns ignored (the first of each is used)", f.name, n))
		}
		if !containsAll(f.cols, want) || f.hdr.Encoding != EncodingUTF8 && f.size != f.offset {
			cost += f.size - f.hdrEnd // full re-read
		} else {
			cost += f.size - f.offset // appended bytes only
		}
		plans = append(plans, fileWant{f, want})
	}
	if cost > s.cfg.MaxQueryBytes {
		return nil, fmt.Errorf("%w: the query would read %d bytes of logs, the limit is %d; narrow the counter patterns or the file patterns, or raise the limit", ErrLimit, cost, s.cfg.MaxQueryBytes)
	}
	for _, p := range plans {
		n, err := s.update(ctx, p.f, p.want)
		res.BytesRead += n
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: %v", p.f.name, err))
		}
		if p.f.skipped > 0 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: %d malformed rows skipped (first: %v)", p.f.name, p.f.skipped, p.f.firstErrs[0]))
		}
	}
	res.Series, err = s.collect(plans, q)
	s.evict()
	return res, err
}

// fileWant is one file and the columns a query needs from it.
type fileWant struct {
	f    *fileState
	want []int
}

func containsAll(have, want []int) bool {
	for _, w := range want {
		i := sort.SearchInts(have, w)
		if i == len(have) || have[i] != w {
			return false
		}
	}
	return true
}

// update brings a file's cache up to date for the wanted columns: it reads
// only the appended bytes when the cached columns already cover the query,
// and re-reads the file for the union otherwise.
func (s *Store) update(ctx context.Context, f *fileState, want []int) (int64, error) {
	f.lastUse = s.clock
	resumable := f.hdr.Encoding == EncodingUTF8
	if !containsAll(f.cols, want) || !resumable && f.offset != f.size {
		union := append(append([]int(nil), f.cols...), want...)
		sort.Ints(union)
		union = dedupInts(union)
		f.dropCache()
		f.cols = union
		f.vals = make([][]float64, len(union))
	}
	if f.offset >= f.size {
		return 0, nil
	}
	file, _, err := s.dir.OpenFile(f.name, s.cfg.MaxFileBytes)
	if err != nil {
		return 0, err
	}
	defer file.Close()
	opts := Options{Location: s.cfg.Location, HoldPartialLine: s.now().Sub(f.modTime) < s.cfg.SettledAfter}
	var r *Reader
	start := f.offset
	if resumable {
		if _, err := file.Seek(f.offset, 0); err != nil {
			return 0, err
		}
		r, err = Resume(file, f.hdr, f.offset, f.lines, opts)
	} else {
		// UTF-16 files cannot be resumed at a byte offset: read from the
		// start and skip the header again.
		r, err = NewReader(file, opts)
		start = 0
	}
	if err != nil {
		return 0, err
	}
	if err := r.Select(f.cols); err != nil {
		return 0, err
	}
	rows := 0
	for r.Next() {
		f.times = append(f.times, r.Time())
		for i, v := range r.Values() {
			f.vals[i] = append(f.vals[i], v)
		}
		if rows++; rows&4095 == 0 && ctx.Err() != nil {
			// Keep what was read consistent with the offset, so the
			// next query continues instead of appending rows twice.
			f.offset, f.lines = r.Offset(), r.Lines()
			return r.Offset() - start, ctx.Err()
		}
	}
	st := r.Stats()
	f.skipped += st.Skipped
	if len(f.firstErrs) == 0 {
		f.firstErrs = st.Errors
	}
	f.offset, f.lines = r.Offset(), r.Lines()
	if !resumable {
		f.offset = f.size
	}
	return r.Offset() - start, r.Err()
}

func dedupInts(s []int) []int {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// collect joins each matching column across files in time order and keeps
// the points inside the range.
func (s *Store) collect(fw []fileWant, q Query) ([]Series, error) {
	type acc struct {
		s      *Series
		sorted bool
	}
	byKey := map[string]*acc{}
	var order []string
	total := 0
	// Files in order of their first sample, so rolled files join in time order.
	sort.SliceStable(fw, func(i, j int) bool { return firstTime(fw[i].f).Before(firstTime(fw[j].f)) })
	for _, w := range fw {
		f := w.f
		lo := sort.Search(len(f.times), func(i int) bool { return !f.times[i].Before(q.From) })
		hi := len(f.times)
		if !q.To.IsZero() {
			hi = sort.Search(len(f.times), func(i int) bool { return f.times[i].After(q.To) })
		}
		for _, col := range w.want {
			ci := sort.SearchInts(f.cols, col)
			p := f.hdr.Columns[col]
			server := serverOf(p, f.name)
			key := strings.ToLower(server + "|" + p.String())
			a := byKey[key]
			if a == nil {
				a = &acc{s: &Series{Server: server, Object: p.Object, Instance: p.InstanceLabel(), Counter: p.Counter, Unit: Unit(p.Counter), Path: p.String()}, sorted: true}
				byKey[key] = a
				order = append(order, key)
			}
			if lo >= hi {
				continue
			}
			if n := len(a.s.Times); n > 0 && f.times[lo].Before(a.s.Times[n-1]) {
				a.sorted = false
			}
			total += hi - lo
			if total > s.cfg.MaxPoints {
				return nil, fmt.Errorf("%w: more than %d points match; narrow the time range or the counter patterns", ErrLimit, s.cfg.MaxPoints)
			}
			a.s.Times = append(a.s.Times, f.times[lo:hi]...)
			a.s.Values = append(a.s.Values, f.vals[ci][lo:hi]...)
		}
	}
	out := make([]Series, 0, len(order))
	for _, k := range order {
		a := byKey[k]
		if !a.sorted {
			sort.Stable(byTime{a.s})
		}
		out = append(out, *a.s)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Server != out[j].Server {
			return out[i].Server < out[j].Server
		}
		return out[i].Path < out[j].Path
	})
	return out, nil
}

func firstTime(f *fileState) time.Time {
	if len(f.times) == 0 {
		return time.Time{}.Add(math.MaxInt64)
	}
	return f.times[0]
}

type byTime struct{ s *Series }

func (b byTime) Len() int           { return len(b.s.Times) }
func (b byTime) Less(i, j int) bool { return b.s.Times[i].Before(b.s.Times[j]) }
func (b byTime) Swap(i, j int) {
	b.s.Times[i], b.s.Times[j] = b.s.Times[j], b.s.Times[i]
	b.s.Values[i], b.s.Values[j] = b.s.Values[j], b.s.Values[i]
}

// evict drops the caches of the least recently used files until the cached
// values fit MaxCachedPoints; evicted files are re-read when next queried.
func (s *Store) evict() {
	total := 0
	var fs []*fileState
	for _, f := range s.files {
		if n := f.points(); n > 0 {
			total += n
			fs = append(fs, f)
		}
	}
	if total <= s.cfg.MaxCachedPoints {
		return
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].lastUse < fs[j].lastUse })
	for _, f := range fs {
		if total <= s.cfg.MaxCachedPoints {
			return
		}
		total -= f.points()
		f.dropCache()
	}
}

// Labels returns the series labels of the frame contract in DESIGN.md
// (server, object, instance, counter); instance is omitted for
// single-instance objects. The glue adds platform, host and volume role.
func (s Series) Labels() map[string]string {
	l := map[string]string{"server": s.Server, "object": s.Object, "counter": s.Counter}
	if s.Instance != "" {
		l["instance"] = s.Instance
	}
	return l
}

// Package thresholds serves Microsoft's performance limits for Exchange from
// catalog.json, the single copy that the Go back end (embedded here), the
// latency-compare panel (imported as JSON) and the provisioned alert rules
// all read. Field meanings are documented in README.md beside it.
package thresholds

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/xenbench/xenbench/pkg/perfmon"
)

//go:embed catalog.json
var catalogJSON []byte

// SchemaVersion is the catalog schema this package understands.
const SchemaVersion = 1

// Versions, comparisons, aggregations and roles allowed in the catalog.
const (
	Version2007   = "2007"
	Version2010Up = "2010+"
	RoleDatabase  = "database"
	RoleLog       = "log"
	loadGenPrefix = `LoadGen\`
)

var (
	comparisons  = map[string]bool{"gt": true, "ge": true, "lt": true, "le": true}
	aggregations = map[string]bool{"average": true, "max": true, "min": true, "p95": true}
	roles        = map[string]bool{"": true, RoleDatabase: true, RoleLog: true}
	// Units are Grafana unit ids, as set on fields by pkg/perfmon.
	units = map[string]bool{"ms": true, "s": true, "percent": true, "short": true, "iops": true, "ops": true,
		"Bps": true, "decbytes": true, "deckbytes": true, "decmbytes": true}
	idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Source names where a value comes from.
type Source struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Entry is one limit. Warning or Critical may be absent (null) when the
// source defines only one level.
type Entry struct {
	ID              string   `json:"id"`
	ExchangeVersion string   `json:"exchangeVersion"`
	Counter         string   `json:"counter"`
	Match           []string `json:"match"`
	VolumeRole      string   `json:"volumeRole"`
	Unit            string   `json:"unit"`
	Comparison      string   `json:"comparison"`
	Aggregation     string   `json:"aggregation"`
	Warning         *float64 `json:"warning"`
	Critical        *float64 `json:"critical"`
	Source          Source   `json:"source"`
	Verified        bool     `json:"verified"`
	Note            string   `json:"note"`

	patterns []perfmon.Pattern
}

// Catalog is the parsed, validated catalog.
type Catalog struct {
	Version int     `json:"version"`
	Entries []Entry `json:"entries"`
}

var (
	once    sync.Once
	loaded  *Catalog
	loadErr error
)

// Load returns the embedded catalog, parsed and validated once. Callers
// must not modify it.
func Load() (*Catalog, error) {
	once.Do(func() { loaded, loadErr = Parse(catalogJSON) })
	return loaded, loadErr
}

// JSON returns the embedded file as is, e.g. to serve it to the front end.
func JSON() []byte { return append([]byte(nil), catalogJSON...) }

// Parse decodes and validates a catalog. Unknown fields are errors so that a
// typo in the shared file fails the Go tests instead of silently dropping a
// limit from the panel or the alert rules.
func Parse(b []byte) (*Catalog, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	var c Catalog
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("threshold catalog: %w", err)
	}
	if c.Version != SchemaVersion {
		return nil, fmt.Errorf("threshold catalog: schema version %d, this build reads %d", c.Version, SchemaVersion)
	}
	var errs []error
	seen := map[string]bool{}
	for i := range c.Entries {
		e := &c.Entries[i]
		if seen[e.ID] {
			errs = append(errs, fmt.Errorf("entry %d: id %q is used twice", i, e.ID))
		}
		seen[e.ID] = true
		if err := e.validate(); err != nil {
			errs = append(errs, fmt.Errorf("entry %d (%s): %w", i, e.ID, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("threshold catalog is invalid:\n%w", err)
	}
	return &c, nil
}

func (e *Entry) validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if !idPattern.MatchString(e.ID) {
		bad("id must be lower-case words joined by '-'")
	}
	if e.ExchangeVersion != Version2007 && e.ExchangeVersion != Version2010Up {
		bad("exchangeVersion %q is not %q or %q", e.ExchangeVersion, Version2007, Version2010Up)
	}
	if !units[e.Unit] {
		bad("unit %q is not a known Grafana unit id", e.Unit)
	}
	if !comparisons[e.Comparison] {
		bad("comparison %q is not gt, ge, lt or le", e.Comparison)
	}
	if !aggregations[e.Aggregation] {
		bad("aggregation %q is not average, max, min or p95", e.Aggregation)
	}
	if !roles[e.VolumeRole] {
		bad("volumeRole %q is not empty, %q or %q", e.VolumeRole, RoleDatabase, RoleLog)
	}
	// if chains rather than tagless switches here and below: gremlins (npm run
	// mutation) cannot see coverage of case expressions and would report them
	// as not covered although the shared vectors run them.
	if e.Warning == nil && e.Critical == nil {
		bad("neither warning nor critical is set")
	} else if e.Warning != nil && e.Critical != nil {
		w, c := *e.Warning, *e.Critical
		if (e.Comparison == "gt" || e.Comparison == "ge") && !(w < c) {
			bad("with %s the warning (%g) must be below the critical (%g)", e.Comparison, w, c)
		}
		if (e.Comparison == "lt" || e.Comparison == "le") && !(w > c) {
			bad("with %s the warning (%g) must be above the critical (%g)", e.Comparison, w, c)
		}
	}
	for _, v := range []*float64{e.Warning, e.Critical} {
		if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
			bad("limits must be finite")
		}
	}
	if strings.TrimSpace(e.Source.Title) == "" {
		bad("source.title is empty: only values with a source belong in the catalog")
	}
	if e.Verified && e.Source.URL == "" {
		bad("verified entries need source.url")
	}
	if !e.Verified && strings.TrimSpace(e.Note) == "" {
		bad("unverified entries need a note saying what is uncertain")
	}
	if len(e.Match) == 0 {
		bad("match is empty")
	}
	e.patterns = nil
	if !e.IsTask() {
		for _, m := range e.Match {
			p, err := perfmon.CompilePattern(m)
			if err != nil {
				bad("match %q: %v", m, err)
				continue
			}
			e.patterns = append(e.patterns, p)
		}
	}
	return errors.Join(errs...)
}

// IsTask reports whether the entry applies to a load-test task (matched by
// name, e.g. SendMail) rather than to a performance counter.
func (e *Entry) IsTask() bool { return strings.HasPrefix(e.Counter, loadGenPrefix) }

// NormalizeVersion maps an Exchange version as users write it ("2007",
// "2010", "2013", "2016", "2019", "2010+") to a catalog version.
func NormalizeVersion(v string) (string, bool) {
	switch strings.TrimSpace(strings.ToLower(v)) {
	case "2007", "12", "exchange 2007":
		return Version2007, true
	case "2010+", "2010", "2013", "2016", "2019", "se", "14", "15":
		return Version2010Up, true
	}
	return "", false
}

// Key names what limits are looked up for: a perfmon counter, given either
// as a full path (Path, as perfmon logs and query patterns write it; the
// machine is ignored) or as the labels the back end puts on its series
// (Object, Instance, Counter; Instance empty for a single-instance object),
// or a load-test task (Task, e.g. SendMail). Exactly one form is used: Path
// first, then Object and Counter, then Task.
type Key struct {
	Path     string `json:"path,omitempty"`
	Object   string `json:"object,omitempty"`
	Instance string `json:"instance,omitempty"`
	Counter  string `json:"counter,omitempty"`
	Task     string `json:"task,omitempty"`
}

// Match is the outcome of a lookup: the entries that apply, and what kept
// others from applying, so that a caller can say so instead of silently
// showing fewer limits.
type Match struct {
	Entries []Entry
	// RolesNeeded lists the volume roles (sorted) that have limits for this
	// counter and version but were not applied because no role was given.
	RolesNeeded []string
	// OtherVersions lists the catalog versions (sorted) that have limits for
	// this key when the requested version has none or is not a known version.
	OtherVersions []string
}

// Find looks up the entries for a key, an Exchange version (as users write
// it, see NormalizeVersion) and a volume role. The rules, which the panel
// (src/panel/thresholds/match.ts) follows too, proven by the shared vectors
// in testdata/vectors.json:
//   - counter patterns match part by part (object, instance, counter; see
//     perfmon.Pattern), case-insensitively; a task matches a LoadGen entry's
//     task name exactly, ignoring case and surrounding spaces;
//   - entries for any volume (empty role) always apply; role-specific entries
//     apply only to that role, so a disk counter whose role is unknown gets
//     only the generic limits and RolesNeeded says which roles were left out;
//   - another version's limits are never used: an unknown version or one
//     without entries yields none, and OtherVersions says which have some.
func (c *Catalog) Find(k Key, version, role string) Match {
	var m Match
	path, isPath, ok := k.counterPath()
	if !ok {
		return m
	}
	task := strings.TrimSpace(k.Task)
	if !isPath && task == "" {
		return m
	}
	v, known := NormalizeVersion(version)
	role = strings.ToLower(strings.TrimSpace(role))
	needed := map[string]bool{}
	others := map[string]bool{}
	for _, e := range c.Entries {
		if isPath && (e.IsTask() || !matchesAny(e.patterns, path)) || !isPath && (!e.IsTask() || !matchesTask(e.Match, task)) {
			continue
		}
		if !known || e.ExchangeVersion != v {
			others[e.ExchangeVersion] = true
		} else if e.VolumeRole == "" || e.VolumeRole == role {
			m.Entries = append(m.Entries, e)
		} else if role == "" {
			needed[e.VolumeRole] = true
		}
	}
	m.RolesNeeded = sortedKeys(needed)
	if len(m.Entries) == 0 && len(needed) == 0 {
		m.OtherVersions = sortedKeys(others)
	}
	return m
}

// counterPath returns the key's counter path, whether the key is a counter
// at all (else a task), and false when the key names a counter that cannot
// be parsed.
func (k Key) counterPath() (perfmon.CounterPath, bool, bool) {
	if k.Path != "" {
		p, err := perfmon.ParseCounterPath(strings.TrimSpace(k.Path))
		return p, true, err == nil
	}
	if k.Object != "" || k.Counter != "" {
		if strings.TrimSpace(k.Object) == "" || strings.TrimSpace(k.Counter) == "" {
			return perfmon.CounterPath{}, true, false
		}
		// The labels hold the instance as perfmon shows it
		// ("Parent/Instance#Index"), the form instance patterns match.
		return perfmon.CounterPath{Object: k.Object, Counter: k.Counter, Instance: k.Instance,
			HasInstance: k.Instance != "", Index: -1}, true, true
	}
	return perfmon.CounterPath{}, false, true
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the entries for a counter path (`\\EXVM01\LogicalDisk(D:)\
// Avg. Disk sec/Read`; the machine is ignored) or a task name (`SendMail`):
// Find with the key in string form.
func (c *Catalog) Lookup(key, version, role string) []Entry {
	k := Key{Task: key}
	if strings.HasPrefix(key, `\`) {
		k = Key{Path: key}
	}
	return c.Find(k, version, role).Entries
}

func matchesAny(ps []perfmon.Pattern, p perfmon.CounterPath) bool {
	for _, pat := range ps {
		if pat.Match(p) {
			return true
		}
	}
	return false
}

func matchesTask(names []string, task string) bool {
	for _, n := range names {
		if strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(task)) {
			return true
		}
	}
	return false
}

// Level is the outcome of comparing a value with an entry.
type Level string

const (
	LevelUnknown  Level = "unknown" // NaN: no sample
	LevelOK       Level = "ok"
	LevelWarning  Level = "warning"
	LevelCritical Level = "critical"
)

// NearFraction places the "near the limit" level of an entry that has only a
// critical limit (SendMail: average over 500 ms): at 80 % of it for upper
// limits (gt, ge), at critical / 0.8 for lower limits (lt, le). It is a
// display choice, not a Microsoft figure, shared with the panel's bands; it
// never turns a pass into a fail, and alert rules use only catalog values.
const NearFraction = 0.8

// WarningLimit is the level at which a value is "near the limit": the
// catalog's warning when it has one, else derived from the critical limit
// with NearFraction. False when the entry has neither.
func (e *Entry) WarningLimit() (float64, bool) {
	if e.Warning != nil {
		return *e.Warning, true
	}
	if e.Critical == nil {
		return 0, false
	}
	if e.Comparison == "gt" || e.Comparison == "ge" {
		return *e.Critical * NearFraction, true
	}
	return *e.Critical / NearFraction, true
}

// Evaluate compares an already aggregated value (as the entry's aggregation
// says) in the entry's unit with its limits: critical when it reaches the
// critical limit, warning when it reaches WarningLimit (both as the
// comparison says), ok otherwise. A value that is not a measurement never
// passes: NaN is unknown, and an infinity is critical or warning when beyond
// a limit, else unknown.
func (e *Entry) Evaluate(v float64) Level {
	if math.IsNaN(v) {
		return LevelUnknown
	}
	if e.Critical != nil && e.crosses(v, *e.Critical) {
		return LevelCritical
	}
	if w, ok := e.WarningLimit(); ok && e.crosses(v, w) {
		return LevelWarning
	}
	if math.IsInf(v, 0) {
		return LevelUnknown
	}
	return LevelOK
}

func (e *Entry) crosses(v, limit float64) bool {
	switch e.Comparison {
	case "gt":
		return v > limit
	case "ge":
		return v >= limit
	case "lt":
		return v < limit
	case "le":
		return v <= limit
	}
	return false
}

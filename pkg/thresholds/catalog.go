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
	switch {
	case e.Warning == nil && e.Critical == nil:
		bad("neither warning nor critical is set")
	case e.Warning != nil && e.Critical != nil:
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

// Lookup returns the entries for a counter path (`\\EXVM01\LogicalDisk(D:)\
// Avg. Disk sec/Read`; the machine is ignored) or a task name (`SendMail`),
// an Exchange version and a volume role. Entries for any volume (empty role)
// always apply; role-specific entries apply only to that role, so a disk
// counter with an unknown role gets only the generic limits. An unknown
// version yields no entries rather than another version's limits.
func (c *Catalog) Lookup(key, version, role string) []Entry {
	v, ok := NormalizeVersion(version)
	if !ok {
		return nil
	}
	role = strings.ToLower(strings.TrimSpace(role))
	var path perfmon.CounterPath
	isPath := strings.HasPrefix(key, `\`)
	if isPath {
		var err error
		if path, err = perfmon.ParseCounterPath(key); err != nil {
			return nil
		}
	}
	var out []Entry
	for _, e := range c.Entries {
		if e.ExchangeVersion != v || e.VolumeRole != "" && e.VolumeRole != role {
			continue
		}
		if isPath && !e.IsTask() && matchesAny(e.patterns, path) || !isPath && e.IsTask() && matchesTask(e.Match, key) {
			out = append(out, e)
		}
	}
	return out
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

// Evaluate compares an already aggregated value (as the entry's aggregation
// says) in the entry's unit with its limits.
func (e *Entry) Evaluate(v float64) Level {
	if math.IsNaN(v) {
		return LevelUnknown
	}
	if e.Critical != nil && e.crosses(v, *e.Critical) {
		return LevelCritical
	}
	if e.Warning != nil && e.crosses(v, *e.Warning) {
		return LevelWarning
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

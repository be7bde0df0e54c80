package perfmon

import (
	"fmt"
	"strings"
)

// Pattern selects counter columns, e.g. `\\*\MSExchangeIS\RPC Averaged Latency`
// or `\\EXMBX*\LogicalDisk(*)\Avg. Disk sec/Read`. Each part (machine, object,
// instance, counter) is a case-insensitive wildcard with "*" (any run of
// characters) and "?" (one character). As in PDH, a pattern without
// parentheses matches only single-instance objects and "(*)" matches every
// instance; a pattern without a machine (`\Memory\Available MBytes`) matches
// any machine. The instance part is matched against the whole instance label
// ("Parent/Instance#Index").
type Pattern struct {
	text                     string
	machine, object, counter string
	instance                 string
	hasInstance, anyMachine  bool
}

// CompilePattern parses a pattern.
func CompilePattern(s string) (Pattern, error) {
	s = strings.TrimSpace(s)
	p, err := ParseCounterPath(s)
	if err != nil {
		return Pattern{}, fmt.Errorf("bad counter pattern: %w", err)
	}
	return Pattern{
		text:        s,
		machine:     strings.ToLower(p.Machine),
		anyMachine:  p.Machine == "",
		object:      strings.ToLower(p.Object),
		counter:     strings.ToLower(p.Counter),
		instance:    strings.ToLower(p.InstanceLabel()),
		hasInstance: p.HasInstance,
	}, nil
}

// String returns the pattern as written.
func (p Pattern) String() string { return p.text }

// Match reports whether a column's path matches.
func (p Pattern) Match(c CounterPath) bool {
	if p.hasInstance != c.HasInstance {
		return false
	}
	if !p.anyMachine && !wildMatch(p.machine, strings.ToLower(c.Machine)) {
		return false
	}
	return wildMatch(p.object, strings.ToLower(c.Object)) &&
		wildMatch(p.counter, strings.ToLower(c.Counter)) &&
		(!p.hasInstance || wildMatch(p.instance, strings.ToLower(c.InstanceLabel())))
}

// wildMatch matches s against a pattern of literal bytes, "*" and "?" ("?"
// matches one UTF-8 character). It backtracks only to the last "*", so it is
// linear for typical patterns and never exponential.
func wildMatch(pat, s string) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(pat) {
			switch pat[pi] {
			case '*':
				starP, starS = pi, si
				pi++
				continue
			case '?':
				pi++
				si += runeLen(s[si:])
				continue
			default:
				if pat[pi] == s[si] {
					pi++
					si++
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		pi = starP + 1
		starS += runeLen(s[starS:])
		si = starS
	}
	for pi < len(pat) && pat[pi] == '*' {
		pi++
	}
	return pi == len(pat)
}

func runeLen(s string) int {
	for i := range s {
		if i > 0 {
			return i
		}
	}
	return len(s)
}

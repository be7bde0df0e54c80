package perfmon

import (
	"fmt"
	"strconv"
	"strings"
)

// CounterPath is one parsed column of a counter log:
// \\Machine\Object(Parent/Instance#Index)\Counter.
type CounterPath struct {
	Machine  string `json:"machine"`  // without the leading \\; empty for a path without one
	Object   string `json:"object"`   // e.g. "MSExchange Database ==> Instances"
	Parent   string `json:"parent"`   // text before the first "/" inside the parentheses
	Instance string `json:"instance"` // instance name without parent and #index
	Index    int    `json:"index"`    // the #N suffix for duplicate instance names, -1 if none
	Counter  string `json:"counter"`  // e.g. "Avg. Disk sec/Read"
	// HasInstance tells "Memory\X" (single-instance object) from "Obj()\X".
	HasInstance bool `json:"hasInstance"`
}

// InstanceLabel is the instance as perfmon shows it ("Parent/Instance#Index"),
// the form used for the series label and for instance patterns.
func (p CounterPath) InstanceLabel() string {
	if !p.HasInstance {
		return ""
	}
	s := p.Instance
	if p.Parent != "" {
		s = p.Parent + "/" + s
	}
	if p.Index >= 0 {
		s += "#" + strconv.Itoa(p.Index)
	}
	return s
}

// String rebuilds the full path.
func (p CounterPath) String() string {
	var b strings.Builder
	if p.Machine != "" {
		b.WriteString(`\\`)
		b.WriteString(p.Machine)
	}
	b.WriteByte('\\')
	b.WriteString(p.Object)
	if p.HasInstance {
		b.WriteByte('(')
		b.WriteString(p.InstanceLabel())
		b.WriteByte(')')
	}
	b.WriteByte('\\')
	b.WriteString(p.Counter)
	return b.String()
}

// ParseCounterPath splits a full counter path. The counter is the text after
// the last backslash (counter names contain "/" and "." but never "\"); the
// instance is everything between the first "(" of the object part and its
// final ")", so instances that themselves contain parentheses or backslashes,
// such as "Intel(R) PRO_1000", survive. The parent is split at the first "/"
// (not at a leading one, which would make an empty parent).
func ParseCounterPath(s string) (CounterPath, error) {
	p := CounterPath{Index: -1}
	rest := s
	switch {
	case strings.HasPrefix(rest, `\\`):
		rest = rest[2:]
		i := strings.IndexByte(rest, '\\')
		if i <= 0 {
			return p, fmt.Errorf("counter path %q: want \\\\MACHINE\\Object\\Counter", s)
		}
		p.Machine, rest = rest[:i], rest[i+1:]
	case strings.HasPrefix(rest, `\`):
		rest = rest[1:]
	default:
		return p, fmt.Errorf("counter path %q does not start with a backslash", s)
	}
	last := strings.LastIndexByte(rest, '\\')
	if last <= 0 || last == len(rest)-1 {
		return p, fmt.Errorf("counter path %q has no object or no counter", s)
	}
	obj := rest[:last]
	p.Counter = rest[last+1:]
	if open := strings.IndexByte(obj, '('); open >= 0 {
		if !strings.HasSuffix(obj, ")") {
			return p, fmt.Errorf("counter path %q: instance is not closed by \")\" before the counter", s)
		}
		p.HasInstance = true
		inst := obj[open+1 : len(obj)-1]
		obj = obj[:open]
		if slash := strings.IndexByte(inst, '/'); slash > 0 {
			p.Parent, inst = inst[:slash], inst[slash+1:]
		}
		if hash := strings.LastIndexByte(inst, '#'); hash >= 0 && hash < len(inst)-1 {
			if n, err := strconv.Atoi(inst[hash+1:]); err == nil && n >= 0 {
				p.Index, inst = n, inst[:hash]
			}
		}
		p.Instance = inst
	}
	p.Object = obj
	if strings.TrimSpace(p.Object) == "" {
		return p, fmt.Errorf("counter path %q has an empty object name", s)
	}
	return p, nil
}

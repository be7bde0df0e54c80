package pool

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/inventory"
)

// Object kinds a metrics query selects.
const (
	objectHost = "host"
	objectVM   = "vm"
	objectSR   = "sr"
)

// selection decides which hosts, VMs or SRs a query's Selector matches.
type selection struct {
	mode  string // name | uuid | regex | tag
	all   bool
	items []string
	res   []*regexp.Regexp
}

// parseSelection reads Selector as Grafana sends it: a single value, a comma list, or
// "{a,b}" (a multi-value template variable interpolated with the default format).
// Empty or "*" (also as a list item) selects everything.
func parseSelection(mode, selector string) (*selection, error) {
	if mode == "" {
		mode = "name"
	}
	s := &selection{mode: mode}
	selector = strings.TrimSpace(selector)
	if strings.HasPrefix(selector, "{") && strings.HasSuffix(selector, "}") {
		selector = selector[1 : len(selector)-1]
	}
	for _, item := range strings.Split(selector, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		if item == "*" {
			s.all = true
		}
		s.items = append(s.items, item)
	}
	if len(s.items) == 0 {
		s.all = true
	}
	switch mode {
	case "name", "uuid", "tag":
	case "regex":
		for _, item := range s.items {
			expr := item
			if len(expr) >= 2 && strings.HasPrefix(expr, "/") && strings.HasSuffix(expr, "/") {
				expr = expr[1 : len(expr)-1]
			}
			re, err := regexp.Compile(expr)
			if err != nil {
				return nil, backend.DownstreamErrorf("selector regex %q is invalid: %v", item, err)
			}
			s.res = append(s.res, re)
		}
	default:
		return nil, backend.DownstreamErrorf("unknown selector mode %q: use name, uuid, regex or tag", mode)
	}
	return s, nil
}

// match reports whether an object with that name, uuid and tags is selected. Names may
// be globs (EXVM*).
func (s *selection) match(name, uuid string, tags []string) bool {
	if s.all {
		return true
	}
	switch s.mode {
	case "uuid":
		for _, item := range s.items {
			if strings.EqualFold(item, uuid) {
				return true
			}
		}
	case "regex":
		for _, re := range s.res {
			if re.MatchString(name) {
				return true
			}
		}
	case "tag":
		for _, item := range s.items {
			for _, t := range tags {
				if t == item {
					return true
				}
			}
		}
	default:
		for _, item := range s.items {
			if item == name {
				return true
			}
			if ok, _ := path.Match(item, name); ok {
				return true
			}
		}
	}
	return false
}

// selectedObjects holds what a metrics query selected from the inventory.
type selectedObjects struct {
	hosts []inventory.Host
	vms   []inventory.VM
	srs   []inventory.SR
}

func selectObjects(snap *inventory.Snapshot, object string, sel *selection) (selectedObjects, error) {
	var out selectedObjects
	switch object {
	case objectHost, "":
		for _, h := range snap.Hosts {
			if sel.match(h.Name, h.UUID, nil) {
				out.hosts = append(out.hosts, h)
			}
		}
	case objectVM:
		for _, v := range snap.VMs {
			if sel.match(v.Name, v.UUID, v.Tags) {
				out.vms = append(out.vms, v)
			}
		}
	case objectSR:
		for _, sr := range snap.SRs {
			if sel.match(sr.Name, sr.UUID, sr.Tags) {
				out.srs = append(out.srs, sr)
			}
		}
	default:
		return out, backend.DownstreamErrorf("unknown object %q: use host, vm or sr", object)
	}
	return out, nil
}

// metricMatcher matches metric names against the query's names or globs (path.Match
// syntax: cpu*, vbd_*_read_latency). No patterns means every metric.
type metricMatcher []string

func newMetricMatcher(patterns []string) (metricMatcher, error) {
	var m metricMatcher
	for _, p := range patterns {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, err := path.Match(p, ""); err != nil {
			return nil, backend.DownstreamError(fmt.Errorf("metric pattern %q is not a valid glob: %w", p, err))
		}
		m = append(m, p)
	}
	return m, nil
}

func (m metricMatcher) match(metric string) bool {
	if len(m) == 0 {
		return true
	}
	for _, p := range m {
		if p == "*" || p == metric {
			return true
		}
		if ok, _ := path.Match(p, metric); ok {
			return true
		}
	}
	return false
}

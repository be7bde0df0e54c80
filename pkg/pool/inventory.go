package pool

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/inventory"
)

// Inventory kinds the pool lists.
const (
	ListPools   = "pools"
	ListHosts   = "hosts"
	ListVMs     = "vms"
	ListSRs     = "srs"
	ListTags    = "tags"
	ListMetrics = "metrics"
)

// Item is one entry of an inventory list: Text is what a variable shows, Value what it
// interpolates (the uuid where one exists, so a variable used with selectorMode uuid
// survives renames). VMs also carry their host and power state; hosts their address
// (host.address, from which the settings page proposes pool members).
type Item struct {
	Text, Value      string
	Host, PowerState string
	Address          string
}

// ListQuery selects an inventory list. Object, SelectorMode and Selector narrow the
// metric names (kind metrics) to those of the selected objects.
type ListQuery struct {
	Kind                           string
	Filter                         string // regex on the names
	Object, SelectorMode, Selector string
}

// List answers an inventory query.
func (s *Service) List(ctx context.Context, q ListQuery) ([]Item, error) {
	s.startWatcher()
	keep, err := inventory.NameFilter(q.Filter)
	if err != nil {
		return nil, err
	}
	out := []Item{}
	add := func(it Item) {
		if keep(it.Text) {
			out = append(out, it)
		}
	}
	switch q.Kind {
	case ListMetrics:
		names, err := s.metricNames(ctx, q.Object, q.SelectorMode, q.Selector)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			add(Item{Text: n, Value: n})
		}
		return out, nil
	case ListPools, ListHosts, ListVMs, ListSRs, ListTags:
	default:
		return nil, backend.DownstreamErrorf("unknown inventory kind %q: use pools, hosts, vms, srs, tags or metrics", q.Kind)
	}
	snap, err := s.inv.Get(ctx)
	if err != nil {
		return nil, err
	}
	switch q.Kind {
	case ListPools:
		add(Item{Text: snap.Pool.Name, Value: snap.Pool.UUID})
	case ListHosts:
		for _, h := range snap.Hosts {
			add(Item{Text: h.Name, Value: h.UUID, Address: h.Address})
		}
	case ListVMs:
		for _, v := range snap.VMs {
			add(Item{Text: v.Name, Value: v.UUID, Host: v.HostName, PowerState: v.PowerState})
		}
	case ListSRs:
		for _, sr := range snap.SRs {
			add(Item{Text: sr.Name, Value: sr.UUID})
		}
	case ListTags:
		for _, t := range snap.Tags() {
			add(Item{Text: t, Value: t})
		}
	}
	return out, nil
}

// HostsLive lists the hosts whose names the filter keeps, with host_metrics.live
// (false when the master no longer hears from the host): the "host down" alert rule's
// input.
func (s *Service) HostsLive(ctx context.Context, filter string) ([]inventory.Host, error) {
	s.startWatcher()
	keep, err := inventory.NameFilter(filter)
	if err != nil {
		return nil, err
	}
	snap, err := s.inv.Get(ctx)
	if err != nil {
		return nil, err
	}
	var out []inventory.Host
	for _, h := range snap.Hosts {
		if keep(h.Name) {
			out = append(out, h)
		}
	}
	return out, nil
}

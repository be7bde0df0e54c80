package plugin

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/inventory"
)

// inventory answers an inventory query with a frame of `text` (what the variable
// shows) and `value` (what it interpolates: the uuid where one exists, so a variable
// used with selectorMode uuid survives renames). VMs also carry host and power_state.
func (b *poolBackend) inventory(ctx context.Context, m *QueryModel) (data.Frames, error) {
	b.startWatcher()
	keep, err := inventoryFilter(m.Filter)
	if err != nil {
		return nil, err
	}
	var texts, values []string
	add := func(text, value string) {
		if keep(text) {
			texts, values = append(texts, text), append(values, value)
		}
	}
	var extra []*data.Field
	switch m.InventoryKind {
	case "metrics":
		names, err := b.metricNames(ctx, m.Object, m.SelectorMode, m.Selector)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			add(n, n)
		}
		return inventoryFrame(m.RefID, texts, values), nil
	case "pools", "hosts", "vms", "srs", "tags":
	default:
		return nil, backend.DownstreamErrorf("unknown inventory kind %q: use pools, hosts, vms, srs, tags or metrics", m.InventoryKind)
	}
	snap, err := b.inv.Get(ctx)
	if err != nil {
		return nil, err
	}
	switch m.InventoryKind {
	case "pools":
		add(snap.Pool.Name, snap.Pool.UUID)
	case "hosts":
		if m.Reducer != "" {
			return hostLiveFrames(m, snap.Hosts, keep), nil
		}
		for _, h := range snap.Hosts {
			add(h.Name, h.UUID)
		}
	case "vms":
		var hosts, states []string
		for _, v := range snap.VMs {
			if keep(v.Name) {
				hosts, states = append(hosts, v.HostName), append(states, v.PowerState)
			}
			add(v.Name, v.UUID)
		}
		extra = []*data.Field{data.NewField("host", nil, hosts), data.NewField("power_state", nil, states)}
	case "srs":
		for _, sr := range snap.SRs {
			add(sr.Name, sr.UUID)
		}
	case "tags":
		for _, t := range snap.Tags() {
			add(t, t)
		}
	}
	frames := inventoryFrame(m.RefID, texts, values)
	frames[0].Fields = append(frames[0].Fields, extra...)
	return frames, nil
}

// hostLiveFrames gives one number per host (numeric-multi): 1 when host_metrics.live
// is true, 0 when the master no longer hears from the host. It feeds the "host down"
// alert rule; an inventory query with a reducer asks for it.
func hostLiveFrames(m *QueryModel, hosts []inventory.Host, keep func(string) bool) data.Frames {
	ss := make([]series, 0, len(hosts))
	now := time.Now()
	for _, h := range hosts {
		if !keep(h.Name) {
			continue
		}
		live := 0.0
		if h.Live {
			live = 1
		}
		ss = append(ss, series{Name: "live", Labels: data.Labels{"host": h.Name, "uuid": h.UUID}, Times: []time.Time{now}, Values: []float64{live}})
	}
	return numericFrames(m.RefID, ss, "last", m.Alias)
}

func inventoryFrame(refID string, texts, values []string) data.Frames {
	if texts == nil {
		texts, values = []string{}, []string{}
	}
	f := data.NewFrame("inventory", data.NewField("text", nil, texts), data.NewField("value", nil, values))
	f.RefID = refID
	f.SetMeta(&data.FrameMeta{Type: data.FrameTypeTable})
	return data.Frames{f}
}

package plugin

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/xenbench/xenbench/pkg/contract"
	"github.com/xenbench/xenbench/pkg/exchange"
	"github.com/xenbench/xenbench/pkg/pool"
	"github.com/xenbench/xenbench/pkg/series"
)

// inventoryItems answers an inventory query with its list: from the log folder for
// servers, counters, workloads, runs and tasks, from the pool otherwise. Template
// variables get it as a frame, the editors as JSON (GET /inventory).
func (b queryBackends) inventoryItems(ctx context.Context, m *contract.InventoryQuery) ([]pool.Item, error) {
	if exchange.IsList(m.InventoryKind) {
		if b.exchange == nil {
			return nil, errNoLogs
		}
		names, err := b.exchange.List(ctx, m.InventoryKind, m.Servers, m.Filter)
		if err != nil {
			return nil, err
		}
		items := make([]pool.Item, len(names))
		for i, n := range names {
			items[i] = pool.Item{Text: n, Value: n}
		}
		return items, nil
	}
	if b.pool == nil {
		return nil, errNoPool
	}
	return b.pool.List(ctx, pool.ListQuery{Kind: m.InventoryKind, Filter: m.Filter, Object: m.Object, SelectorMode: m.SelectorMode, Selector: m.Selector})
}

// inventory answers an inventory query with a frame of `text` and `value` (VMs also
// carry host and power_state); `hosts` with a reducer gives one live (1/0) number per
// host instead.
func (b queryBackends) inventory(ctx context.Context, q *Query, m *contract.InventoryQuery) (data.Frames, error) {
	if m.InventoryKind == pool.ListHosts && m.Reducer != "" && b.pool != nil {
		hosts, err := b.pool.HostsLive(ctx, m.Filter)
		if err != nil {
			return nil, err
		}
		now := time.Now()
		ss := make([]series.Series, 0, len(hosts))
		for _, h := range hosts {
			live := 0.0
			if h.Live {
				live = 1
			}
			ss = append(ss, series.Series{Name: "live", Labels: map[string]string{contract.LabelHost: h.Name, contract.LabelUUID: h.UUID}, Times: []time.Time{now}, Values: []float64{live}})
		}
		return numericFrames(q.RefID, ss, contract.ReducerLast, m.Alias), nil
	}
	items, err := b.inventoryItems(ctx, m)
	if err != nil {
		return nil, err
	}
	n := len(items)
	texts, values := make([]string, n), make([]string, n)
	for i, it := range items {
		texts[i], values[i] = it.Text, it.Value
	}
	f := tableFrame("inventory", q.RefID, data.NewField(contract.FieldText, nil, texts), data.NewField(contract.FieldValue, nil, values))
	if m.InventoryKind == pool.ListHosts {
		// The config editor fills the pool members from it (https://<address>).
		addresses := make([]string, n)
		for i, it := range items {
			addresses[i] = it.Address
		}
		f.Fields = append(f.Fields, data.NewField(contract.FieldAddress, nil, addresses))
	}
	if m.InventoryKind == pool.ListVMs {
		hosts, states := make([]string, n), make([]string, n)
		for i, it := range items {
			hosts[i], states[i] = it.Host, it.PowerState
		}
		f.Fields = append(f.Fields, data.NewField(contract.LabelHost, nil, hosts), data.NewField(contract.FieldPowerState, nil, states))
	}
	return data.Frames{f}, nil
}

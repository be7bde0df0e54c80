package pool

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/xapi"
)

// Clock skew limits for the health check. rrd_updates windows are computed from
// Grafana's clock and answered on the host's: beyond maxClockSkew the 5-second archive
// (10 minutes long) is shifted by more than half its length, so recent panels come out
// half empty; above warnClockSkew one 5 s row is off, worth mentioning.
const (
	warnClockSkew = 10 * time.Second
	maxClockSkew  = 5 * time.Minute
)

// Health checks the pool the way "Save & test" should: log in, list the pool, read the
// master's clock. The message says what holds; errors say the cause and the fix (the
// XAPI client already words transport and login failures that way).
func (s *Service) Health(ctx context.Context) (string, error) {
	if s.client == nil {
		_, err := s.inv.Refresh(ctx)
		return "", err
	}
	snap, err := s.inv.Refresh(ctx)
	if err != nil {
		return "", err
	}
	master, ok := snap.Master()
	if !ok {
		return "", backend.DownstreamErrorf("pool %q names a master host that is not in its host list: the pool database is inconsistent; run `xe pool-list` on a host", snap.Pool.Name)
	}
	skew, err := s.clockSkew(ctx, master)
	if err != nil {
		return "", err
	}
	if skew > maxClockSkew || skew < -maxClockSkew {
		return "", backend.DownstreamErrorf("the clock of pool master %s differs from Grafana's by %s: RRD windows would miss most recent data. Synchronise both with NTP (on the host: `timedatectl`, chronyd)", master.Name, skew.Round(time.Second))
	}
	msg := healthMessage(snap, master, skew, s.client.MasterAddress())
	if via := s.client.AnsweredBy(); via != "" {
		// The configured URL did not answer the login: a pool member (jsonData.poolMembers)
		// or a host known from the inventory did.
		msg += fmt.Sprintf(" Note: the configured URL (%s) did not answer; pool member %s answered and named the master %s. Point the URL at the new master once the failover is over.", configuredHost(s.cfg.URL), via, s.client.MasterAddress())
	} else if configured := configuredHost(s.cfg.URL); configured != "" && configured != s.client.MasterAddress() {
		msg += fmt.Sprintf(" Note: the configured URL (%s) is not the pool master; requests are redirected to %s. Setting the master's address saves a round trip at each login.", configured, s.client.MasterAddress())
	}
	return msg, nil
}

func configuredHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}

// clockSkew is the master's time (host.get_servertime) minus ours, corrected by half
// the round trip.
func (s *Service) clockSkew(ctx context.Context, master inventory.Host) (time.Duration, error) {
	var raw string
	sent := time.Now()
	if err := s.client.Call(ctx, "host.get_servertime", []any{master.Ref}, &raw); err != nil {
		return 0, fmt.Errorf("reading the master's clock (host.get_servertime): %w", err)
	}
	rtt := time.Since(sent)
	server, err := xapi.ParseTime(raw)
	if err != nil {
		return 0, backend.DownstreamErrorf("the master's clock reading %q is not a XAPI datetime: %v", raw, err)
	}
	return server.Sub(sent.Add(rtt / 2)), nil
}

func healthMessage(snap *inventory.Snapshot, master inventory.Host, skew time.Duration, masterAddr string) string {
	live, running := 0, 0
	for _, h := range snap.Hosts {
		if h.Live {
			live++
		}
	}
	for _, v := range snap.VMs {
		if v.PowerState == "Running" {
			running++
		}
	}
	product := master.ProductBrand
	if product == "" {
		product = "XenServer/XCP-ng"
	}
	msg := fmt.Sprintf("Connected to pool %q through master %s (%s): %s %s, xapi %s, API %s; %d hosts (%d live), %d VMs (%d running).",
		snap.Pool.Name, master.Name, masterAddr, product, master.ProductVersion, master.XapiVersion, master.APIVersion,
		len(snap.Hosts), live, len(snap.VMs), running)
	if skew > warnClockSkew || skew < -warnClockSkew {
		msg += fmt.Sprintf(" Warning: the master's clock differs from Grafana's by %s; synchronise both with NTP.", skew.Round(time.Second))
	}
	return msg
}

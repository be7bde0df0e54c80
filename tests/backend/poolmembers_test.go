package backend_test

import (
	"context"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/cmd/xapi-sim/sim"
	"github.com/xenbench/xenbench/tests/pluginhost"
)

// TestFreshInstanceFindsMasterThroughPoolMembers is the Grafana-restart case of issue 13:
// a new datasource instance whose URL names a host that is gone (after an HA failover)
// finds the master through jsonData.poolMembers, and the health check says which
// member answered. Without the members the same instance fails with "refused".
func TestFreshInstanceFindsMasterThroughPoolMembers(t *testing.T) {
	srv, err := sim.Start(sim.Options{Hosts: 3, VMs: 6, Seed: 9, Scenario: sim.ScenarioSteady, User: "root", Password: password,
		Clock: sim.NewManualClock(time.Now().UTC().Truncate(5 * time.Second)), History: time.Hour})
	if err != nil {
		t.Fatalf("start the simulator: %v", err)
	}
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	h := pluginhost.StartT(ctx, t, pluginhost.Options{})

	dead := deadURL(t)
	member := srv.HostURLs()[2] // a slave: it answers HOST_IS_SLAVE naming the master
	check := func(members []string) *backend.CheckHealthResult {
		ds, err := pluginhost.NewSettings("restarted", dead, map[string]any{"username": "root", "timeoutSeconds": 5, "poolMembers": members},
			map[string]string{"password": password})
		if err != nil {
			t.Fatal(err)
		}
		res, err := h.CheckHealth(ctx, ds)
		if err != nil {
			t.Fatalf("CheckHealth: %v", err)
		}
		return res
	}
	if res := check(nil); res.Status != backend.HealthStatusError || !strings.Contains(res.Message, "refused") {
		t.Fatalf("without pool members: %s %s", res.Status, res.Message)
	}
	res := check([]string{deadURL(t), member})
	if res.Status != backend.HealthStatusOk {
		t.Fatalf("with pool members: %s %s", res.Status, res.Message)
	}
	memberHost := strings.TrimPrefix(member, "http://")
	masterHost := strings.TrimPrefix(srv.MasterURL(), "http://")
	for _, want := range []string{"pool member " + memberHost + " answered", "named the master " + masterHost} {
		if !strings.Contains(res.Message, want) {
			t.Errorf("health message lacks %q:\n%s", want, res.Message)
		}
	}
}

// deadURL is an http URL on 127.0.0.1 where nothing listens.
func deadURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return (&url.URL{Scheme: "http", Host: addr}).String()
}

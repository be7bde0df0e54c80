package exchange

import (
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	vms := []VM{
		{NameLabel: "EXVM01", ResidentHost: "xs-host-1"},
		{NameLabel: "Exchange VM 2", GuestHostNames: []string{"EXVM02"}, ResidentHost: "xs-host-2"},
		{NameLabel: "mbx3", GuestHostNames: []string{"exvm03.contoso.local"}, ResidentHost: "xs-host-1"},
		{NameLabel: "halted", GuestHostNames: []string{"EXVM04"}},
	}
	r, err := NewResolver(vms, map[string]Override{"EXPHY02": {Platform: "Virtual", Host: "esx-1"}, "exvm01": {Platform: "native"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		server, platform, host, vm, reason string
	}{
		{"EXVM01", Native, "", "", "override"}, // override wins over the pool
		{"exvm02", Virtual, "xs-host-2", "Exchange VM 2", "guest host name"},
		{"EXVM03", Virtual, "xs-host-1", "mbx3", "guest host name"}, // FQDN reported, NetBIOS name in logs
		{"mbx3.contoso.local", Virtual, "xs-host-1", "mbx3", "name label"},
		{"EXVM04", Virtual, "", "halted", "guest host name"},
		{"EXPHY01", Native, "", "", "no matching VM"},
		{"exphy02", Virtual, "esx-1", "", "override"},
		{"", Native, "", "", "no matching VM"},
	}
	for _, tt := range tests {
		got := r.Resolve(tt.server)
		if got.Platform != tt.platform || got.Host != tt.host || got.VM != tt.vm || got.Reason != tt.reason {
			t.Errorf("Resolve(%q) = %+v, want %s/%s/%s/%s", tt.server, got, tt.platform, tt.host, tt.vm, tt.reason)
		}
	}
	if all := r.ResolveAll([]string{"EXPHY01", "EXVM02"}); len(all) != 2 || all[1].Platform != Virtual {
		t.Errorf("ResolveAll = %+v", all)
	}
}

func TestResolverErrors(t *testing.T) {
	if _, err := NewResolver(nil, map[string]Override{"X": {Platform: "cloud"}}); err == nil || !strings.Contains(err.Error(), "cloud") {
		t.Errorf("bad override: %v", err)
	}
	r, err := NewResolver([]VM{
		{NameLabel: "EXVM01", ResidentHost: "h1"}, {NameLabel: "exvm01", ResidentHost: "h2"},
		{NameLabel: "a", GuestHostNames: []string{"EX"}, ResidentHost: "h1"}, {NameLabel: "b", GuestHostNames: []string{"ex.corp"}, ResidentHost: "h1"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Duplicate names are legal in XAPI: still virtual, host only if shared.
	if got := r.Resolve("EXVM01"); got.Platform != Virtual || got.Host != "" || got.VM != "" || !strings.Contains(got.Reason, "2 VMs") {
		t.Errorf("duplicate label: %+v", got)
	}
	if got := r.Resolve("EX"); got.Platform != Virtual || got.Host != "h1" || !strings.Contains(got.Reason, "2 VMs") {
		t.Errorf("shared guest name on one host: %+v", got)
	}
}

func TestVolumeRoles(t *testing.T) {
	v, err := NewVolumeRoles(map[string]map[string]string{
		"EXVM01": {"E:": "database", "L:": "none"},
		"*":      {"F:": "LOG"},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		server, instance, role string
		fromSettings           bool
	}{
		{"exvm01", "e:", RoleDatabase, true},
		{"EXVM01", "L:", RoleUnknown, true}, // "none" overrides the default
		{"EXVM02", "L:", RoleLog, false},
		{"EXVM02", "F:", RoleLog, true},
		{"EXVM02", "D:", RoleDatabase, false},
		{"EXVM02", "C:", RoleUnknown, false},
		{"EXVM02", "_Total", RoleUnknown, false},
		{"EXVM02", `C:\ExchangeVolumes\SG1Logs`, RoleLog, false},
		{"EXVM02", `C:\ExchangeVolumes\SG1DB`, RoleDatabase, false},
		{"EXVM02", `M:\Mailbox Database 01`, RoleDatabase, false},
		{"EXVM02", `HarddiskVolume3`, RoleUnknown, false},
		{"EXVM02", `C:\Logon scripts`, RoleUnknown, false},
	}
	for _, tt := range tests {
		role, from := v.Role(tt.server, tt.instance)
		if role != tt.role || from != tt.fromSettings {
			t.Errorf("Role(%s, %s) = %q, %v; want %q, %v", tt.server, tt.instance, role, from, tt.role, tt.fromSettings)
		}
	}
	if _, err := NewVolumeRoles(map[string]map[string]string{"X": {"D:": "temp"}}); err == nil {
		t.Error("unknown role must be rejected")
	}
	var nilRoles *VolumeRoles
	if r, _ := nilRoles.Role("X", "L:"); r != RoleLog {
		t.Error("nil VolumeRoles must fall back to the default")
	}
}

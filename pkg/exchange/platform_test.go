package exchange

import "testing"

// TestResolverPrecedence pins the documented order: override > VM name label > guest
// host name > results-file column > native (pool read, no VM) > unknown (no pool).
// Each case has a competitor one rank lower that would win if two ranks were swapped.
func TestResolverPrecedence(t *testing.T) {
	vms := []VM{
		// EXMBX01 is this VM's name label ...
		{UUID: "u-label", NameLabel: "EXMBX01", ResidentHost: "xs-1"},
		// ... and the stale guest host name of a clone on another host.
		{UUID: "u-clone", NameLabel: "EXMBX01-clone", GuestHostNames: []string{"EXMBX01"}, ResidentHost: "xs-2"},
		// A short (NetBIOS) name label beats a full guest host name match too.
		{UUID: "u-short", NameLabel: "EXMBX02", ResidentHost: "xs-1"},
		{UUID: "u-fqdn", NameLabel: "other", GuestHostNames: []string{"exmbx02.contoso.local"}, ResidentHost: "xs-3"},
		{UUID: "u-guest", NameLabel: "Exchange 3", GuestHostNames: []string{"EXMBX03"}, ResidentHost: "xs-3"},
	}
	overrides := map[string]Override{"EXMBX03": {Platform: Native}}
	r, err := NewResolver(vms, overrides)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, server, declared string
		platform, host, vmUUID string
		reason                 string
	}{
		{"name label beats guest host name", "EXMBX01", "", Virtual, "xs-1", "u-label", ReasonNameLabel},
		{"name label (short) beats guest host name (FQDN)", "exmbx02.contoso.local", "", Virtual, "xs-1", "u-short", ReasonNameLabel},
		{"override beats a matching VM", "EXMBX03", "", Native, "", "", ReasonOverride},
		{"a matching VM beats the file column", "EXMBX01", Native, Virtual, "xs-1", "u-label", ReasonNameLabel},
		{"the file column beats no matching VM", "EXPHY09", Virtual, Virtual, "", "", ReasonFileColumn},
		{"pool read, no VM, no column: native", "EXPHY09", "", Native, "", "", ReasonNoMatchingVM},
	}
	for _, tt := range tests {
		got := r.ResolveDeclared(tt.server, tt.declared)
		if got.Platform != tt.platform || got.Host != tt.host || got.VMUUID != tt.vmUUID || got.Reason != tt.reason {
			t.Errorf("%s: ResolveDeclared(%q, %q) = %+v, want %s on %q (vm %q) by %q", tt.name, tt.server, tt.declared, got, tt.platform, tt.host, tt.vmUUID, tt.reason)
		}
	}
	if !r.Matches("EXMBX01", "u-label", "") || r.Matches("EXMBX01", "u-clone", "EXMBX01-clone") {
		t.Error("a migration of the clone must not be judged from EXMBX01's logs")
	}
}

// TestResolverWithoutPool: with no pool, or one that cannot be read, a server is
// unknown, never native, unless an override or the results file says what it is.
func TestResolverWithoutPool(t *testing.T) {
	for _, reason := range []string{ReasonNoPool, ReasonPoolUnreadable} {
		r, err := NewResolverWithoutPool(map[string]Override{"EXPHY01": {Platform: Native}}, reason)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Resolve("EXVM01"); got.Platform != Unknown || got.Reason != reason {
			t.Errorf("%s: EXVM01 = %+v, want unknown", reason, got)
		}
		if got := r.ResolveDeclared("EXVM02", Virtual); got.Platform != Virtual || got.Reason != ReasonFileColumn {
			t.Errorf("%s: declared virtual = %+v", reason, got)
		}
		if got := r.Resolve("EXPHY01"); got.Platform != Native || got.Reason != ReasonOverride {
			t.Errorf("%s: override = %+v", reason, got)
		}
		if r.Matches("EXVM01", "", "EXVM01") {
			t.Errorf("%s: an unknown server matched a VM", reason)
		}
	}
	counts := PlatformCounts([]Resolution{{Platform: Virtual}, {Platform: Unknown}, {Platform: Unknown}, {Platform: Native}})
	if counts != "1 virtual, 1 native, 2 unknown" {
		t.Errorf("PlatformCounts = %q: unknown servers must be counted apart, never as native", counts)
	}
}

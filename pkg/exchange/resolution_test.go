package exchange

import (
	"context"
	"strings"
	"testing"

	"github.com/xenbench/xenbench/pkg/settings"
)

// TestMatchesByNameWhenTheUUIDIsUnknown: a migration known without its VM's uuid is
// tied to the Exchange server by the VM's name label (case-insensitive), and a
// migration with neither uuid nor name is tied to no server.
func TestMatchesByNameWhenTheUUIDIsUnknown(t *testing.T) {
	r, err := NewResolver([]VM{{UUID: "u-1", NameLabel: "EXMBX01", ResidentHost: "xs-1"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		vmName string
		want   bool
	}{
		{"exmbx01", true},
		{"EXMBX02", false},
		{"", false},
	} {
		if got := r.Matches("EXMBX01", "", tt.vmName); got != tt.want {
			t.Errorf("Matches(EXMBX01, no uuid, %q) = %v, want %v", tt.vmName, got, tt.want)
		}
	}
}

// TestVolumeRoleWithoutServerAppliesToEveryServer: a row of the volume role table
// whose server is left empty applies to every server, like "*".
func TestVolumeRoleWithoutServerAppliesToEveryServer(t *testing.T) {
	s := newSource(t, &settings.Settings{VolumeRoles: []settings.VolumeRole{{Instance: "D:", Role: "log"}}}, fakePool{})
	res, err := s.Counters(context.Background(), CounterQuery{Counters: []string{`\\*\LogicalDisk(D:)\*`}, From: day0, To: day1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Series) != 1 || res.Series[0].VolumeRole != RoleLog || res.Series[0].Labels["volume_role"] != RoleLog {
		t.Fatalf("series %+v: want EXMBX01's D: as a log volume (the settings beat the D: default)", res.Series)
	}
}

// TestNoPoolConfiguredMeansUnknown: without a pool, every server found in the logs is
// unknown (never native) and the settings page's reason says no pool is configured.
func TestNoPoolConfiguredMeansUnknown(t *testing.T) {
	s := newSource(t, &settings.Settings{}, nil)
	rows, err := s.Platforms(context.Background())
	if err != nil || len(rows) != 3 {
		t.Fatalf("platforms %+v %v", rows, err)
	}
	for _, r := range rows {
		if r.Platform != Unknown || r.Reason != ReasonNoPool {
			t.Errorf("%s: %q (%q), want unknown because no pool is configured", r.Server, r.Platform, r.Reason)
		}
	}
}

// TestInvalidOverrideLabelsServersUnknownAndSaysWhy: settings that bypassed
// validation with an override that is neither native nor virtual do not make servers
// native; every server is unknown and the reason names the bad override.
func TestInvalidOverrideLabelsServersUnknownAndSaysWhy(t *testing.T) {
	s := newSource(t, &settings.Settings{PlatformOverrides: []settings.PlatformOverride{{Server: "EXMBX01", Platform: "cloud"}}}, fakePool{})
	rows, err := s.Platforms(context.Background())
	if err != nil || len(rows) == 0 {
		t.Fatalf("platforms %+v %v", rows, err)
	}
	for _, r := range rows {
		if r.Platform != Unknown || !strings.Contains(r.Reason, "native/virtual resolution failed") || !strings.Contains(r.Reason, `"cloud"`) {
			t.Errorf("%s: %q (%q), want unknown with the reason naming the bad override", r.Server, r.Platform, r.Reason)
		}
	}
}

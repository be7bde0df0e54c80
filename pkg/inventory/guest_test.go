package inventory

import (
	"slices"
	"testing"
)

func TestGuestHostNames(t *testing.T) {
	got := GuestHostNames(map[string]string{"hostname": " exvm01.contoso.local "}, map[string]string{"host_name": "EXVM01"}, map[string]string{"hostname": ""})
	if want := []string{"EXVM01", "exvm01.contoso.local"}; !slices.Equal(got, want) {
		t.Errorf("GuestHostNames = %q, want %q (NetBIOS name first, blanks skipped)", got, want)
	}
	if got := GuestHostNames(nil, nil, nil); len(got) != 0 {
		t.Errorf("no guest agent: %q", got)
	}
}

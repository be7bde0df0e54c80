package inventory

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/xapi"
)

// fakeCaller answers get_all_records calls from testdata/pool.json.
type fakeCaller struct {
	records map[string]json.RawMessage
	calls   atomic.Int32
	delay   time.Duration
	fail    map[string]error
}

func newFakeCaller(t *testing.T) *fakeCaller {
	b, err := os.ReadFile("testdata/pool.json")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeCaller{}
	if err := json.Unmarshal(b, &f.records); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fakeCaller) Call(ctx context.Context, method string, _ []any, out any) error {
	f.calls.Add(1)
	time.Sleep(f.delay)
	if err := f.fail[method]; err != nil {
		return err
	}
	raw, ok := f.records[method]
	if !ok {
		return &xapi.Error{Code: "MESSAGE_METHOD_UNKNOWN", Params: []string{method}}
	}
	return json.Unmarshal(raw, out)
}

func TestFetchBuildsTheSnapshot(t *testing.T) {
	s, err := Fetch(context.Background(), newFakeCaller(t), time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if s.Pool.Name != "lab" || s.Pool.UUID != "p-1" {
		t.Errorf("pool %+v", s.Pool)
	}
	wantHosts := []Host{
		{Ref: "OpaqueRef:h1", UUID: "h-1", Name: "xen1", Address: "10.0.0.1", Enabled: true, Live: true, IsMaster: true, ProductVersion: "8.3.0", ProductBrand: "XCP-ng", XapiVersion: "24.19", APIVersion: "2.21"},
		{Ref: "OpaqueRef:h2", UUID: "h-2", Name: "xen2", Address: "10.0.0.2", APIVersion: "2.21"},
	}
	if !reflect.DeepEqual(s.Hosts, wantHosts) {
		t.Errorf("hosts\n got %+v\nwant %+v", s.Hosts, wantHosts)
	}
	wantVMs := []VM{
		{Ref: "OpaqueRef:vm1", UUID: "v-1", Name: "EXVM01", PowerState: "Running", HostRef: "OpaqueRef:h1", HostUUID: "h-1", HostName: "xen1", Tags: []string{"exchange", "mailbox"}, GuestHostNames: []string{"EXVM01"}},
		{Ref: "OpaqueRef:vm2", UUID: "v-2", Name: "EXVM02", PowerState: "Halted", Tags: []string{"exchange"}},
	}
	if !reflect.DeepEqual(s.VMs, wantVMs) {
		t.Errorf("VMs (control domain, template and snapshot left out)\n got %+v\nwant %+v", s.VMs, wantVMs)
	}
	if len(s.SRs) != 1 || !reflect.DeepEqual(s.SRs[0].HostUUIDs, []string{"h-1"}) {
		t.Errorf("SRs %+v: want the NFS SR attached on h-1 only", s.SRs)
	}
	if got := s.Tags(); !reflect.DeepEqual(got, []string{"exchange", "fast", "mailbox"}) {
		t.Errorf("tags %v", got)
	}
	if v, ok := s.VMByUUID("v-2"); !ok || v.Name != "EXVM02" {
		t.Errorf("VMByUUID")
	}
	if m, ok := s.Master(); !ok || m.Name != "xen1" {
		t.Errorf("Master %+v", m)
	}
}

func TestFetchToleratesMissingOptionalClasses(t *testing.T) {
	f := newFakeCaller(t)
	f.fail = map[string]error{"VM_guest_metrics.get_all_records": &xapi.Error{Code: "RBAC_PERMISSION_DENIED"}, "host_metrics.get_all_records": &xapi.Error{Code: "RBAC_PERMISSION_DENIED"}}
	s, err := Fetch(context.Background(), f, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.VMs[0].GuestHostNames) != 0 || !s.Hosts[1].Live {
		t.Errorf("without optional classes: guest host names %q, host live %v", s.VMs[0].GuestHostNames, s.Hosts[1].Live)
	}
	f.fail = map[string]error{"VM.get_all_records": errors.New("boom")}
	if _, err := Fetch(context.Background(), f, time.Now()); err == nil {
		t.Fatal("a failed VM listing must fail the fetch")
	}
}

func TestInventoryCachesAndSharesRefreshes(t *testing.T) {
	f := newFakeCaller(t)
	f.delay = 20 * time.Millisecond
	var refreshed atomic.Int32
	inv := New(f, time.Minute, func(*Snapshot) { refreshed.Add(1) })
	now := time.Unix(1000, 0)
	inv.now = func() time.Time { return now }
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := inv.Get(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	perFetch := int32(7) // get_all_records calls per fetch
	if got := f.calls.Load(); got != perFetch {
		t.Fatalf("%d XAPI calls for 10 concurrent Gets, want %d (one shared fetch)", got, perFetch)
	}
	if _, err := inv.Get(context.Background()); err != nil || f.calls.Load() != perFetch {
		t.Fatalf("a Get within the TTL called XAPI (calls=%d, err=%v)", f.calls.Load(), err)
	}
	now = now.Add(2 * time.Minute)
	if _, err := inv.Get(context.Background()); err != nil || f.calls.Load() != 2*perFetch {
		t.Fatalf("a Get after the TTL did not refetch (calls=%d, err=%v)", f.calls.Load(), err)
	}
	if refreshed.Load() != 2 {
		t.Fatalf("onRefresh ran %d times, want 2", refreshed.Load())
	}
}

func TestFetchRejectsAPoolCountOtherThanOne(t *testing.T) {
	f := newFakeCaller(t)
	f.records["pool.get_all_records"] = json.RawMessage(`{}`)
	if _, err := Fetch(context.Background(), f, time.Now()); err == nil {
		t.Fatal("no pool record must be an error")
	}
}

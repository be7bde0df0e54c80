package events

import (
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/xapi"
)

type fixedNames map[string]string

func (n fixedNames) HostName(uuid string) string { return n[uuid] }
func (n fixedNames) VMName(uuid string) string   { return n[uuid] }
func (n fixedNames) VMHost(string) string        { return "" }

func TestMigrationsFromMessages(t *testing.T) {
	at := time.Date(2026, 11, 25, 13, 30, 0, 0, time.UTC)
	msgs := []Message{
		{Name: MsgVMMigrated, Class: "VM", ObjUUID: "aaaa-1", Timestamp: xapi.Time{Time: at},
			Body: "VM 'EX (mail) 01' (uuid: aaaa-1) migrated from host 'xs-01' (uuid: bbbb-1) to host 'xs-02' (uuid: bbbb-2)"},
		{Name: MsgVMMigrated, Class: "VM", ObjUUID: "aaaa-2", Timestamp: xapi.Time{Time: at.Add(time.Minute)}, Body: "something else"},
		{Name: MsgVMStarted, Class: "VM", ObjUUID: "aaaa-3", Timestamp: xapi.Time{Time: at}},
	}
	got := MigrationsFromMessages(msgs, fixedNames{"aaaa-2": "EXVM02"})
	if len(got) != 2 {
		t.Fatalf("got %d migrations, want 2 (VM_STARTED is not one)", len(got))
	}
	if g := got[0]; g.VMName != "EX (mail) 01" || g.SourceHost != "xs-01" || g.TargetHost != "xs-02" || !g.End.Equal(at) || !g.Start.IsZero() {
		t.Errorf("parsed %+v", g)
	}
	if g := got[1]; g.VMName != "EXVM02" || g.SourceHost != "" || g.TargetHost != "" {
		t.Errorf("unparsable body: %+v; want the VM from obj_uuid and no guessed hosts", g)
	}
}

func TestMergeMigrationsPrefersLiveRecords(t *testing.T) {
	end := time.Date(2026, 11, 25, 13, 30, 0, 0, time.UTC)
	live := []Migration{{VMUUID: "v1", Start: end.Add(-20 * time.Second), End: end, Status: "success"}}
	msgs := []Migration{
		{VMUUID: "v1", End: end.Add(3 * time.Second)},  // the same migration, seen by message
		{VMUUID: "v1", End: end.Add(-time.Hour)},       // an earlier one, before Grafana started
		{VMUUID: "v2", End: end.Add(10 * time.Second)}, // another VM
	}
	got := MergeMigrations(live, msgs)
	if len(got) != 3 {
		t.Fatalf("got %d, want 3: %+v", len(got), got)
	}
	if !got[0].End.Equal(end.Add(-time.Hour)) || got[1].Start.IsZero() {
		t.Errorf("order or preference wrong: %+v", got)
	}
}

// FuzzMigrationsFromMessages: any message body gives one migration with a VM, never a
// panic, and no hosts unless the body has xapi's shape.
func FuzzMigrationsFromMessages(f *testing.F) {
	f.Add("VM 'EXVM01' (uuid: a-1) migrated from host 'xs-01' (uuid: b-1) to host 'xs-02' (uuid: b-2)")
	f.Add("VM '' (uuid: ) migrated from host '' (uuid: ) to host '' (uuid: )")
	f.Add("VM 'a' (uuid: 1) migrated from host 'b (uuid: 2)' (uuid: 3) to host 'c' (uuid: 4)")
	f.Add("")
	f.Fuzz(func(t *testing.T, body string) {
		got := MigrationsFromMessages([]Message{{Name: MsgVMMigrated, ObjUUID: "obj", Body: body}}, fixedNames{})
		if len(got) != 1 {
			t.Fatalf("%d migrations for one message", len(got))
		}
		if got[0].VMUUID == "" && !vmMigratedBody.MatchString(body) {
			t.Fatalf("lost the message's VM: %+v", got[0])
		}
		if !vmMigratedBody.MatchString(body) && (got[0].SourceHost != "" || got[0].TargetHost != "") {
			t.Fatalf("hosts guessed from a body xapi would not write: %+v", got[0])
		}
	})
}

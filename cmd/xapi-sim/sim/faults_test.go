package sim

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaults(t *testing.T) {
	s := startSim(t, Options{Seed: 31, Hosts: 1})
	sid := login(t, s)
	rrd := s.MasterURL() + "/rrd_updates?start=-10&host=true&session_id=" + sid
	fetch := func() (*http.Response, []byte, error) {
		resp, err := testClient.Get(rrd)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, b, err
	}
	tests := []struct {
		name  string
		fault Faults
		check func(t *testing.T, resp *http.Response, body []byte, err error)
	}{
		{"status 503", Faults{Status: 503}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 503 || !strings.Contains(string(body), "HTTP 503") {
				t.Fatalf("got %v %v", resp, err)
			}
		}},
		{"drop", Faults{Drop: true}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err == nil {
				t.Fatalf("a dropped connection must fail the request, got HTTP %d", resp.StatusCode)
			}
		}},
		{"truncate", Faults{Truncate: true}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err == nil || !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("truncated body should end in unexpected EOF, got err=%v len=%d", err, len(body))
			}
		}},
		{"malformed", Faults{Malformed: true}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("malformed answers are 200: %v %v", resp, err)
			}
			var doc xportDoc
			if xml.Unmarshal(body, &doc) == nil {
				t.Fatal("malformed body parsed as XML")
			}
		}},
		{"delay", Faults{Delay: 80 * time.Millisecond}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("delayed request failed: %v", err)
			}
		}},
		{"other path untouched", Faults{Status: 500, Paths: []string{"/jsonrpc"}}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("fault on /jsonrpc hit /rrd_updates: %v %v", resp, err)
			}
		}},
		{"other host untouched", Faults{Status: 500, Hosts: []int{1}}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("fault on host 1 hit host 0: %v %v", resp, err)
			}
		}},
		{"this host hit", Faults{Status: 500, Hosts: []int{0}}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 500 {
				t.Fatalf("fault on host 0 missed it: %v %v", resp, err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.SetFault(tc.fault); err != nil {
				t.Fatal(err)
			}
			defer s.ClearFaults()
			began := time.Now()
			resp, body, err := fetch()
			tc.check(t, resp, body, err)
			if tc.fault.Delay > 0 && time.Since(began) < tc.fault.Delay {
				t.Errorf("answer came after %s, before the %s delay", time.Since(began), tc.fault.Delay)
			}
		})
	}
	// Every: one request in three fails.
	if err := s.SetFault(Faults{Status: 502, Every: 3}); err != nil {
		t.Fatal(err)
	}
	var codes []int
	for i := 0; i < 6; i++ {
		resp, _, err := fetch()
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, resp.StatusCode)
	}
	s.ClearFaults()
	if want := []int{200, 200, 502, 200, 200, 502}; !equalInts(codes, want) {
		t.Errorf("every=3 codes %v, want %v", codes, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFaultValidation(t *testing.T) {
	s := startSim(t, Options{Seed: 32, Hosts: 1})
	for _, f := range []Faults{{Status: 200}, {Status: 700}, {Drop: true, Truncate: true}, {Every: -1}, {Paths: []string{"rrd"}}, {Delay: -time.Second}, {Status: 500, Hosts: []int{-1}}} {
		if err := s.SetFault(f); err == nil {
			t.Errorf("SetFault(%+v) accepted", f)
		}
	}
	if _, err := Start(Options{Hosts: 0, VMs: 2}); err == nil || !strings.Contains(err.Error(), "vms = 2") {
		t.Errorf("bad options: %v", err)
	}
	if _, err := Start(Options{Scenario: "chaos"}); err == nil || !strings.Contains(err.Error(), "chaos") {
		t.Errorf("bad scenario: %v", err)
	}
	if _, err := Start(Options{Scenario: ScenarioHA, Hosts: 2}); err == nil {
		t.Error("ha with 2 hosts should be refused")
	}
	if _, err := Start(Options{XapiVersion: "latest"}); err == nil {
		t.Error("bad version accepted")
	}
}

func TestSlaveHostFault(t *testing.T) {
	s := startSim(t, Options{Seed: 33, Master: 2})
	_, e := call(t, s.HostURLs()[0], "session.login_with_password", "root", "xenbench")
	if e == nil || e.Message != errHostIsSlave || e.Data[0] != s.Hosts()[2].Address {
		t.Fatalf("host 0 should be a slave pointing at host 2: %+v", e)
	}
	if s.MasterURL() != s.HostURLs()[2] {
		t.Errorf("MasterURL %s", s.MasterURL())
	}
	sid := login(t, s)
	mustCall(t, s.MasterURL(), nil, "pool.designate_new_master", sid, s.Hosts()[0].Ref)
	if _, e := call(t, s.HostURLs()[2], "session.login_with_password", "root", "xenbench"); e == nil || e.Message != errHostIsSlave {
		t.Errorf("old master should now refuse logins: %+v", e)
	}
	msgs := s.Messages()
	if msgs[len(msgs)-1]["name"] != msgPoolMasterTransition {
		t.Errorf("no POOL_MASTER_TRANSITION message: %v", msgs)
	}
}

func TestControlEndpoint(t *testing.T) {
	s := startSim(t, Options{Seed: 34, Hosts: 3, ControlAddr: "127.0.0.1:0"})
	base := s.ControlURL()
	resp, err := testClient.Post(base+"/control/faults", "application/json", strings.NewReader(`{"delay":"20ms","status":503,"paths":["/rrd_updates"]}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || s.Faults().Status != 503 || s.Faults().Delay != 20*time.Millisecond {
		t.Fatalf("POST faults: %d %+v", resp.StatusCode, s.Faults())
	}
	resp, err = testClient.Post(base+"/control/faults", "application/json", strings.NewReader(`{"status":42}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "400..599") {
		t.Errorf("bad fault: %d %s", resp.StatusCode, b)
	}
	req, _ := http.NewRequest(http.MethodDelete, base+"/control/faults", nil)
	if resp, err = testClient.Do(req); err != nil || resp.StatusCode != 204 {
		t.Fatalf("DELETE: %v", err)
	}
	resp.Body.Close()
	if s.Faults().active() {
		t.Error("faults not cleared")
	}
	sid := login(t, s)
	resp, err = testClient.Post(base+"/control/sessions/expire", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, e := call(t, s.MasterURL(), "VM.get_all", sid); e == nil || e.Message != errSessionInvalid {
		t.Errorf("session should be expired: %+v", e)
	}
	resp, err = testClient.Post(base+"/control/advance?d=90s", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !s.Now().Equal(t0.Add(90 * time.Second)) {
		t.Errorf("advance: now %s", s.Now())
	}
	resp, err = testClient.Post(base+"/control/fail-host?host=1", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	advance(t, s, 4*time.Minute)
	resp, body := get(t, base+"/control/state")
	var st PoolState
	if err := json.Unmarshal(body, &st); err != nil || resp.StatusCode != 200 {
		t.Fatal(err)
	}
	if st.Hosts[1].Live || st.Hosts[1].PowerOn {
		t.Errorf("host 1 should be failed: %+v", st.Hosts[1])
	}
	for _, vm := range st.VMs {
		if vm.Exchange && vm.ResidentOn == 1 {
			t.Errorf("%s still on the failed host", vm.Name)
		}
	}
	resp, err = testClient.Post(base+"/control/fail-host?host=9", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("bad host index: %d", resp.StatusCode)
	}
}

func TestEventFromWaitsAndTimesOut(t *testing.T) {
	s := startSim(t, Options{Seed: 35, Hosts: 3})
	sid := login(t, s)
	var first struct {
		Events []any  `json:"events"`
		Token  string `json:"token"`
	}
	mustCall(t, s.MasterURL(), &first, "event.from", sid, []any{"*"}, "", 0.0)
	if len(first.Events) == 0 {
		t.Fatal("an empty token must return every event so far")
	}
	began := time.Now()
	var empty struct {
		Events []any  `json:"events"`
		Token  string `json:"token"`
	}
	mustCall(t, s.MasterURL(), &empty, "event.from", sid, []any{"vm"}, first.Token, 0.05)
	if len(empty.Events) != 0 || empty.Token != first.Token || time.Since(began) < 50*time.Millisecond {
		t.Fatalf("timeout answer %+v after %s", empty, time.Since(began))
	}
	// A waiting event.from returns when something happens.
	done := make(chan []any, 1)
	go func() {
		var r struct {
			Events []any `json:"events"`
		}
		res, e := call(t, s.MasterURL(), "event.from", sid, []any{"vm"}, first.Token, 5.0)
		if e == nil {
			_ = json.Unmarshal(res, &r)
		}
		done <- r.Events
	}()
	time.Sleep(30 * time.Millisecond)
	if _, err := s.MigrateVM("EXVM02", 0); err != nil {
		t.Fatal(err)
	}
	select {
	case evs := <-done:
		if len(evs) == 0 {
			t.Fatal("no VM event")
		}
	case <-time.After(3 * time.Second):
		t.Fatal("event.from did not wake up")
	}
}

func TestEventsLostAndEmptyToken(t *testing.T) {
	s := startSim(t, Options{Seed: 36, Hosts: 1})
	sid := login(t, s)
	var old string
	mustCall(t, s.MasterURL(), &old, "event.inject", sid, "pool", s.poolRefForTest())
	s.mu.Lock()
	vm := s.vms[0]
	for i := 0; i <= maxEvents; i++ {
		s.st.set(vm.Ref, s.now)
	}
	s.mu.Unlock()
	if _, e := call(t, s.MasterURL(), "event.from", sid, []any{"vm"}, old, 0.1); e == nil || e.Message != errEventsLost {
		t.Fatalf("a token older than the log should get EVENTS_LOST, got %+v", e)
	}
	var fresh struct {
		Events []struct{ Class, Operation, Ref string } `json:"events"`
		Token  string                                   `json:"token"`
	}
	mustCall(t, s.MasterURL(), &fresh, "event.from", sid, []any{"vm", "host"}, "", 0.1)
	if len(fresh.Events) != 4+1+1 { // 4 VMs, dom0, 1 host
		t.Fatalf("empty token: %d events, want every VM and host once", len(fresh.Events))
	}
	for _, e := range fresh.Events {
		if e.Operation != "add" || (e.Class != "vm" && e.Class != "host") {
			t.Errorf("event %+v", e)
		}
	}
}

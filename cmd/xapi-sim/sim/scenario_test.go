package sim

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestMigrationScenarioTimeline(t *testing.T) {
	s := startSim(t, Options{Seed: 21, Scenario: ScenarioMigration})
	sid := login(t, s)
	var tok string
	mustCall(t, s.MasterURL(), &tok, "event.inject", sid, "pool", s.poolRefForTest())

	advance(t, s, actionOffset-time.Second)
	if vm := vmByName(t, s, "EXVM01"); vm.ResidentOn != 1 || vm.Migrating {
		t.Fatalf("before the migration: %+v", vm)
	}
	advance(t, s, 2*time.Second) // the migration has started
	vm := vmByName(t, s, "EXVM01")
	if !vm.Migrating || vm.ResidentOn != 1 {
		t.Fatalf("during the migration EXVM01 should still run on host 1: %+v", vm)
	}
	var tasks map[string]map[string]any
	mustCall(t, s.MasterURL(), &tasks, "task.get_all_records", sid)
	var taskRef string
	for ref, task := range tasks {
		if task["name_label"] == "Async.VM.pool_migrate" && task["status"] == "pending" {
			taskRef = ref
		}
	}
	if taskRef == "" {
		t.Fatalf("no pending Async.VM.pool_migrate task in %v", tasks)
	}
	advance(t, s, migrationDuration(s.vms[0]))
	vm = vmByName(t, s, "EXVM01")
	if vm.Migrating || vm.ResidentOn != 2 || vm.PowerState != "Running" {
		t.Fatalf("after the migration EXVM01 should run on host 2: %+v", vm)
	}
	var status string
	mustCall(t, s.MasterURL(), &status, "task.get_status", sid, taskRef)
	if status != "success" {
		t.Errorf("task status %s", status)
	}
	// event.from from the injected token sees the task and the VM move.
	var ev struct {
		Events []struct {
			Class, Operation, Ref string
			Snapshot              map[string]any
		} `json:"events"`
		ValidRefCounts map[string]int `json:"valid_ref_counts"`
		Token          string         `json:"token"`
	}
	mustCall(t, s.MasterURL(), &ev, "event.from", sid, []any{"vm", "task", "message"}, tok, 1.0)
	sawMove, sawTaskDone, sawMsg := false, false, false
	for _, e := range ev.Events {
		switch {
		case e.Class == "vm" && e.Ref == vm.Ref && e.Snapshot["resident_on"] == s.Hosts()[2].Ref:
			sawMove = true
		case e.Class == "task" && e.Ref == taskRef && e.Snapshot["status"] == "success":
			sawTaskDone = true
		case e.Class == "message" && e.Snapshot["name"] == msgVMMigrated:
			sawMsg = true
		}
	}
	if !sawMove || !sawTaskDone || !sawMsg {
		t.Errorf("events: move=%v task=%v message=%v", sawMove, sawTaskDone, sawMsg)
	}
	if len(ev.Token) != 41 || ev.ValidRefCounts["vm"] != 7 {
		t.Errorf("token %q, valid_ref_counts %v", ev.Token, ev.ValidRefCounts)
	}
	// The blip: latency right after the switch is above the steady value,
	// and back to normal a few minutes later.
	in := s.instantAt(s.Now())
	during := s.exchangeAt(in, 0, true).SendMailMs
	after := s.exchangeAt(s.instantAt(s.Now().Add(5*time.Minute)), 0, true).SendMailMs
	if during < after*1.3 {
		t.Errorf("no migration blip: %0.f ms right after vs %0.f ms later", during, after)
	}
}

func (s *Server) poolRefForTest() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.poolRef
}

func TestAsyncPoolMigrateViaAPI(t *testing.T) {
	s := startSim(t, Options{Seed: 22})
	sid := login(t, s)
	ex := vmByName(t, s, "EXVM03")
	var task string
	mustCall(t, s.MasterURL(), &task, "Async.VM.pool_migrate", sid, ex.Ref, s.Hosts()[0].Ref, map[string]any{"live": "true"})
	if !strings.HasPrefix(task, "OpaqueRef:") {
		t.Fatalf("task ref %q", task)
	}
	var progress float64
	advance(t, s, 10*time.Second)
	mustCall(t, s.MasterURL(), &progress, "task.get_progress", sid, task)
	if progress <= 0 || progress >= 1 {
		t.Errorf("progress mid-migration = %v", progress)
	}
	if _, e := call(t, s.MasterURL(), "VM.pool_migrate", sid, ex.Ref, s.Hosts()[2].Ref, map[string]any{}); e == nil || e.Message != "OTHER_OPERATION_IN_PROGRESS" {
		t.Errorf("second migration: %+v", e)
	}
	advance(t, s, time.Minute)
	var resident string
	mustCall(t, s.MasterURL(), &resident, "VM.get_resident_on", sid, ex.Ref)
	if resident != s.Hosts()[0].Ref {
		t.Fatalf("resident_on = %s, want host 0", resident)
	}
	var rec map[string]any
	mustCall(t, s.MasterURL(), &rec, "task.get_record", sid, task)
	if rec["status"] != "success" || rec["progress"].(float64) != 1 {
		t.Errorf("task = %v", rec)
	}
	// Migrating to the host it already runs on is refused by the task.
	mustCall(t, s.MasterURL(), &task, "Async.VM.pool_migrate", sid, ex.Ref, s.Hosts()[0].Ref, map[string]any{})
	mustCall(t, s.MasterURL(), &rec, "task.get_record", sid, task)
	if rec["status"] != "failure" || len(rec["error_info"].([]any)) == 0 {
		t.Errorf("same-host migration task = %v", rec)
	}
}

func TestHAScenarioTimeline(t *testing.T) {
	s := startSim(t, Options{Seed: 23, Scenario: ScenarioHA})
	sid := login(t, s)
	failed := s.Hosts()[1]
	advance(t, s, actionOffset+time.Second)
	// The host is dead: its connections drop, but the database has not
	// noticed yet.
	if _, err := testClient.Get(failed.URL + "/"); err == nil {
		t.Errorf("a failed host must not answer")
	}
	if vm := vmByName(t, s, "EXVM01"); vm.PowerState != "Running" || !s.Hosts()[1].Live {
		t.Errorf("before HA detection the database still shows the old state: %+v", vm)
	}
	advance(t, s, haDetect)
	if s.Hosts()[1].Live {
		t.Fatal("host_metrics.live should be false after detection")
	}
	var hm bool
	mustCall(t, s.MasterURL(), &hm, "host_metrics.get_live", sid, s.st.tables["host"][failed.Ref]["metrics"])
	if hm {
		t.Error("host_metrics.get_live = true")
	}
	msgs := s.Messages()
	if len(msgs) == 0 || msgs[0]["name"] != msgHAHostFailed || msgs[0]["obj_uuid"] != failed.UUID || msgs[0]["cls"] != "Host" ||
		msgs[0]["body"] != "Server 'xenserver-02' has failed" || msgs[0]["priority"] != int64(3) {
		t.Fatalf("first message = %v", msgs)
	}
	for _, vm := range s.VMs() {
		if vm.Exchange && vm.PowerState != "Halted" {
			t.Errorf("%s should be reset to Halted after detection, is %s", vm.Name, vm.PowerState)
		}
	}
	// Within 3 minutes of the failure every protected VM runs elsewhere.
	advance(t, s, 3*time.Minute-haDetect-time.Second)
	started := 0
	for _, m := range s.Messages() {
		if m["name"] == msgVMStarted {
			started++
		}
	}
	for _, vm := range s.VMs() {
		if vm.Exchange && (vm.PowerState != "Running" || vm.ResidentOn == 1 || vm.ResidentOn < 0) {
			t.Errorf("%s not restarted within 3 minutes: %+v", vm.Name, vm)
		}
	}
	if started != 4 {
		t.Errorf("VM_STARTED messages = %d, want 4", started)
	}
	// message.get_since with the failure time finds the HA messages.
	var since map[string]map[string]any
	mustCall(t, s.MasterURL(), &since, "message.get_since", sid, DateTime(t0.Add(actionOffset)).String())
	if len(since) != 5 {
		t.Errorf("message.get_since = %d messages, want 5", len(since))
	}
	// The host comes back later, empty.
	advance(t, s, haRecoverAfter)
	if h := s.Hosts()[1]; !h.Live || !h.PowerOn {
		t.Errorf("host should be back: %+v", h)
	}
	if _, body := get(t, failed.URL+"/"); len(body) == 0 {
		t.Error("recovered host should answer")
	}
}

func TestScalabilityPhasesAndCalibration(t *testing.T) {
	dir := t.TempDir()
	s := startSim(t, Options{Seed: 24, Scenario: ScenarioScalability, LogDir: dir, PerfmonRoll: 30 * time.Minute})
	wantRuns := []int{2000, 4000, 8000, 16000}
	for i, m := range wantRuns {
		if got := s.scen.phaseAt(t0.Add(time.Duration(i)*scalabilityPhase + time.Minute)).Mailboxes; got != m {
			t.Errorf("phase %d mailboxes = %d, want %d", i, got, m)
		}
	}
	advance(t, s, 4*scalabilityPhase+time.Second)
	type stat struct{ avg, p95 float64 }
	results := map[string]map[string]stat{} // workload -> platform -> worst SendMail
	for i, m := range wantRuns {
		path := filepath.Join(dir, "loadgen", "s24-c001-scalability-"+strconv.Itoa(m)+"-heavy.csv")
		rows := readCSV(t, path)
		if len(rows) < 2 {
			t.Fatalf("run %d: %s has no rows", i, path)
		}
		results[rows[1][1]] = map[string]stat{}
		for _, r := range rows[1:] {
			if r[4] != "SendMail" {
				continue
			}
			avg, _ := strconv.ParseFloat(r[8], 64)
			p95, _ := strconv.ParseFloat(r[9], 64)
			cur := results[r[1]][r[3]]
			if avg > cur.avg {
				cur.avg = avg
			}
			if p95 > cur.p95 {
				cur.p95 = p95
			}
			results[r[1]][r[3]] = cur
		}
	}
	t.Logf("SendMail worst server per platform: %+v", results)
	for _, w := range []string{"2000 heavy", "4000 heavy"} {
		v, n := results[w]["virtual"], results[w]["native"]
		if v.avg > n.avg*1.02 {
			t.Errorf("%s: virtual average %.0f ms should be as good as native %.0f ms", w, v.avg, n.avg)
		}
	}
	if v := results["8000 heavy"]["virtual"]; v.avg >= 500 || v.p95 >= 1000 {
		t.Errorf("8000 heavy on one host must stay within limits: %+v", v)
	}
	if v := results["16000 heavy"]["virtual"]; v.avg < 500 || v.p95 < 1000 {
		t.Errorf("the overcommitted phase must break the limits: %+v", v)
	}
	// Perfmon files rolled every 30 simulated minutes.
	files, _ := filepath.Glob(filepath.Join(dir, "perfmon", "EXVM01", "EXVM01_*.csv"))
	if len(files) != 3 {
		t.Errorf("perfmon files for 80 minutes with a 30 minute roll = %d, want 3", len(files))
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func TestDeterministicBySeed(t *testing.T) {
	out := func(seed int64) (string, string) {
		dir := t.TempDir()
		s := startSim(t, Options{Seed: seed, Scenario: ScenarioAll, LogDir: dir, Hosts: 3, VMs: 10})
		advance(t, s, 25*time.Minute)
		sid := login(t, s)
		_, body := get(t, rrdURL(s.Hosts()[1].URL, sid, map[string]string{"start": "-120", "host": "true"}))
		b, err := os.ReadFile(filepath.Join(dir, "loadgen", "s"+strconv.FormatInt(seed, 10)+"-c001-scalability-2000-heavy.latencies.csv"))
		if err != nil {
			t.Fatal(err)
		}
		return string(body), string(b)
	}
	r1, l1 := out(5)
	r2, l2 := out(5)
	r3, _ := out(6)
	if r1 != r2 || l1 != l2 {
		t.Error("the same seed must give the same rrd_updates and LoadGen output")
	}
	if r1 == r3 {
		t.Error("a different seed should change the output")
	}
}

func TestLoadgenSummaryMatchesRaw(t *testing.T) {
	dir := t.TempDir()
	s := startSim(t, Options{Seed: 25, Scenario: ScenarioMigration, LogDir: dir})
	advance(t, s, migrationLength+time.Second)
	base := filepath.Join(dir, "loadgen", "s25-c001-migration-8000-heavy")
	raw := readCSV(t, base+".latencies.csv")
	sum := readCSV(t, base+".csv")
	if strings.Join(raw[0], ",") != "run_id,workload,server,platform,task,time,latency_ms" ||
		strings.Join(sum[0], ",") != "run_id,workload,server,platform,task,start,end,count,avg_ms,p95_ms" {
		t.Fatalf("headers %v / %v", raw[0], sum[0])
	}
	groups := map[string][]float64{}
	for _, r := range raw[1:] {
		v, err := strconv.ParseFloat(r[6], 64)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := time.Parse(time.RFC3339, r[5]); err != nil {
			t.Fatalf("time %q: %v", r[5], err)
		}
		groups[r[2]+"/"+r[4]] = append(groups[r[2]+"/"+r[4]], v)
	}
	if len(sum)-1 != len(groups) || len(groups) != 16 {
		t.Fatalf("summary rows %d, raw groups %d, want 16 (8 servers x 2 tasks)", len(sum)-1, len(groups))
	}
	for _, r := range sum[1:] {
		vals := groups[r[2]+"/"+r[4]]
		avg, p95 := summarize(vals)
		if r[7] != strconv.Itoa(len(vals)) || r[8] != strconv.FormatFloat(avg, 'f', 1, 64) || r[9] != strconv.FormatFloat(p95, 'f', 1, 64) {
			t.Errorf("%s/%s: summary %v, raw gives n=%d avg=%.1f p95=%.1f", r[2], r[4], r[7:], len(vals), avg, p95)
		}
	}
}

func TestPerfmonFileFormat(t *testing.T) {
	dir := t.TempDir()
	s := startSim(t, Options{Seed: 26, Scenario: ScenarioHA, LogDir: dir})
	advance(t, s, actionOffset+time.Minute)
	files, _ := filepath.Glob(filepath.Join(dir, "perfmon", "EXVM01", "EXVM01_20261125-120000.csv"))
	if len(files) != 1 {
		t.Fatalf("perfmon file missing: %v", files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\r\n")
	if lines[len(lines)-1] != "" {
		t.Fatal("every line must end in CRLF")
	}
	lines = lines[:len(lines)-1]
	if !strings.HasPrefix(lines[0], `"(PDH-CSV 4.0) (UTC)(0)","\\EXVM01\MSExchangeIS\RPC Averaged Latency",`) {
		t.Fatalf("header %q", lines[0])
	}
	if len(lines) != 1+int((actionOffset+time.Minute)/(15*time.Second))+1 {
		t.Errorf("rows = %d", len(lines)-1)
	}
	if !strings.HasPrefix(lines[1], `"11/25/2026 12:00:00.000","`) {
		t.Errorf("first row %q", lines[1])
	}
	// After the host failure the VM's samples are missing (" ").
	last := lines[len(lines)-1]
	if !strings.Contains(last, `," ",`) {
		t.Errorf("a down VM should log missing samples: %q", last)
	}
	fields := strings.Split(lines[1], `","`)
	if len(fields) != 1+len(perfmonCounters) {
		t.Errorf("fields %d", len(fields))
	}
	// Native servers keep logging.
	nb, _ := os.ReadFile(filepath.Join(dir, "perfmon", "EXPHY01", "EXPHY01_20261125-120000.csv"))
	if strings.Contains(string(nb), `" "`) {
		t.Error("native servers never go down in the HA scenario")
	}
	var _ = json.Valid
}

func TestMasterFailurePromotesASlave(t *testing.T) {
	s := startSim(t, Options{Seed: 27})
	s.FailHost(0)
	advance(t, s, haDetect+time.Second)
	if s.MasterURL() != s.HostURLs()[1] {
		t.Fatalf("master after failure = %s, want host 1", s.MasterURL())
	}
	_, e := call(t, s.HostURLs()[2], "session.login_with_password", "root", "xenbench")
	if e == nil || e.Message != errHostIsSlave || e.Data[0] != s.Hosts()[1].Address {
		t.Fatalf("host 2 should point at the new master: %+v", e)
	}
	login(t, s)
}

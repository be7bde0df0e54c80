package perfmon

import (
	"strings"
	"testing"
)

func TestParseCounterPath(t *testing.T) {
	tests := []struct {
		in                                         string
		machine, object, parent, instance, counter string
		index                                      int
		hasInstance                                bool
		wantErr                                    bool
	}{
		{in: `\\EXMBX01\MSExchangeIS\RPC Averaged Latency`, machine: "EXMBX01", object: "MSExchangeIS", counter: "RPC Averaged Latency", index: -1},
		{in: `\\S\LogicalDisk(D:)\Avg. Disk sec/Read`, machine: "S", object: "LogicalDisk", instance: "D:", counter: "Avg. Disk sec/Read", index: -1, hasInstance: true},
		{in: `\\S\MSExchange Database ==> Instances(edgetransport/Transport Mail Database)\I/O Database Reads Average Latency`,
			machine: "S", object: "MSExchange Database ==> Instances", parent: "edgetransport", instance: "Transport Mail Database", counter: "I/O Database Reads Average Latency", index: -1, hasInstance: true},
		{in: `\\S\Network Interface(Intel(R) PRO/1000 MT)\Bytes Total/sec`, machine: "S", object: "Network Interface", parent: "Intel(R) PRO", instance: "1000 MT", counter: "Bytes Total/sec", index: -1, hasInstance: true},
		{in: `\\S\Process(svchost#12)\% Processor Time`, machine: "S", object: "Process", instance: "svchost", index: 12, counter: "% Processor Time", hasInstance: true},
		{in: `\\S\Process(C:\dir\a.exe)\ID Process`, machine: "S", object: "Process", instance: `C:\dir\a.exe`, counter: "ID Process", index: -1, hasInstance: true},
		{in: `\\S\Obj(a#b)\C`, machine: "S", object: "Obj", instance: "a#b", counter: "C", index: -1, hasInstance: true},
		{in: `\\S\Obj()\C`, machine: "S", object: "Obj", counter: "C", index: -1, hasInstance: true},
		{in: `\Memory\Available MBytes`, object: "Memory", counter: "Available MBytes", index: -1},
		// "#0" is an index; a leading "/" is part of the instance, not an empty parent;
		// "#3" alone is an index on an empty name; a negative "#-1" is text.
		{in: `\\S\Process(svchost#0)\ID Process`, machine: "S", object: "Process", instance: "svchost", index: 0, counter: "ID Process", hasInstance: true},
		{in: `\\S\Obj(/x)\C`, machine: "S", object: "Obj", instance: "/x", counter: "C", index: -1, hasInstance: true},
		{in: `\\S\Obj(#3)\C`, machine: "S", object: "Obj", index: 3, counter: "C", hasInstance: true},
		{in: `\\S\Obj(a#-1)\C`, machine: "S", object: "Obj", instance: "a#-1", counter: "C", index: -1, hasInstance: true},
		{in: `\\\Obj\C`, wantErr: true}, // empty machine name
		{in: `\\S\\C`, wantErr: true},   // empty object name
		{in: `Memory\Available MBytes`, wantErr: true},
		{in: `\\S`, wantErr: true},
		{in: `\\S\Memory\`, wantErr: true},
		{in: `\\S\Obj(x\C`, wantErr: true},
		{in: `\\S\(x)\C`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParseCounterPath(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if p.Machine != tt.machine || p.Object != tt.object || p.Parent != tt.parent || p.Instance != tt.instance ||
				p.Counter != tt.counter || p.Index != tt.index || p.HasInstance != tt.hasInstance {
				t.Fatalf("got %+v", p)
			}
			if p.String() != tt.in {
				t.Fatalf("String() = %q, want the input back", p.String())
			}
		})
	}
}

func TestCounterPathErrorsNameTheProblem(t *testing.T) {
	for in, want := range map[string]string{
		`\\S\\C`:     "no object or no counter",
		`\\S\Obj\`:   "no object or no counter",
		`\\S\ (x)\C`: "empty object name",
	} {
		if _, err := ParseCounterPath(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want it to say %q", in, err, want)
		}
	}
}

func TestPatternMatch(t *testing.T) {
	cols := map[string]string{
		"rpc":     `\\EXMBX01\MSExchangeIS\RPC Averaged Latency`,
		"rpc2":    `\\exphy02\msexchangeis\rpc averaged latency`,
		"diskD":   `\\EXMBX01\LogicalDisk(D:)\Avg. Disk sec/Read`,
		"diskL":   `\\EXMBX02\LogicalDisk(L:)\Avg. Disk sec/Read`,
		"diskOth": `\\EXPHY01\LogicalDisk(D:)\Avg. Disk sec/Read`,
		"db":      `\\EXMBX01\MSExchange Database ==> Instances(Information Store/SG1)\I/O Database Reads Average Latency`,
		"mem":     `\\EXMBX01\Memory\Available MBytes`,
	}
	tests := []struct {
		pattern string
		want    []string
	}{
		{`\\*\MSExchangeIS\RPC Averaged Latency`, []string{"rpc", "rpc2"}},
		{`\\EXMBX*\LogicalDisk(*)\Avg. Disk sec/Read`, []string{"diskD", "diskL"}},
		{`\\*\LogicalDisk(?:)\Avg. Disk sec/*`, []string{"diskD", "diskL", "diskOth"}},
		{`\\*\LogicalDisk\Avg. Disk sec/Read`, nil}, // no instance part: single-instance objects only
		{`\\*\MSExchange Database ==> Instances(*/SG*)\*`, []string{"db"}},
		{`\Memory\Available MBytes`, []string{"mem"}},
		{`\\exmbx01\*\*`, []string{"rpc", "mem"}},
		{`\\EXMBX0?\LogicalDisk(L:)\*`, []string{"diskL"}},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			p, err := CompilePattern(tt.pattern)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, k := range []string{"rpc", "rpc2", "diskD", "diskL", "diskOth", "db", "mem"} {
				c, err := ParseCounterPath(cols[k])
				if err != nil {
					t.Fatal(err)
				}
				if p.Match(c) {
					got = append(got, k)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("matched %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("matched %v, want %v", got, tt.want)
				}
			}
		})
	}
	if _, err := CompilePattern("MSExchangeIS"); err == nil {
		t.Fatal("a pattern without backslashes must be rejected")
	}
}

func TestWildMatch(t *testing.T) {
	tests := []struct {
		pat, s string
		want   bool
	}{
		{"*", "", true}, {"a*c", "abbbc", true}, {"a*c", "abbb", false}, {"?", "ä", true},
		{"a?c", "abc", true}, {"*x*y*", "0x1y2", true}, {"*x*y*", "0y1x2", false}, {"", "a", false},
	}
	for _, tt := range tests {
		if got := wildMatch(tt.pat, tt.s); got != tt.want {
			t.Errorf("wildMatch(%q, %q) = %v", tt.pat, tt.s, got)
		}
	}
}

func TestUnit(t *testing.T) {
	tests := map[string]string{
		"Avg. Disk sec/Read": "s", "Avg. Disk sec/Write": "s", "RPC Averaged Latency": "ms",
		"RPC Average Latency": "ms", "RPC Latency average (msec)": "ms", "% Processor Time": "percent",
		"Available MBytes": "decmbytes", "Disk Transfers/sec": "iops", "RPC Operations/sec": "ops",
		"Bytes Total/sec": "Bps", "RPC Requests": "short", "I/O Database Reads Average Latency": "ms",
		"Aggregate Delivery Queue Length (All Queues)": "short",
	}
	for c, want := range tests {
		if got := Unit(c); got != want {
			t.Errorf("Unit(%q) = %q, want %q", c, got, want)
		}
	}
}

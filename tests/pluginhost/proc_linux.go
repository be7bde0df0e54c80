package pluginhost

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// setParentDeathSignal makes the kernel kill the plugin if the test process dies
// before Close runs (a panic, a killed `go test`), so no plugin process is left behind.
func setParentDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// PeakRSS is the plugin process's peak resident set size in bytes (VmHWM).
func (h *Host) PeakRSS() (int64, error) {
	return procStatusBytes(h.pid, "VmHWM:")
}

// RSS is the plugin process's current resident set size in bytes (VmRSS).
func (h *Host) RSS() (int64, error) {
	return procStatusBytes(h.pid, "VmRSS:")
}

func procStatusBytes(pid int, key string) (int64, error) {
	if pid <= 0 {
		return 0, fmt.Errorf("no plugin process")
	}
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, key) {
			continue
		}
		fields := strings.Fields(strings.TrimPrefix(line, key))
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, fmt.Errorf("unexpected %q", line)
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		return kb << 10, err
	}
	return 0, fmt.Errorf("%s not in /proc/%d/status", key, pid)
}

// CPUTime is the CPU time (user + system) the plugin process has used so far, from
// /proc/<pid>/stat: a measure of a request's cost that does not depend on how busy the
// machine is (its wall time does).
func (h *Host) CPUTime() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", h.pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name (which may contain spaces) start after the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", h.pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", h.pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", h.pid)
	}
	// USER_HZ is 100 on every Linux Go supports.
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

package pluginhost

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
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

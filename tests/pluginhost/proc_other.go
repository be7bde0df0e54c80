//go:build !linux

package pluginhost

import (
	"errors"
	"os/exec"
	"time"
)

func setParentDeathSignal(*exec.Cmd) {}

// PeakRSS is only measured on Linux.
func (h *Host) PeakRSS() (int64, error) {
	return 0, errors.New("peak RSS is read from /proc (Linux only)")
}

// RSS is only measured on Linux.
func (h *Host) RSS() (int64, error) { return 0, errors.New("RSS is read from /proc (Linux only)") }

// CPUTime is only measured on Linux.
func (h *Host) CPUTime() (time.Duration, error) {
	return 0, errors.New("CPU time is read from /proc (Linux only)")
}

//go:build unix

package rrd

import (
	"syscall"
	"time"
)

// processCPUTime is the user+system CPU time of the whole process, GC
// workers included. Benchmarks divide bytes by it as well as by wall time,
// so the figure stays meaningful on a busy shared machine.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

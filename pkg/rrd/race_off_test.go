//go:build !race

package rrd

// raceEnabled skips allocation-count assertions, which the race detector skews.
const raceEnabled = false

package pool

import (
	"time"
)

// archive is one round-robin archive xcp-rrdd keeps by default: a step and how many
// rows it holds (xapi-project/xen-api doc/content/xen-api/metrics.md; the same table is
// in vatesfr/xen-orchestra packages/xo-server/src/xapi-stats.mjs).
type archive struct {
	Step time.Duration
	Rows int
}

var archives = []archive{
	{5 * time.Second, 120}, // 10 minutes
	{time.Minute, 120},     // 2 hours
	{time.Hour, 168},       // 1 week
	{24 * time.Hour, 366},  // 1 year
}

// span is how far back from now the archive reaches.
func (a archive) span() time.Duration { return a.Step * time.Duration(a.Rows) }

// chooseArchive picks the archive for a query over [from, to] seen at now:
//  1. it must still hold data back to from (now - from <= step x rows, give or take two
//     rows), otherwise the oldest part of the panel would be empty;
//  2. it must not return more than maxDataPoints points over the range (when set);
//  3. among those, the finest step not finer than Grafana's interval (a finer one only
//     adds points the panel cannot show); if every one is finer, the coarsest of them.
//
// When no archive reaches back to from, the year archive is used: it is the best there is.
func chooseArchive(from, to, now time.Time, interval time.Duration, maxDataPoints int64) archive {
	rangeDur := to.Sub(from)
	back := now.Sub(from)
	var fitting []archive
	for _, a := range archives {
		// Two rows of slack: "last 10 minutes" asked a moment after the host's last update
		// still fits the 10-minute archive; losing a row at the oldest end is invisible,
		// an hour-long empty start is not.
		if back > a.span()+2*a.Step {
			continue
		}
		if maxDataPoints > 0 && int64(rangeDur/a.Step) > maxDataPoints {
			continue
		}
		fitting = append(fitting, a)
	}
	if len(fitting) == 0 {
		return archives[len(archives)-1]
	}
	for _, a := range fitting {
		if a.Step >= interval {
			return a
		}
	}
	return fitting[len(fitting)-1]
}

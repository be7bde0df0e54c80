package promexport

import (
	"context"
	"errors"
	"math"
	"strings"
	"time"

	"github.com/xenbench/xenbench/pkg/inventory"
	"github.com/xenbench/xenbench/pkg/rrd"
	"github.com/xenbench/xenbench/pkg/xapi"
)

// RRDFetcher is the XAPI call the pool poller makes (xapi.Client.GetRRDUpdates).
type RRDFetcher func(ctx context.Context, hostAddress string, p xapi.RRDParams) (*rrd.Updates, error)

// archiveSteps and archiveRows are the round-robin archives xcp-rrdd keeps by default
// (xapi-project/xen-api doc/content/xen-api/metrics.md; the simulator's rras): the
// backfill asks each one it needs with a start relative to the host's last update, so
// the host's clock, not ours, decides which rows exist.
var (
	archiveSteps = []int64{5, 60, 3600, 86400}
	archiveRows  = []int64{120, 120, 168, 366}
)

// hostRows is what one host answered: its archives, finest first, each limited to the
// rows the finer ones do not cover.
type hostRows struct {
	host  inventory.Host
	parts []*rrd.Updates
	err   error
}

// fetchHost reads a host's rows after cursor (unix seconds; 0 = none yet, then the
// last `backfill` seconds). One request in the steady state; after a gap longer than
// the 5-second archive (a restart, a dead Prometheus), xapi answers from a coarser
// archive, and the finer archives are then read too, so the gap is filled with the
// finest rows the host still holds.
func fetchHost(ctx context.Context, fetch RRDFetcher, h inventory.Host, cursor int64, backfill time.Duration) ([]*rrd.Updates, error) {
	start := cursor
	if start <= 0 {
		start = -max(int64(backfill/time.Second), 5)
	}
	first, err := fetch(ctx, h.Address, xapi.RRDParams{Start: start, CF: "AVERAGE", Interval: archiveSteps[0], Host: true, VMUUID: "all"})
	if err != nil {
		return nil, err
	}
	if first.Step <= archiveSteps[0] {
		return []*rrd.Updates{first}, nil
	}
	// The host chose a coarser archive for start: read each finer one in full.
	var parts []*rrd.Updates
	for i, step := range archiveSteps {
		if step >= first.Step {
			break
		}
		u, err := fetch(ctx, h.Address, xapi.RRDParams{Start: -(step * (archiveRows[i] - 1)), CF: "AVERAGE", Interval: step, Host: true, VMUUID: "all"})
		if err != nil {
			return nil, err
		}
		parts = append(parts, u)
	}
	return append(parts, first), nil
}

// columnSeries decides, for one host's answer, which series each RRD column feeds.
// A nil entry skips the column.
type columnSeries struct {
	s     *Series
	scale float64
}

// labeller names columns from the inventory with the datasource's labels. It is kept
// while the inventory snapshot stays the same, and remembers each host's columns:
// naming a column (family rules, label sorting, interning) is most of a refresh's CPU
// otherwise, and a host's legend only changes with the pool.
type labeller struct {
	snap  *inventory.Snapshot
	in    *interner
	srsBy map[string]map[string]inventory.SR    // host uuid → SR uuid prefix → SR
	cols  map[string]map[rrd.Legend]columnEntry // host uuid → legend → series
}

type columnEntry struct {
	cs columnSeries
	ok bool
}

func newLabeller(snap *inventory.Snapshot, in *interner) *labeller {
	l := &labeller{snap: snap, in: in, srsBy: map[string]map[string]inventory.SR{}, cols: map[string]map[rrd.Legend]columnEntry{}}
	for _, sr := range snap.SRs {
		if len(sr.UUID) < 8 {
			continue
		}
		for _, hu := range sr.HostUUIDs {
			if l.srsBy[hu] == nil {
				l.srsBy[hu] = map[string]inventory.SR{}
			}
			l.srsBy[hu][sr.UUID[:8]] = sr
		}
	}
	return l
}

// column returns the series of a legend entry read from host h, or ok=false for a
// column that is not exported from this host: a VM's columns count only on the host
// it is resident on (halted VMs: the master), as after a migration the old host may
// still list them; control domains and unknown VMs are left out like the
// datasource's VM lists leave them out.
func (l *labeller) column(h inventory.Host, lg rrd.Legend) (columnSeries, bool) {
	pool := l.snap.Pool.Name
	switch lg.Kind {
	case "host":
		if lg.UUID != h.UUID {
			return columnSeries{}, false
		}
		// SR metrics are host columns named <metric>_<first 8 characters of the SR uuid>.
		if i := strings.LastIndexByte(lg.Metric, '_'); i > 0 && len(lg.Metric)-i-1 == 8 {
			if sr, ok := l.srsBy[h.UUID][lg.Metric[i+1:]]; ok {
				metric := lg.Metric[:i]
				name, scale := rrdFamily(kindSR, metric)
				return columnSeries{l.in.get(name, LabelPool, pool, LabelHost, h.Name, LabelSR, sr.Name, LabelMetric, metric, LabelUUID, sr.UUID), scale}, true
			}
		}
		name, scale := rrdFamily(kindHost, lg.Metric)
		return columnSeries{l.in.get(name, LabelPool, pool, LabelHost, h.Name, LabelMetric, lg.Metric, LabelUUID, h.UUID), scale}, true
	case "vm":
		v, ok := l.snap.VMByUUID(lg.UUID)
		if !ok {
			return columnSeries{}, false
		}
		if v.HostUUID != h.UUID && !(v.HostUUID == "" && h.IsMaster) {
			return columnSeries{}, false
		}
		name, scale := rrdFamily(kindVM, lg.Metric)
		return columnSeries{l.in.get(name, LabelPool, pool, LabelHost, v.HostName, LabelVM, v.Name, LabelMetric, lg.Metric, LabelUUID, v.UUID), scale}, true
	}
	return columnSeries{}, false
}

// cachedColumn is column, remembered per host and legend entry.
func (l *labeller) cachedColumn(h inventory.Host, lg rrd.Legend) (columnSeries, bool) {
	byLegend := l.cols[h.UUID]
	if byLegend == nil {
		byLegend = map[rrd.Legend]columnEntry{}
		l.cols[h.UUID] = byLegend
	}
	if e, hit := byLegend[lg]; hit {
		return e.cs, e.ok
	}
	cs, ok := l.column(h, lg)
	byLegend[lg] = columnEntry{cs, ok}
	return cs, ok
}

// hostSamples turns a host's archives into samples newer than cursor, oldest archive
// first, each archive cut where the next finer one begins; NaN rows (no data) are
// left out. It returns the samples, the latest value per series, and the new cursor.
func (l *labeller) hostSamples(h inventory.Host, parts []*rrd.Updates, cursor int64, out []Sample, latest func(*Series, int64, float64)) ([]Sample, int64) {
	newCursor := cursor
	for pi := len(parts) - 1; pi >= 0; pi-- {
		u := parts[pi]
		limit := int64(math.MaxInt64)
		if pi > 0 && len(parts[pi-1].Timestamps) > 0 {
			limit = parts[pi-1].Timestamps[0]
		}
		lo := 0
		for lo < len(u.Timestamps) && u.Timestamps[lo] <= cursor {
			lo++
		}
		hi := lo
		for hi < len(u.Timestamps) && u.Timestamps[hi] < limit {
			hi++
		}
		if hi == lo {
			continue
		}
		for ci, lg := range u.Legends {
			if lg.CF != "" && lg.CF != "AVERAGE" {
				continue
			}
			cs, ok := l.cachedColumn(h, lg)
			if !ok {
				continue
			}
			col := u.Values[ci]
			for r := lo; r < hi; r++ {
				v := col[r]
				if math.IsNaN(v) {
					continue
				}
				v *= cs.scale
				out = append(out, Sample{S: cs.s, T: u.Timestamps[r] * 1000, V: v})
				if pi == 0 && latest != nil {
					latest(cs.s, u.Timestamps[r]*1000, v)
				}
			}
		}
		if pi == 0 {
			newCursor = max(newCursor, u.Timestamps[hi-1])
		}
	}
	return out, newCursor
}

// errorCause names an error for xenbench_exporter_errors_total{cause}.
func errorCause(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, xapi.ErrTimeout):
		return "timeout"
	case errors.Is(err, xapi.ErrAuthFailed), errors.Is(err, xapi.ErrPermissionDenied):
		return "auth"
	case errors.Is(err, xapi.ErrUnreachable):
		return "unreachable"
	case errors.Is(err, xapi.ErrTLS):
		return "tls"
	case errors.Is(err, xapi.ErrRRDFormat), errors.Is(err, xapi.ErrBadResponse), errors.Is(err, xapi.ErrNotXAPI):
		return "bad_response"
	case errors.Is(err, xapi.ErrHTTPStatus):
		return "http_status"
	case errors.Is(err, xapi.ErrResponseTooLarge):
		return "too_large"
	}
	return "other"
}

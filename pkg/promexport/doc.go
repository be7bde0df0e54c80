// Package promexport puts xenbench's data into Prometheus: the pool's RRD rows (host, VM
// and SR metrics), the Exchange perfmon counters and the load-test results, with the
// labels the datasource puts on its frames (pool, host, vm, sr, metric, uuid, server,
// object, instance, counter, platform, volume_role, workload, run, task).
//
// Two ways out, from the same samples:
//   - a /metrics endpoint (client_golang, OpenMetrics) with the latest value of every
//     series, for an ordinary scrape;
//   - remote write, which sends every rrd_updates row with its own timestamp, so the
//     5-second resolution survives any scrape interval. Each host is asked only for the
//     rows after the last one sent (start = cursor), and the cursors are kept in a state
//     file, so a restart backfills the gap from the archives the host still holds.
//
// Metric names follow Prometheus conventions (base units, _seconds, _bytes, _ratio) and
// come from one catalog (families.go), which also renders the README's table.
//
// The package reuses the back end's readers: pkg/xapi (session, failover, re-login),
// pkg/inventory, pkg/rrd (through xapi.GetRRDUpdates), pkg/perfmon, pkg/loadgen and
// pkg/exchange (native/virtual). It builds no Grafana frames.
package promexport

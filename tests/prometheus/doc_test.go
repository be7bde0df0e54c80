// Package prometheus_test proves the exporter (pkg/promexport, cmd/xenbench-exporter)
// against a real Prometheus server: Debian's prometheus package, started on 127.0.0.1
// with the remote-write receiver and a scrape job, fed by the exporter reading the
// simulated pool (cmd/xapi-sim/sim) through its `all` scenario. It compares what
// Prometheus returns for a window with what the datasource's built back end returns for
// the same window (tests/pluginhost runs the binary as Grafana does), and checks that
// an exporter restart and a Prometheus restart leave no gap.
//
// Pool size: the checks run on 8 hosts / 200 VMs so the test stays near a minute; the
// 64-host / 2,000-VM figures come from the benchmark in pkg/promexport
// (BenchmarkRefresh64Hosts2000VMs), which runs the same code on the big pool.
package prometheus_test

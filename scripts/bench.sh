#!/usr/bin/env bash
# `npm run bench`: the benchmarks, with figures. Go benchmarks run on one core (-cpu 1)
# and are summarised by benchstat; the RRD parsers are compared with Xen Orchestra's way
# of parsing the same payloads; the panel's render time is measured in Chromium.
# Figures go to tests/output/bench/ as well as the terminal. Takes about 10 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BENCH_OUT:-tests/output/bench}
mkdir -p "$out"
benchstat=(go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da)

echo "=== parsers: rrd_updates (3 formats) and dumps, perfmon CSV (-cpu 1, 6 runs)"
go test -run='^$' -bench='ParseUpdates|StreamUpdates' -benchmem -cpu 1 -count 6 ./pkg/rrd | tee "$out/rrd.txt"
go test -run='^$' -bench='ReadCSV$|ReadCSVAllColumns' -benchmem -cpu 1 -count 6 ./pkg/perfmon | tee "$out/perfmon.txt"
"${benchstat[@]}" "$out/rrd.txt" "$out/perfmon.txt" | tee "$out/parsers.benchstat.txt"

echo "=== perfmon: one 1 GiB log, streamed (-cpu 1)"
go test -run='^$' -bench='ReadCSV1GB' -benchmem -cpu 1 -benchtime 1x ./pkg/perfmon | tee "$out/perfmon-1gb.txt"

echo "=== datasource on a simulated 64-host / 2,000-VM pool: 12-panel dashboard, fan-out, cache"
go test -run='^$' -bench='Dashboard12Panels|MetricsFanOut64Hosts' -benchmem -benchtime 5x -count 4 ./pkg/plugin | tee "$out/plugin.txt"
go test -run='^$' -bench='RRDCacheHit' -benchmem -count 4 ./pkg/rrdcache | tee -a "$out/plugin.txt"
"${benchstat[@]}" "$out/plugin.txt" | tee "$out/plugin.benchstat.txt"

echo "=== the same 12-target request through the plugin protocol (the built binary, as Grafana runs it)"
go test -run='^$' -bench='Dashboard12OverProtocol' -benchtime 5x -count 3 ./tests/backend | tee "$out/protocol.txt"

echo "=== simulator: start-up and rrd_updates of a 2,000-VM pool"
go test -run='^$' -bench='Start2000VMs|RRDUpdates2000VMs|RRDUpdatesAllHosts2000VMs' -benchmem -count 4 ./cmd/xapi-sim/sim | tee "$out/sim.txt"

echo "=== RRD parsing: xenbench (Go) vs Xen Orchestra (JSON5.parse) and JSON.parse"
node scripts/bench-rrd-xo.mjs | tee "$out/rrd-vs-xo.txt"

echo "=== latency-compare panel render time in Chromium (2,000 series / 200 groups)"
XENBENCH_BENCH=1 node --test --test-name-pattern='render time' tests/browser/ | grep BENCH | tee "$out/panel.txt"

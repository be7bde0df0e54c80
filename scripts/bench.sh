#!/usr/bin/env bash
# `npm run bench`: every benchmark, with figures. Go benchmarks run on one core
# (-cpu 1) six times and are summarised by benchstat; the RRD parsers are compared with
# Xen Orchestra's way of parsing the same payloads; the panel's render time is measured
# in Chromium by the browser suite.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BENCH_OUT:-tests/output/bench}
mkdir -p "$out"
benchstat=(go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da)

echo "=== Go benchmarks (-cpu 1, -count 6)"
go test -run='^$' -bench=. -benchmem -cpu 1 -count 6 ./pkg/... ./cmd/... | tee "$out/go.txt"
"${benchstat[@]}" "$out/go.txt" | tee "$out/go.benchstat.txt"

echo "=== RRD parsing: xenbench (Go) vs Xen Orchestra (JSON5.parse) and JSON.parse"
node scripts/bench-rrd-xo.mjs | tee "$out/rrd-vs-xo.txt"

echo "=== panel render time in Chromium"
XENBENCH_BENCH=1 node --test tests/browser/ | tee "$out/panel.txt"

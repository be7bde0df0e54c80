#!/usr/bin/env bash
# Builds the plugin zip a user installs (README, "Install into an existing Grafana"):
# front end, back ends for every platform, package, validation. Needs Node (npm ci
# done) and Go, nothing else: no root, no browser, no tests. The same commands as the
# build stages of scripts/test-all.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
bash scripts/build-backend.sh
rm -rf dist-zip
go run ./cmd/plugincheck package
go run ./cmd/plugincheck validate dist-zip/*.zip
ls -l dist-zip/

#!/usr/bin/env bash
# The one test command (README: `npm run test:all`). From a fresh clone on a new machine it
# installs what it needs (Debian packages, npm packages, Go modules), then checks,
# builds, packages and validates the whole bundle. Each stage prints its duration.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-}"

stage_start=0
stage() {
  local now
  now=$(date +%s)
  if [ "$stage_start" -ne 0 ]; then echo "=== done in $((now - stage_start)) s"; fi
  stage_start=$now
  echo
  echo "=== $*"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $* (install it by hand, then rerun)" >&2; return 1
  fi
}

stage "system packages (chromium for the browser tests, prometheus for the exporter test)"
if ! command -v chromium >/dev/null; then
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
fi
chromium --version
# Debian's Prometheus server, for tests/prometheus (the exporter against a real server).
if ! command -v prometheus >/dev/null; then
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends prometheus
fi
prometheus --version 2>&1 | head -n 1

stage "npm packages"
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -n "$CI" ] || [ ! -f node_modules/.lock-hash ] || [ "$(cat node_modules/.lock-hash)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.lock-hash
else
  echo "node_modules matches package-lock.json"
fi

stage "Go modules"
go mod download
go mod verify

stage "typecheck"
npm run --silent typecheck

stage "eslint"
npm run --silent lint

stage "jest"
npm run --silent test:ci

stage "go vet"
go vet ./pkg/... ./cmd/... ./tests/...

stage "go test -race"
go test -race -count=1 ./pkg/... ./cmd/... ./tests/...

stage "go test without -race (packages with tests built only without it: //go:build !race)"
# Allocation-count tests are skewed by the race detector, so they are excluded from the
# -race pass at build time (never skipped) and run here, in every package that has one.
mapfile -t norace < <(grep -rl --include='*_test.go' '^//go:build !race' pkg cmd tests | xargs -r -n1 dirname | sort -u | sed 's|^|./|')
echo "packages: ${norace[*]:-none}"
if [ "${#norace[@]}" -gt 0 ]; then go test -count=1 "${norace[@]}"; fi

stage "front-end production build"
npm run --silent build

stage "back-end binaries (linux amd64/arm64, darwin amd64/arm64, windows amd64)"
bash scripts/build-backend.sh

stage "package and validate the plugin zip"
rm -rf dist-zip
go run ./cmd/plugincheck package
go run ./cmd/plugincheck validate dist-zip/*.zip
ls -l dist-zip/

stage "cross-part tests: xen-api client against the simulator, panel in Chromium"
node --test --test-concurrency=1 tests/

stage "all checks passed"

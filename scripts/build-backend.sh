#!/usr/bin/env bash
# Builds the datasource's Go back end for every platform Grafana runs plugins on, named
# as src/datasource/plugin.json's "executable" says: <executable>_<os>_<arch>[.exe].
#
# A plain `go build` loop rather than mage: it needs nothing but Go, builds only the five
# platforms we ship, and runs the same way here, in CI and in the Dockerfile.
# Usage: scripts/build-backend.sh [os/arch ...]   (default: the five release targets)
set -euo pipefail
cd "$(dirname "$0")/.."

# Plain sed rather than node or jq: the Dockerfile's Go stage has neither.
json_field() { sed -n "s/^ *\"$1\": *\"\([^\"]*\)\".*/\1/p" "$2" | head -n 1; }
exe=$(json_field executable src/datasource/plugin.json)
version=$(json_field version package.json)
[ -n "$exe" ] || { echo "no \"executable\" in src/datasource/plugin.json" >&2; exit 1; }
out=dist/datasource
mkdir -p "$out"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64)
fi

for t in "${targets[@]}"; do
  os=${t%/*}
  arch=${t#*/}
  suffix=""
  [ "$os" = windows ] && suffix=".exe"
  bin="$out/${exe}_${os}_${arch}${suffix}"
  echo "building $bin"
  # -trimpath and -buildid= make builds reproducible; -s -w drop debug tables (smaller zip).
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath \
    -ldflags "-s -w -buildid= -X main.version=${version}" \
    -o "$bin" ./pkg
  [ "$os" = windows ] || chmod 0755 "$bin"
  # The Prometheus exporter (README "Long retention on Prometheus"): a separate program
  # for the same platforms, shipped beside the plugin, not inside its zip (Grafana would
  # not run it).
  ebin="dist/exporter/xenbench-exporter_${os}_${arch}${suffix}"
  echo "building $ebin"
  mkdir -p dist/exporter
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath \
    -ldflags "-s -w -buildid= -X main.version=${version}" \
    -o "$ebin" ./cmd/xenbench-exporter
done

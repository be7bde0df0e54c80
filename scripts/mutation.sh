#!/usr/bin/env bash
# Mutation testing as a measured figure (issue 14): `npm run mutation [-- TARGET...]`.
# Not part of `npm run test:all`, and not a gate: it prints, per package, how many
# deliberate small bugs (mutants) the tests catch. Targets are Go package directories
# (pkg/rrd ...) and panel folders or files (src/panel/data, src/panel/thresholds/evaluate.ts);
# the default is every Go package where a wrong number reaches a user and the two panel
# folders, whole (every non-test .ts file; one StrykerJS run per folder).
#   Go:         github.com/go-gremlins/gremlins v0.6.0 (from the Go module proxy)
#   TypeScript: StrykerJS (@stryker-mutator/core with the jest runner and the TypeScript
#               checker, devDependencies; stryker.config.mjs)
# Reports: reports/mutation/*.json; summary: scripts/mutation-summary.mjs, which also
# subtracts the surviving mutants judged equivalent in .config/mutation/equivalent.txt.
# Each mutant rebuilds and reruns a package's tests: expect tens of minutes per large
# package. It runs under `nice` and with a raised timeout so a loaded machine does not
# turn slow tests into false "timed out" kills.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="$root/reports/mutation"
mkdir -p "$out"

GREMLINS="github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0"
default_targets=(pkg/rrd pkg/loadgen pkg/perfmon pkg/thresholds pkg/exchange pkg/safepath pkg/events
  src/panel/data src/panel/thresholds)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${default_targets[@]}")

# Gremlins copies the whole module for each worker; run it on a copy holding only the
# files git knows (tracked, or new and not ignored), so node_modules is not copied and
# the working tree as it is now is what gets measured.
gocopy=""
go_copy() {
  if [ -z "$gocopy" ]; then
    gocopy=$(mktemp -d)
    trap 'rm -rf "$gocopy"' EXIT
    git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$gocopy"
  fi
}

# StrykerJS 10 needs Node.js 22 or later (its engines field); the repo's .nvmrc says 22.
# On an older node, npx runs it under the node@22 package from the npm registry.
stryker() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -ge 22 ]; then
    nice -n 10 node node_modules/.bin/stryker "$@"
  else
    nice -n 10 npx --yes -p node@22 -c "node node_modules/.bin/stryker $(printf '%q ' "$@")"
  fi
}

for t in "${targets[@]}"; do
  name=${t//\//-}
  echo "=== mutation: $t ($(date -u +%H:%M:%S))"
  case "$t" in
    pkg/*)
      go_copy
      (cd "$gocopy" && nice -n 10 go run "$GREMLINS" unleash --workers 1 --timeout-coefficient 10 \
        -o "$out/$name.json" "./$t")
      ;;
    src/*)
      mutate=$t
      [ -d "$t" ] && mutate="$t/*.ts,!$t/*.test.ts"
      incremental=()
      # STRYKER_INCREMENTAL_FROM=DIR: StrykerJS's incremental mode on an earlier report of the
      # same target (DIR/<target>.json): a mutant whose code and covering tests are unchanged
      # keeps its result; changed code, changed tests and new tests are run again.
      if [ -n "${STRYKER_INCREMENTAL_FROM:-}" ]; then
        cp "$STRYKER_INCREMENTAL_FROM/$name.json" "$out/$name.incremental.json"
        incremental=(--incremental --incrementalFile "$out/$name.incremental.json")
      fi
      stryker run --mutate "$mutate" "${incremental[@]}"
      mv reports/mutation/stryker.json "$out/$name.json"
      ;;
    *) echo "unknown target $t (want pkg/... or src/...)" >&2; exit 2 ;;
  esac
done

node scripts/mutation-summary.mjs "$out" .config/mutation/equivalent.txt "${targets[@]}"

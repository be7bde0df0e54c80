#!/usr/bin/env bash
set -euo pipefail
npm ci --no-audit
npm run --silent build
bash scripts/build-backend.sh

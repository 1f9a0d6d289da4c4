#!/usr/bin/env bash
# Quick start: set up, build (Release) and run the main job on the bundled sample.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build.sh release
exec build/release/apps/alphapulse/alphapulse indicators --data data/sample/BTCUSDT_15m.csv "$@"

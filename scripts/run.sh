#!/usr/bin/env bash
# Quick start: set up, build (Release) and run the main job: the engine against the in-process
# exchange simulator serving the bundled sample over loopback WebSocket/REST, storing to
# ./alphapulse.db. It stops when the sample is exhausted; without --exit-at-end it keeps running
# until Ctrl-C. Extra arguments go to `alphapulse run` (e.g. --sim-faults drop=0.01).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build.sh release
exec build/release/apps/alphapulse/alphapulse run --exit-at-end "$@"

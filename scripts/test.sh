#!/usr/bin/env bash
# Set up, build and run every test: the Release build, then the Debug build with
# AddressSanitizer and UndefinedBehaviorSanitizer. Benchmarks are built but not run here
# (speed goals live in bench/, not in timed tests); `scripts/bench.sh` runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
status=0
for preset in release debug; do
  echo "== $preset: build"
  scripts/build.sh "$preset"
  echo "== $preset: test"
  ctest --preset "$preset" --parallel "$(nproc)" || status=1
done
exit $status

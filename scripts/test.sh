#!/usr/bin/env bash
# Set up, build and run every test: the style checks (clang-format, then clang-tidy on the
# Release build's compile database), the Release build, then the Debug build with
# AddressSanitizer and UndefinedBehaviorSanitizer. Benchmarks are built but not run here
# (speed goals live in bench/, not in timed tests); `scripts/bench.sh` runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
status=0
echo "== format"
scripts/check_format.sh || status=1
for preset in release debug; do
  echo "== $preset: build"
  scripts/build.sh "$preset"
  if [[ $preset == release ]]; then
    echo "== clang-tidy"
    scripts/tidy.sh build/release || status=1
  fi
  echo "== $preset: test"
  ctest --preset "$preset" --parallel "$(nproc)" || status=1
done
exit $status

#!/usr/bin/env bash
# Builds Release and runs the benchmarks. Extra arguments go to Google Benchmark,
# e.g. scripts/bench.sh --benchmark_filter=IndicatorSet --benchmark_repetitions=5
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build.sh release
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
exec build/release/bench/alphapulse_bench --benchmark_min_time=0.5 "$@"

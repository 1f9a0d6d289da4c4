#!/usr/bin/env bash
# Builds Release and runs the live latency benchmark (docs/performance.md, "Live latency"):
# 100 symbols x 15m/1h/4h over loopback, first paced (1,000 closes/s in total), then at the
# simulator's max speed, then paced with the deciding thread pinned (--decision-cpu), then
# pinned and busy-polling (--busy-poll: its CPU never idles). Extra
# arguments go to every run, e.g. scripts/bench_latency.sh --execution workers
# First, the machine's own floor: how long a thread pinned to the last CPU is kept off it
# (alphapulse_cpu_availability), which bounds the decision max on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
cmake --preset release >/dev/null
cmake --build build/release --target alphapulse_latency_bench alphapulse_cpu_availability \
  --parallel "$(nproc)"
bench=build/release/bench/latency/alphapulse_latency_bench
echo "== the machine: a spinning thread pinned to the last CPU for 20 s =="
build/release/bench/latency/alphapulse_cpu_availability --seconds 20
echo
echo "== paced: 1,000 closed candles/s over 300 streams =="
"$bench" --symbols 100 --timeframes 15m,1h,4h --mode paced --closes-per-sec 1000 "$@"
echo
echo "== max: the simulator sends as fast as the feed reads =="
"$bench" --symbols 100 --timeframes 15m,1h,4h --mode max "$@"
if (($(nproc) >= 2)); then
  # The deciding thread alone on the last CPU, every other thread (and the simulator) off it.
  echo
  echo "== paced, deciding thread pinned to CPU $(($(nproc) - 1)) =="
  "$bench" --symbols 100 --timeframes 15m,1h,4h --mode paced --closes-per-sec 1000 \
    --decision-cpu "$(($(nproc) - 1))" "$@"
  echo
  echo "== paced, pinned to CPU $(($(nproc) - 1)) and busy-polling (the CPU never idles) =="
  "$bench" --symbols 100 --timeframes 15m,1h,4h --mode paced --closes-per-sec 1000 \
    --decision-cpu "$(($(nproc) - 1))" --busy-poll "$@"
fi

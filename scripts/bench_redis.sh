#!/usr/bin/env bash
# Builds the Redis bus benchmark (Release) and runs it against a private redis-server on
# 127.0.0.1 (scripts/test_servers/redis.sh, data in build/release/bench_servers/redis),
# which is stopped again afterwards. Extra arguments go to the benchmark (e.g. --scale 2).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
cmake --preset release >/dev/null
cmake --build build/release --target redis_bus_bench
dir=build/release/bench_servers/redis
scripts/test_servers/redis.sh start "$dir"
trap 'scripts/test_servers/redis.sh stop "$dir"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(redis-server --version | cut -d' ' -f1-3)"
build/release/bench/redis/redis_bus_bench --url "$(scripts/test_servers/redis.sh url "$dir")" "$@"

#!/usr/bin/env bash
# clang-tidy over the sources (src/, apps/) with the checks of .clang-tidy, on the compile
# database of a configured build (default build/release: `cmake --preset release` first).
# Prints every warning and a count; exits 1 when there is any. Part of scripts/test.sh (about
# 2 minutes on 2 cores).
#   scripts/tidy.sh [BUILD_DIR] [-- extra run-clang-tidy arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=build/release
if [[ $# -gt 0 && $1 != -- ]]; then build_dir=$1; shift; fi
[[ ${1:-} == -- ]] && shift
if [[ ! -f $build_dir/compile_commands.json ]]; then
  echo "error: $build_dir/compile_commands.json not found: configure the build first" >&2
  exit 2
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Boost.Asio enables its coroutine support (co_await, awaitable) for GCC only; clang-tidy
# parses with clang, which has the same C++20 coroutines, so tell Asio.
run-clang-tidy -p "$build_dir" -j "$(nproc)" -quiet \
  -extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT -extra-arg=-DBOOST_ASIO_HAS_STD_COROUTINE \
  "$@" "$PWD/(src|apps)/" >"$log" 2>&1 || true
sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' | sort -u |
  tee "$log.found" || true
count=$(wc -l <"$log.found")
rm -f "$log.found"
echo "clang-tidy: $count finding(s)"
[[ $count -eq 0 ]]

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
if ! command -v run-clang-tidy >/dev/null; then
  echo "error: run-clang-tidy not found (scripts/bootstrap.sh installs clang-tidy)" >&2
  exit 2
fi
log=$(mktemp)
trap 'rm -f "$log" "$log.found"' EXIT
# Boost.Asio enables its coroutine support (co_await, awaitable) for GCC only; clang-tidy
# parses with clang, which has the same C++20 coroutines, so tell Asio.
run-clang-tidy -p "$build_dir" -j "$(nproc)" -quiet \
  -extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT -extra-arg=-DBOOST_ASIO_HAS_STD_COROUTINE \
  "$@" "$PWD/(src|apps)/" >"$log" 2>&1 || true
# run-clang-tidy prints one command line per file it checked: none means nothing was checked.
checked=$(grep -c -E '^clang-tidy(-[0-9]+)? ' "$log" || true)
if ((checked == 0)); then
  cat "$log" >&2
  echo "error: clang-tidy checked no file" >&2
  exit 2
fi
sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' | sort -u |
  tee "$log.found" || true
count=$(wc -l <"$log.found")
echo "clang-tidy: $checked files checked, $count finding(s)"
[[ $count -eq 0 ]]

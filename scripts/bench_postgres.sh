#!/usr/bin/env bash
# PgStore write rates against a private PostgreSQL server (scripts/test_servers/postgres.sh)
# started for the run with fsync on (durable commits, as in production; ALPHAPULSE_PG_FSYNC=off
# to see the cost without the disk) and stopped after.
# Usage: scripts/bench_postgres.sh [seconds per case, default 3]   (after scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
bench=build/release/bench/postgres/alphapulse_pg_bench
if [[ ! -x $bench ]]; then
  echo "bench_postgres.sh: $bench missing: cmake --build build/release --target alphapulse_pg_bench" >&2
  exit 1
fi
dir=$(pwd)/build/release/bench_servers/postgres
trap 'scripts/test_servers/postgres.sh stop "$dir"' EXIT
# A new server each run so that settings apply: fsync on, default synchronous_commit.
scripts/test_servers/postgres.sh stop "$dir" 2>/dev/null || true
ALPHAPULSE_PG_FSYNC=${ALPHAPULSE_PG_FSYNC:-on} scripts/test_servers/postgres.sh start "$dir" >/dev/null
url=$(scripts/test_servers/postgres.sh url "$dir")
echo "server: $(scripts/test_servers/postgres.sh status "$dir"), fsync=${ALPHAPULSE_PG_FSYNC:-on}; $(nproc) cores"
"$bench" "$url" "${1:-3}"

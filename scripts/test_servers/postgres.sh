#!/usr/bin/env bash
# scripts/test_servers/postgres.sh: a private, throw-away PostgreSQL instance for tests and
# benchmarks, in a directory of its own, listening on 127.0.0.1 only. It never touches the
# system cluster or service. Usage: postgres.sh start|stop|url|status DIR
#   start DIR   create the instance on first use (initdb, a free port recorded in DIR/port),
#               start it (idempotent), wait until it accepts connections, write DIR/url
#   stop DIR    fast shutdown (idempotent)
#   url DIR     print postgresql://USER@127.0.0.1:PORT/DB
#   status DIR  exit 0 when running
# As root the server binaries run as the `postgres` user (PostgreSQL refuses root).
set -euo pipefail

usage() { echo "usage: $0 start|stop|url|status DIR" >&2; exit 2; }
(($# == 2)) || usage
cmd=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)
data="$dir/data"
db=alphapulse_test
wait_seconds=${ALPHAPULSE_PG_WAIT_SECONDS:-60}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$bindir" || ! -x "$bindir/pg_ctl" ]]; then
  echo "postgres.sh: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin" \
    "(run scripts/bootstrap.sh)" >&2
  exit 1
fi

if [[ $(id -u) -eq 0 ]]; then
  run_as=(runuser -u postgres --)
  user=postgres
else
  run_as=()
  user=$(id -un)
fi
as_server() { "${run_as[@]}" "$@"; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

is_running() { [[ -d "$data" ]] && as_server "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

write_url() { echo "postgresql://$user@127.0.0.1:$(cat "$dir/port")/$db" >"$dir/url"; }

start() {
  if [[ ! -f "$data/PG_VERSION" ]]; then
    rm -rf "$data"
    [[ -f "$dir/port" ]] || free_port >"$dir/port"
    if [[ ${#run_as[@]} -gt 0 ]]; then chown postgres "$dir"; fi
    as_server "$bindir/initdb" -D "$data" -U "$user" --auth=trust --encoding=UTF8 \
      --no-instructions >"$dir/initdb.log" 2>&1 ||
      { echo "postgres.sh: initdb failed, see $dir/initdb.log" >&2; exit 1; }
  fi
  [[ -f "$dir/port" ]] || free_port >"$dir/port"
  local port
  port=$(cat "$dir/port")
  if [[ ${#run_as[@]} -gt 0 ]]; then chown postgres "$dir"; fi
  if ! is_running; then
    # Sockets only in DIR (not /var/run/postgresql), TCP on loopback only; fsync off (unless
    # ALPHAPULSE_PG_FSYNC=on, as the benchmark sets it): the
    # data is disposable and tests should not wait on the disk.
    as_server "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t "$wait_seconds" \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=${ALPHAPULSE_PG_FSYNC:-off} -c max_connections=50" \
      start >/dev/null ||
      { echo "postgres.sh: server did not start on 127.0.0.1:$port, see $dir/server.log" >&2; exit 1; }
  fi
  local waited=0
  until "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; do
    ((waited++ < wait_seconds * 10)) ||
      { echo "postgres.sh: 127.0.0.1:$port not accepting connections after ${wait_seconds}s" >&2; exit 1; }
    sleep 0.1
  done
  if ! "$bindir/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$db"
  fi
  write_url
}

stop() {
  if is_running; then as_server "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
}

case "$cmd" in
  start) start; cat "$dir/url" ;;
  stop) stop ;;
  url) [[ -f "$dir/port" ]] || { echo "postgres.sh: no instance in $dir (run start)" >&2; exit 1; }
       write_url; cat "$dir/url" ;;
  status) if is_running; then echo "running on 127.0.0.1:$(cat "$dir/port")"; else echo stopped; exit 1; fi ;;
  *) usage ;;
esac

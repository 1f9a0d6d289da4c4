#!/usr/bin/env bash
# A private Redis server for tests and benchmarks, on 127.0.0.1 only, living in DIR:
#   redis.sh start DIR    create (first time: free port -> DIR/port, DIR/redis.conf) and start;
#                         waits until it answers PING; writes DIR/url; no-op when running
#   redis.sh stop DIR     stop it (SHUTDOWN, AOF flushed); no-op when not running
#   redis.sh url DIR      print redis://127.0.0.1:PORT/0
#   redis.sh status DIR   print "running"/"stopped" (exit 0/1)
# Data persists across stop/start (append-only file in DIR), so tests can restart the server
# mid-run and find their keys again. Never touches the system redis-server service.
set -euo pipefail

usage() { echo "usage: $0 start|stop|url|status DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action=$1
dir=$2
REDIS_SERVER=${REDIS_SERVER:-redis-server}
REDIS_CLI=${REDIS_CLI:-redis-cli}

port_of() {
  [[ -f "$dir/port" ]] || { echo "redis.sh: no server created in $dir (run: $0 start $dir)" >&2; exit 1; }
  cat "$dir/port"
}

pid_alive() {
  [[ -f "$dir/redis.pid" ]] || return 1
  local pid
  pid=$(cat "$dir/redis.pid")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

answers_ping() {
  [[ "$("$REDIS_CLI" -h 127.0.0.1 -p "$1" ping 2>/dev/null)" == "PONG" ]]
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

create() {
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local port
  port=$(free_port)
  cat >"$dir/redis.conf" <<CONF
# Private test server written by scripts/test_servers/redis.sh; loopback only.
bind 127.0.0.1
protected-mode yes
port $port
dir $dir
daemonize yes
pidfile $dir/redis.pid
logfile $dir/redis.log
save ""
appendonly yes
appendfsync everysec
CONF
  echo "$port" >"$dir/port"
}

start() {
  command -v "$REDIS_SERVER" >/dev/null || { echo "redis.sh: $REDIS_SERVER not found (run scripts/bootstrap.sh)" >&2; exit 1; }
  [[ -f "$dir/redis.conf" && -f "$dir/port" ]] || create
  dir=$(cd "$dir" && pwd)
  local port
  port=$(port_of)
  echo "redis://127.0.0.1:$port/0" >"$dir/url"
  if pid_alive && answers_ping "$port"; then return 0; fi
  if ! pid_alive; then
    "$REDIS_SERVER" "$dir/redis.conf" >/dev/null
  fi
  for _ in $(seq 1 100); do
    if answers_ping "$port"; then return 0; fi
    sleep 0.1
  done
  echo "redis.sh: server in $dir did not answer on 127.0.0.1:$port within 10 s; last log lines:" >&2
  tail -n 5 "$dir/redis.log" >&2 2>/dev/null || true
  exit 1
}

stop() {
  [[ -f "$dir/port" ]] || return 0
  pid_alive || return 0
  local pid port
  pid=$(cat "$dir/redis.pid")
  port=$(port_of)
  "$REDIS_CLI" -h 127.0.0.1 -p "$port" shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.05
  done
  kill -9 "$pid" 2>/dev/null || true
}

case "$action" in
  start) start ;;
  stop) stop ;;
  url) echo "redis://127.0.0.1:$(port_of)/0" ;;
  status)
    if [[ -f "$dir/port" ]] && pid_alive && answers_ping "$(port_of)"; then echo running; else echo stopped; exit 1; fi ;;
  *) usage ;;
esac

#!/usr/bin/env python3
"""No signal lost when PostgreSQL or Redis goes away (issue 5): `alphapulse run` with
DATABASE_URL and REDIS_URL pointing at the private test servers, both servers stopped in the
middle of the run and started again. Afterwards every signal the backtest emits on the same
file is in PostgreSQL once and in the Redis stream once, the local outbox is empty, the
outage was really felt (failed delivery attempts), and the decision path did not wait for
it: signals were decided and committed to the local journal while both servers were down,
and no event was dropped. (Decision latency is printed, not asserted: a timed assertion
would flake on a loaded machine or under AddressSanitizer; the decision path has no call
into either backend by construction, docs/architecture.md.)"""
import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from checks import check, finish

BINARY, SAMPLE, SCRIPTS = sys.argv[1], sys.argv[2], sys.argv[3]
PG_DIR = os.environ.get("ALPHAPULSE_TEST_POSTGRES_DIR")
REDIS_DIR = os.environ.get("ALPHAPULSE_TEST_REDIS_DIR")
if not PG_DIR or not REDIS_DIR:
    print("FAIL: ALPHAPULSE_TEST_POSTGRES_DIR and ALPHAPULSE_TEST_REDIS_DIR must name the test servers' "
          "directories; run it through ctest (ctest -R run_survives_backend_outages), whose fixtures start them")
    sys.exit(1)


def server(kind, action):
    script = os.path.join(SCRIPTS, f"{kind}.sh")
    directory = PG_DIR if kind == "postgres" else REDIS_DIR
    r = subprocess.run(["bash", script, action, directory], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"{kind}.sh {action}: {r.stdout} {r.stderr}")
    return r.stdout.strip()


def read_url(directory):
    with open(os.path.join(directory, "url")) as f:
        return f.read().strip()


def psql(url, sql):
    r = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"psql: {r.stderr}")
    return [line for line in r.stdout.splitlines() if line]


def redis(url, *args):
    r = subprocess.run(["redis-cli", "-u", url, "--raw", *args], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"redis-cli: {r.stderr}")
    return r.stdout


def load(path):
    with open(path) as f:
        return {r["signal_id"]: r for r in (json.loads(line) for line in f)}


server("postgres", "start")
server("redis", "start")
base_pg = read_url(PG_DIR)
base_redis = read_url(REDIS_DIR)
database = f"outage_{os.getpid()}"
psql(base_pg, f"DROP DATABASE IF EXISTS {database}")
psql(base_pg, f"CREATE DATABASE {database}")
pg_url = base_pg.rsplit("/", 1)[0] + "/" + database
redis_url = base_redis.rsplit("/", 1)[0] + "/7"  # a database of its own on the shared server
redis(redis_url, "FLUSHDB")

with tempfile.TemporaryDirectory() as tmp:
    data_dir = os.path.join(tmp, "data")
    os.makedirs(data_dir)
    shutil.copy(SAMPLE, os.path.join(data_dir, "BTCUSDT_15m.csv"))
    out = os.path.join(tmp, "live.jsonl")
    journal = os.path.join(tmp, "journal.db")
    env = dict(os.environ, DATABASE_URL=pg_url, REDIS_URL=redis_url, JOURNAL_PATH=journal, STATUS_INTERVAL_MS="1000")
    # ~4,500 live candles of 15 minutes at 250,000x real time: about 16 s of run.
    args = [BINARY, "run", "--exit-at-end", "--sim-data-dir", data_dir, "--warmup-candles", "500",
            "--sim-speed", "250000", "--signals-out", out]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp, env=env)
    outage = {}

    def outage_window():
        time.sleep(4)
        outage["down_at"] = time.monotonic()
        outage["down_wall"] = datetime.datetime.now(datetime.timezone.utc)
        server("postgres", "stop")
        server("redis", "stop")
        time.sleep(6)
        server("postgres", "start")
        server("redis", "start")
        outage["up_at"] = time.monotonic()
        outage["up_wall"] = datetime.datetime.now(datetime.timezone.utc)

    t = threading.Thread(target=outage_window)
    started = time.monotonic()
    t.start()
    try:
        stdout, stderr = proc.communicate(timeout=600)
    finally:
        t.join()
    elapsed = time.monotonic() - started
    print(stdout[-3000:])
    check(proc.returncode == 0, f"run exits 0: {stderr[-2000:]}")
    check(outage.get("up_at", 0) < started + elapsed, "the run outlived the outage (both servers were restarted "
          "before it ended)")

    got = load(out) if os.path.exists(out) else {}

    # The independent expectation: the backtest over exactly the candles the live run saw. At a
    # paced simulator speed exchange time runs while the engine starts, so its 500-candle
    # warm-up window begins some candles into the file; the file from that candle on is what
    # live decided on (the journal's candles table says where it began).
    con = sqlite3.connect(journal)
    first_ms, seen = con.execute("SELECT MIN(open_time_ms), COUNT(*) FROM candles").fetchone()
    con.close()
    with open(SAMPLE) as f:
        header, *rows = f.read().splitlines()
    kept = [r for r in rows if int(r.split(",", 1)[0]) >= first_ms]
    check(len(kept) == seen, f"the live run saw every candle from its first on ({seen} of {len(kept)})")
    seen_csv = os.path.join(data_dir, "seen", "BTCUSDT_15m.csv")
    os.makedirs(os.path.dirname(seen_csv))
    with open(seen_csv, "w") as f:
        f.write("\n".join([header] + kept) + "\n")
    expected_path = os.path.join(tmp, "backtest.jsonl")
    r = subprocess.run([BINARY, "backtest", "--data", seen_csv, "--out", expected_path], capture_output=True, text=True)
    check(r.returncode == 0, f"backtest exits 0: {r.stderr}")
    expected = load(expected_path)
    check(len(expected) > 20, f"the backtest emits signals ({len(expected)})")
    check(set(got) == set(expected), f"live ids == backtest ids (missing {len(set(expected) - set(got))}, "
          f"extra {len(set(got) - set(expected))})")
    levels = ("direction", "entry_price", "tp1", "tp2", "tp3", "tp4", "stop_loss", "confidence")
    differing = [i for i in set(got) & set(expected) if any(got[i][k] != expected[i][k] for k in levels)]
    check(not differing, f"live levels and confidence == backtest ({len(differing)} differ)")

    pg_ids = psql(pg_url, "SELECT signal_id FROM signals")
    check(len(pg_ids) == len(set(pg_ids)), "PostgreSQL holds each signal once")
    check(set(pg_ids) == set(got), f"PostgreSQL holds every emitted signal (missing {len(set(got) - set(pg_ids))}, "
          f"extra {len(set(pg_ids) - set(got))})")

    # --raw prints one element per line: entry id, then field, value, field, value, ...
    lines = redis(redis_url, "XRANGE", "alphapulse:signals", "-", "+").splitlines()
    redis_ids = [lines[i + 1] for i, line in enumerate(lines[:-1]) if line == "signal_id"]
    check(len(redis_ids) == len(set(redis_ids)), f"the Redis stream holds each signal once ({len(redis_ids)} entries)")
    check(set(redis_ids) == set(got), f"the Redis stream holds every emitted signal (missing "
          f"{len(set(got) - set(redis_ids))}, extra {len(set(redis_ids) - set(got))})")

    con = sqlite3.connect(journal)
    local_regimes = con.execute("SELECT COUNT(*) FROM market_regimes").fetchone()[0]
    outbox = con.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    dead = con.execute("SELECT COUNT(*) FROM outbox_dead_letters").fetchone()[0]
    local_decided = con.execute("SELECT COUNT(*) FROM signals WHERE outcome <> 'pending'").fetchone()[0]
    con.close()
    check(outbox == 0, f"the local outbox is empty at exit ({outbox} rows left)")
    check(dead == 0, f"nothing was dead-lettered ({dead})")
    pg_regimes = int(psql(pg_url, "SELECT COUNT(*) FROM market_regimes")[0])
    check(pg_regimes == local_regimes, f"PostgreSQL has every regime change ({pg_regimes} of {local_regimes})")
    pg_decided = int(psql(pg_url, "SELECT COUNT(*) FROM signals WHERE outcome <> 'pending'")[0])
    check(local_decided > 0 and pg_decided == local_decided,
          f"live outcomes reach PostgreSQL ({pg_decided} of {local_decided} decided)")
    ttl = redis(redis_url, "TTL", "alphapulse:regime:BTCUSDT_15m").strip()
    check(ttl.lstrip("-").isdigit() and int(ttl) > 0, f"the regime cache key has a TTL ({ttl})")
    # The forming candle's provisional values: the last one sent was the last candle's, which
    # then closed, so both hashes name the same candle.
    forming = redis(redis_url, "HGETALL", "alphapulse:forming:BTCUSDT_15m").splitlines()
    forming = dict(zip(forming[0::2], forming[1::2]))
    closed_at = redis(redis_url, "HGET", "alphapulse:regime:BTCUSDT_15m", "candle_close_time_ms").strip()
    check("rsi14" in forming and forming.get("candle_close_time_ms") == closed_at,
          f"the cache holds the forming candle's values ({forming.get('candle_close_time_ms')} vs {closed_at})")

    failed = {m.group(1): int(m.group(2)) for m in re.finditer(r"delivery (\w+): .*? failed attempts (\d+)", stdout)}
    check(failed.get("postgres", 0) > 0 and failed.get("redis", 0) > 0,
          f"the outage was felt by both relays (failed attempts {failed})")
    m = re.search(r"decision latency p50 ([\d.]+) us p99 ([\d.]+) us max ([\d.]+) us", stdout)
    check(m is not None, "run reports its decision latency")
    if m:
        print(f"decision latency during the outage run: p50 {m.group(1)} us, p99 {m.group(2)} us, max {m.group(3)} us")
    # The engine kept deciding while both backends were down: signals committed locally
    # inside the outage window (created_at is the journal's wall-clock commit time).
    if "down_wall" in outage and "up_wall" in outage:
        fmt = "%Y-%m-%dT%H:%M:%S.%f"
        lo = outage["down_wall"].strftime(fmt)[:-3] + "Z"
        hi = outage["up_wall"].strftime(fmt)[:-3] + "Z"
        con = sqlite3.connect(journal)
        during = con.execute("SELECT COUNT(*) FROM signals WHERE created_at > ? AND created_at < ?",
                             (lo, hi)).fetchone()[0]
        con.close()
        print(f"signals decided and stored locally while both servers were down: {during}")
        check(during > 0, "the engine kept deciding and storing during the outage")
    d = re.search(r"events dropped (\d+)", stdout)
    check(d is not None and int(d.group(1)) == 0, "no event dropped by the engine")

psql(base_pg, f"DROP DATABASE IF EXISTS {database}")
finish()

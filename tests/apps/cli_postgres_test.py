#!/usr/bin/env python3
"""`alphapulse setup-db` and `alphapulse migrate-data` against the private PostgreSQL server
(the postgres_server CTest fixture) and SQLite: setup-db twice applies every migration once;
migrate-data SQLite -> PostgreSQL and CSV -> PostgreSQL twice inserts everything once and
nothing the second time. Counts and values are checked with psql and Python's sqlite3,
independently of the binary."""
import glob
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

from checks import check, finish

# The versions the binary must apply: one per NNNN_ prefix in sql/migrations (read from the
# source tree, not from the binary under test).
_MIGRATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "sql", "migrations")
MIGRATION_VERSIONS = sorted({int(name.split("_", 1)[0]) for name in os.listdir(_MIGRATIONS) if name.endswith(".sql")})

BINARY, SAMPLE = sys.argv[1], sys.argv[2]


server_dir = os.environ.get("ALPHAPULSE_TEST_POSTGRES_DIR")
if not server_dir:
    sys.exit("ALPHAPULSE_TEST_POSTGRES_DIR is not set: run this through CTest "
             "(ctest --preset release -R cli_postgres) or start a server with "
             "scripts/test_servers/postgres.sh start DIR and set it to DIR")
with open(os.path.join(server_dir, "url")) as f:
    admin_url = f.read().strip()
psql_bin = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))[-1]


def psql(url, sql):
    out = subprocess.run([psql_bin, url, "-tAX", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def fresh_database(name):
    psql(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(admin_url, f"CREATE DATABASE {name}")
    return admin_url[:admin_url.rfind("/") + 1] + name


def run(*args, env=None, cwd=None):
    p = subprocess.run([BINARY, *args], capture_output=True, text=True, env=env, cwd=cwd)
    if p.returncode != 0:
        print(p.stdout, p.stderr)
    return p


def counts(output, table):
    m = re.search(rf"^{table}\s+read (\d+) inserted (\d+) skipped (\d+)$", output, re.M)
    return tuple(int(x) for x in m.groups()) if m else None


tag = str(os.getpid())
with tempfile.TemporaryDirectory() as tmp:
    # ---- setup-db twice, PostgreSQL (with a password in the URL: never printed) ----
    pg_url = fresh_database("cli_setup_" + tag)
    with_password = pg_url.replace("@", ":topsecret-pw@", 1)
    first = run("setup-db", "--database-url", with_password, cwd=tmp)
    check(first.returncode == 0, "setup-db (postgres) exits 0")
    check("applied: 1 2" in first.stdout, f"first setup-db applies 1 2: {first.stdout!r}")
    check("topsecret-pw" not in first.stdout + first.stderr, "setup-db never prints the password")
    second = run("setup-db", "--database-url", with_password, cwd=tmp)
    check(second.returncode == 0, "second setup-db (postgres) exits 0")
    check("applied: none" in second.stdout, f"second setup-db applies nothing: {second.stdout!r}")
    check(psql(pg_url, "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations")
          == ",".join(str(v) for v in MIGRATION_VERSIONS),
          f"schema_migrations holds every version of sql/migrations once ({MIGRATION_VERSIONS})")

    # ---- setup-db twice, SQLite, URL from DATABASE_URL ----
    sqlite_path = os.path.join(tmp, "source.db")
    env = dict(os.environ, DATABASE_URL="sqlite:///" + sqlite_path)
    first = run("setup-db", env=env, cwd=tmp)
    second = run("setup-db", env=env, cwd=tmp)
    check(first.returncode == 0 and "applied: 1 2" in first.stdout, "setup-db (sqlite) applies 1 2")
    check(second.returncode == 0 and "applied: none" in second.stdout, "second setup-db (sqlite) applies nothing")
    db = sqlite3.connect(sqlite_path)
    check(db.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(MIGRATION_VERSIONS),
          "sqlite schema_migrations holds one row per version")

    # ---- a populated SQLite store ----
    signals = []
    for i in range(300):
        signals.append((f"BTCUSDT-15m-{i}-long", "BTCUSDT", "15m", "long" if i % 2 else "short",
                        None if i == 7 else 0.5 + i / 1000.0, 60000.0 + i / 3.0, 60100.1, 60200.2,
                        60300.3, 60400.4, 59900.0 - i / 7.0, 1.5, "hammer", i % 2, i % 3 == 0,
                        "ranging", '{"rsi_14":55.5}', '{"ml_score":0.25}',
                        "2024-07-10T00:15:00.000Z", "win" if i % 5 == 0 else "pending",
                        1720569600000 + i * 900000, "2024-07-10T00:15:01.000Z"))
    db.executemany("INSERT INTO signals (signal_id, symbol, timeframe, direction, confidence, "
                   "entry_price, tp1, tp2, tp3, tp4, stop_loss, risk_reward_ratio, pattern_type, "
                   "volume_confirmation, trend_alignment, market_regime, indicators, "
                   "validation_metrics, timestamp, outcome, candle_open_time_ms, created_at) VALUES "
                   "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", signals)
    metrics = ('{"trend_t_statistic":1.5,"efficiency_ratio":0.5,"volatility_ratio":1,'
               '"volume_ratio":1,"return_autocorrelation":0.1,"range_ratio":2}')
    regimes = [(sym, "15m", "choppy" if i % 2 else "ranging", 0.7, i + 1, metrics,
                1720569600000 + i * 900000, "2024-07-10T00:15:00.000Z")
               for sym in ("BTCUSDT", "ETHUSDT") for i in range(40)]
    db.executemany("INSERT INTO market_regimes (symbol, timeframe, regime_type, confidence, "
                   "duration_candles, metrics, candle_time_ms, detected_at) VALUES (?,?,?,?,?,?,?,?)",
                   regimes)
    candles = [("ETHUSDT", "1h", 1720569600000 + i * 3600000, 1720569600000 + i * 3600000 + 3599999,
                3000.0 + i / 9.0, 3010.0 + i, 2990.0, 3005.0 + i / 11.0, 12.5 + i,
                None if i % 2 else 1000.25, None if i % 2 else i, None if i % 2 else 1.5,
                None if i % 2 else 4500.125) for i in range(250)]
    db.executemany("INSERT INTO candles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", candles)
    db.commit()
    sqlite_counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                     for t in ("signals", "market_regimes", "candles")}
    db.close()

    # ---- migrate-data SQLite -> PostgreSQL, twice ----
    target = fresh_database("cli_migrate_" + tag)
    first = run("migrate-data", "--from", "sqlite:///" + sqlite_path, "--to", target, cwd=tmp)
    check(first.returncode == 0, "migrate-data sqlite -> postgres exits 0")
    for table in ("signals", "market_regimes", "candles"):
        n = sqlite_counts[table]
        check(counts(first.stdout, table) == (n, n, 0), f"first run {table}: {counts(first.stdout, table)} vs {n}")
        check(int(psql(target, f"SELECT COUNT(*) FROM {table}")) == n, f"postgres holds {n} {table}")
    second = run("migrate-data", "--from", "sqlite:///" + sqlite_path, "--to", target, cwd=tmp)
    check(second.returncode == 0, "second migrate-data exits 0")
    for table in ("signals", "market_regimes", "candles"):
        n = sqlite_counts[table]
        check(counts(second.stdout, table) == (n, 0, n), f"second run {table}: {counts(second.stdout, table)}")
        check(int(psql(target, f"SELECT COUNT(*) FROM {table}")) == n, f"postgres still holds {n} {table}")
    # Values survive bit-exact (psql prints shortest round-trip text, like Python's repr).
    rows = psql(target, "SELECT signal_id, entry_price, stop_loss, coalesce(confidence::text, 'NULL'), "
                        "outcome FROM signals ORDER BY signal_id").splitlines()
    expected = sorted((s[0], s[5], s[10], "NULL" if s[4] is None else s[4], s[19]) for s in signals)
    got = [(r[0], float(r[1]), float(r[2]), r[3] if r[3] == "NULL" else float(r[3]), r[4])
           for r in (line.split("|") for line in rows)]
    check(got == expected, "every migrated signal's prices, confidence and outcome equal the source")
    nulls = int(psql(target, "SELECT COUNT(*) FROM candles WHERE quote_volume IS NULL"))
    check(nulls == 125, f"candles without exchange extras keep NULLs ({nulls})")

    # ---- migrate-data CSV -> PostgreSQL, twice ----
    with open(SAMPLE) as f:
        data_rows = sum(1 for line in f if line.strip() and not line.startswith("open_time"))
    first = run("migrate-data", "--from", SAMPLE, "--to", target, cwd=tmp)
    check(first.returncode == 0, "migrate-data csv -> postgres exits 0")
    check(counts(first.stdout, "candles") == (data_rows, data_rows, 0), f"csv first run: {first.stdout!r}")
    second = run("migrate-data", "--from", SAMPLE, "--to", target, cwd=tmp)
    check(counts(second.stdout, "candles") == (data_rows, 0, data_rows), f"csv second run: {second.stdout!r}")
    stored = int(psql(target, "SELECT COUNT(*) FROM candles WHERE symbol = 'BTCUSDT' AND timeframe = '15m'"))
    check(stored == data_rows, f"postgres holds the CSV's {data_rows} candles ({stored})")

    # ---- a bad URL fails with a clear message and no password ----
    bad = run("setup-db", "--database-url", "postgresql://u:hidden-pw@127.0.0.1:1/nodb", cwd=tmp)
    check(bad.returncode != 0, "setup-db on an unreachable server fails")
    check("hidden-pw" not in bad.stdout + bad.stderr and "127.0.0.1" in bad.stderr,
          f"the error names the host, not the password: {bad.stderr!r}")

    for name in ("cli_setup_" + tag, "cli_migrate_" + tag):
        psql(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

finish()

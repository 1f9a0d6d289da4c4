#!/usr/bin/env python3
"""`alphapulse run` works from any directory: with the default simulator data ("data/sample",
relative to the repository root) started elsewhere it serves the sample the binary was built
with, and stores to ./alphapulse.db of the directory it runs in; a simulator data directory
that does not exist is a clear error naming it and the flag, given before anything is
created (no empty database left behind)."""
import os
import sqlite3
import subprocess
import sys
import tempfile

from checks import check, finish

BINARY, SAMPLE_DIR = sys.argv[1], sys.argv[2]

with tempfile.TemporaryDirectory() as cwd:
    r = subprocess.run([BINARY, "run", "--exit-at-end"], cwd=cwd, capture_output=True, text=True,
                       timeout=600)
    check(r.returncode == 0, f"run from {cwd} exits 0: {r.stderr[-2000:]}")
    check(f"serving {os.path.realpath(SAMPLE_DIR)}" in r.stdout
          or f"serving {SAMPLE_DIR}" in r.stdout,
          f"it says it serves the bundled sample {SAMPLE_DIR}: {r.stdout[:400]}")
    database = os.path.join(cwd, "alphapulse.db")
    check(os.path.exists(database), "alphapulse.db is created in the working directory")
    if os.path.exists(database):
        with sqlite3.connect(database) as db:
            signals = db.execute("SELECT COUNT(*) FROM signals").fetchone()[0]
            candles = db.execute("SELECT COUNT(*) FROM candles").fetchone()[0]
        sample_rows = sum(1 for _ in open(os.path.join(SAMPLE_DIR, "BTCUSDT_15m.csv"))) - 1
        check(candles == sample_rows, f"every sample candle is stored ({candles} of {sample_rows})")
        check(signals > 20, f"signals are stored ({signals})")

with tempfile.TemporaryDirectory() as cwd:
    r = subprocess.run([BINARY, "run", "--exit-at-end", "--sim-data-dir", "no_such_dir"], cwd=cwd,
                       capture_output=True, text=True, timeout=120)
    check(r.returncode == 2, f"a missing simulator data directory exits 2 (got {r.returncode})")
    check("no_such_dir" in r.stderr and "--sim-data-dir" in r.stderr,
          f"the error names the directory and the flag: {r.stderr.strip()}")
    check(os.listdir(cwd) == [], f"nothing is created before the error: {os.listdir(cwd)}")

finish()

#!/usr/bin/env python3
"""Behaviour of `alphapulse indicators` on good and bad files, checked from outside."""
import csv
import os
import subprocess
import sys
import tempfile

from checks import check, finish

BINARY, SAMPLE = sys.argv[1], sys.argv[2]


def run(*args):
    return subprocess.run([BINARY, *args], capture_output=True, text=True)


with tempfile.TemporaryDirectory() as tmp:
    with open(SAMPLE) as f:
        lines = f.read().splitlines()

    # One output row per input candle, open_time_ms first, empty cells while warming up.
    out = os.path.join(tmp, "out.csv")
    r = run("indicators", "--data", SAMPLE, "--out", out)
    check(r.returncode == 0, f"sample run exits 0 (got {r.returncode}: {r.stderr})")
    with open(out) as f:
        rows = list(csv.DictReader(f))
    check(len(rows) == len(lines) - 1, f"{len(rows)} output rows for {len(lines) - 1} candles")
    check(rows[0]["open_time_ms"] == lines[1].split(",")[0], "first open_time_ms copied")
    check(rows[0]["rsi14"] == "" and rows[14]["rsi14"] != "", "rsi14 empty exactly during warm-up")
    check(rows[0]["obv"] != "", "obv defined from the first candle")

    # A bad row: lenient mode skips and reports it, strict mode stops naming file, line, field.
    bad_lines = list(lines)
    fields = bad_lines[101].split(",")
    fields[2] = "-5"  # high
    bad_lines[101] = ",".join(fields)
    bad_lines.insert(201, bad_lines[200])  # duplicate row
    bad = os.path.join(tmp, "BTCUSDT_15m.csv")
    with open(bad, "w") as f:
        f.write("\n".join(bad_lines) + "\n")
    out2 = os.path.join(tmp, "out2.csv")
    r = run("indicators", "--data", bad, "--out", out2)
    check(r.returncode == 0, "lenient mode keeps going")
    check("2 rejected" in r.stdout, f"lenient mode counts both bad rows: {r.stdout[:300]}")
    with open(out2) as f:
        check(sum(1 for _ in f) - 1 == len(lines) - 2, "lenient output has every good candle")
    r = run("indicators", "--data", bad, "--strict")
    check(r.returncode != 0, "strict mode fails")
    check("BTCUSDT_15m.csv:102" in r.stderr and "high" in r.stderr,
          f"strict error names file, line and field: {r.stderr.strip()}")

    r = run("indicators", "--data", os.path.join(tmp, "missing.csv"))
    check(r.returncode != 0, "a missing file is an error")

finish()

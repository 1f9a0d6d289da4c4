#!/usr/bin/env python3
"""`alphapulse simulate --regimes` and `alphapulse regimes` end to end, judged here.

simulate writes labelled candles; regimes writes open_time_ms,regime,confidence for every
candle. This script scores the output itself by regime_synth.py's rule (a candle counts from
20 candles into its labelled segment) and checks it against the printed accuracy and a floor,
the file's shape (one row per candle, lower-case regime names, confidence in 0..1), the same
regimes at another price level (scale-free), that a bad row is named on stderr, and that
simulate's standard output equals its file and a full disk is an error.

Usage: cli_regimes_test.py ALPHAPULSE
"""
import csv
import os
import re
import subprocess
import sys
import tempfile

from checks import check, finish

BINARY = sys.argv[1]
REGIMES = {"strong_trend_bull", "strong_trend_bear", "weak_trend", "ranging", "volatile_breakout", "choppy"}


def run(args):
    done = subprocess.run([BINARY] + args, capture_output=True, text=True)
    check(done.returncode == 0, f"{' '.join(args[:2])} exits 0: {done.stderr}")
    return done


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


with tempfile.TemporaryDirectory() as tmp:
    labelled, detected = os.path.join(tmp, "labelled.csv"), os.path.join(tmp, "detected.csv")
    run(["simulate", "--regimes", "--seed", "3", "--candles", "4000", "--out", labelled])
    truth = rows(labelled)
    check(len(truth) == 4000 and set(r["regime"] for r in truth) == REGIMES,
          f"simulate wrote 4000 labelled candles of all six regimes: {len(truth)}, {set(r['regime'] for r in truth)}")

    printed = run(["regimes", "--data", labelled, "--out", detected]).stdout
    out = rows(detected)
    check(list(out[0].keys()) == ["open_time_ms", "regime", "confidence"], f"columns: {list(out[0].keys())}")
    check([r["open_time_ms"] for r in out] == [r["open_time_ms"] for r in truth], "one row per candle, in order")
    check(all(r["regime"] in REGIMES for r in out), "regime names are EVALUATION.md's, lower-case")
    check(all(0.0 <= float(r["confidence"]) <= 1.0 for r in out), "confidence in 0..1")

    # The scoring rule, written here: position in the labelled segment >= 20.
    counted = hits = position = 0
    for k, (t, d) in enumerate(zip(truth, out)):
        position = position + 1 if k > 0 and truth[k - 1]["regime"] == t["regime"] else 0
        if position >= 20:
            counted += 1
            hits += d["regime"] == t["regime"]
    accuracy = hits / counted
    shown = re.search(r"accuracy\s+([0-9.]+) over (\d+) candles", printed)
    check(shown is not None and int(shown[2]) == counted and abs(float(shown[1]) - accuracy) < 5e-5,
          f"printed accuracy {shown and shown.groups()} equals this script's {accuracy:.4f} over {counted}")
    check(accuracy >= 0.85, f"accuracy {accuracy:.4f} >= 0.85 on seed 3")
    header = next((line for line in printed.splitlines() if line.startswith("truth \\ detected")), "")
    check(len(set(header.split()[3:])) == 6, f"the confusion matrix's six columns are told apart: {header!r}")

    # Scale-free: the same series at 1e-4 of the price gives the same regimes.
    scaled = os.path.join(tmp, "scaled.csv")
    with open(scaled, "w") as f:
        f.write("open_time_ms,open,high,low,close,volume\n")
        for r in truth:
            f.write(",".join([r["open_time_ms"]] + [repr(float(r[k]) * 1e-4) for k in ("open", "high", "low", "close")]
                             + [r["volume"]]) + "\n")
    scaled_out = os.path.join(tmp, "scaled_detected.csv")
    run(["regimes", "--data", scaled, "--out", scaled_out])
    same = sum(a["regime"] == b["regime"] for a, b in zip(out, rows(scaled_out)))
    check(same >= 0.999 * len(out), f"regimes at 1e-4 of the price: {same} of {len(out)} the same")

    # A bad row is named (file, line, field) on stderr and the rest is still decided.
    bad = os.path.join(tmp, "bad.csv")
    with open(labelled) as f:
        lines = f.read().splitlines()
    lines[101] = lines[101].split(",")[0] + ",nan,1,1,1,1," + lines[101].split(",")[-1]
    with open(bad, "w") as f:
        f.write("\n".join(lines) + "\n")
    done = run(["regimes", "--data", bad, "--out", os.path.join(tmp, "bad_out.csv")])
    check(re.search(r"bad\.csv:102: field 'open'", done.stderr) is not None, f"the bad row is named: {done.stderr!r}")
    check("3999 candles accepted, 1 rejected" in done.stdout, f"counted: {done.stdout.splitlines()[:1]}")

    # A file with no candle: nothing to decide, and nothing claimed.
    empty = os.path.join(tmp, "empty.csv")
    with open(empty, "w") as f:
        f.write("open_time_ms,open,high,low,close,volume\n")
    done = run(["regimes", "--data", empty])
    check("warm-up     0 candles" in done.stdout and "none is past the warm-up" in done.stdout,
          f"an empty file: {done.stdout!r}")

    # The same candles on standard output as in the file; a full disk is an error, not a
    # silently short file.
    to_stdout = subprocess.run([BINARY, "simulate", "--regimes", "--seed", "3", "--candles", "4000"],
                               capture_output=True, text=True)
    check(to_stdout.returncode == 0 and to_stdout.stdout == open(labelled).read(),
          "simulate writes the same bytes to standard output as to --out")
    if os.path.exists("/dev/full"):
        full = subprocess.run([BINARY, "simulate", "--regimes", "--candles", "100000000", "--out", "/dev/full"],
                              capture_output=True, text=True, timeout=60)
        check(full.returncode != 0 and "error: writing /dev/full failed" in full.stderr,
              f"a full disk is reported: {full.returncode} {full.stderr!r}")

finish()

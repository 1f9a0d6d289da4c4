#!/usr/bin/env python3
"""The independent evaluator (tools/evaluate_signals.py) must agree with the C++ one.

Runs the C++ fixture (make_evaluation_fixture OUT_DIR: candles, signals.jsonl and the C++
figures in expected.txt), then the Python script on the same files, and compares the
figures line, the details line, the risk line (profit factor, drawdown, losing streak) and
every signal's outcome and returns (numbers to 1e-9).
Also checks that the run exercised every outcome.

Usage: python_agreement_test.py FIXTURE_EXE EVALUATE_SIGNALS_PY OUT_DIR
"""

import math
import os
import subprocess
import sys


def fields(line):
    tokens = line.split()
    return tokens[0], tokens[1:]


def same(a, b):
    try:
        x, y = float(a), float(b)
    except ValueError:
        return a == b
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return abs(x - y) <= 1e-9


def main(fixture, script, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    made = subprocess.run([fixture, out_dir], check=True, capture_output=True, text=True)
    coverage = made.stdout.split()
    assert coverage[0] == "coverage", made.stdout
    expected = open(os.path.join(out_dir, "expected.txt")).read().splitlines()
    run = subprocess.run(
        [sys.executable, script, os.path.join(out_dir, "signals.jsonl"),
         os.path.join(out_dir, "BTCUSDT_15m.csv"), os.path.join(out_dir, "ETHUSDT_1h.csv"),
         "--details", "--risk", "--baseline", "--per-signal"],
        check=True, capture_output=True, text=True)
    actual = run.stdout.splitlines()

    failures = []
    if len(actual) != len(expected):
        failures.append("line count: python %d, c++ %d" % (len(actual), len(expected)))
    for number, (want, got) in enumerate(zip(expected, actual), start=1):
        want_tokens, got_tokens = want.split(), got.split()
        if len(want_tokens) != len(got_tokens) or not all(
                same(a, b) for a, b in zip(want_tokens, got_tokens)):
            failures.append("line %d:\n  c++:    %s\n  python: %s" % (number, want, got))

    outcomes = {line.split()[2] for line in expected if line.startswith("signal ")}
    for needed in ("win", "loss", "expired", "open", "unmatched"):
        if needed not in outcomes:
            failures.append("the fixture produced no '%s' signal" % needed)

    for name, count in zip(coverage[1::2], coverage[2::2]):
        if int(count) == 0:
            failures.append("the fixture exercised no '%s' case" % name)

    if failures:
        print("\n".join(failures[:20]))
        print("%d disagreements" % len(failures))
        return 1
    print(actual[0])
    print("python and c++ agree on %d lines (%s)" % (len(expected), made.stdout.strip()))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

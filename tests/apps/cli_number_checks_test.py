#!/usr/bin/env python3
"""Numeric options are checked before anything runs: NaN, infinity and out-of-range values
are refused with a message naming the option, the value and the rule; valid edge values
pass. (CLI11's own ranges let "nan" through.)

Usage: cli_number_checks_test.py ALPHAPULSE SAMPLE.csv
"""
import os
import subprocess
import sys
import tempfile

from checks import check, finish

BINARY, DATA = sys.argv[1:3]

refused = [
    (["simulate", "--regimes", "--candles", "10", "--start-price", "nan"], "--start-price", "'nan'"),
    (["simulate", "--regimes", "--candles", "10", "--base-vol", "-0.01"], "--base-vol", "above 0"),
    (["simulate", "--regimes", "--candles", "10", "--base-vol", "inf"], "--base-vol", "'inf'"),
    (["simulate", "--regimes", "--candles", "0"], "--candles", "above 0"),
    (["backtest", "--data", DATA, "--judge-from", "nan"], "--judge-from", "from 0 to 1"),
    (["backtest", "--data", DATA, "--judge-from", "1.0001"], "--judge-from", "from 0 to 1"),
    (["backtest", "--data", DATA, "--judge-from", "0.5x"], "--judge-from", "'0.5x'"),
    (["backtest", "--data", DATA, "--judge-from", "2024-02-30"], "--judge-from", "or a UTC date"),
    (["backtest", "--judge-from", "0.5"], "--data", "required"),
    (["backtest", "--data", DATA, "--judge-to", "nan"], "--judge-to", "from 0 to 1"),
    (["backtest", "--data", DATA, "--judge-to", "-0.5"], "--judge-to", "from 0 to 1"),
    (["walkforward", "--data", DATA, "--try", "", "--judge-from", "1.5"], "--judge-from", "from 0 to 1"),
    (["backtest", "--data", DATA, "--ml-margin", "-1"], "--ml-margin", "above -1"),
    (["backtest", "--data", DATA, "--ml-learning-rate", "-inf"], "--ml-learning-rate", "from 0 up"),
]
for args, option, words in refused:
    run = subprocess.run([BINARY] + args, capture_output=True, text=True)
    check(run.returncode == 2, f"{' '.join(args[-2:])} is refused with exit 2, a usage error (exit {run.returncode})")
    check(option in run.stderr and words in run.stderr, f"the message names {option} and {words!r}: {run.stderr!r}")
    check("wrote" not in run.stdout and "pipeline" not in run.stdout, f"nothing ran for {args[-2:]}")

with tempfile.TemporaryDirectory() as tmp:
    accepted = [
        ["simulate", "--regimes", "--candles", "5", "--start-price", "1e-4", "--base-vol", "0.01",
         "--out", os.path.join(tmp, "s.csv")],
        ["backtest", "--data", DATA, "--judge-from", "1"],
        ["backtest", "--data", DATA, "--judge-from", "0", "--ml-margin", "-0.03", "--ml-learning-rate", "0"],
    ]
    for args in accepted:
        run = subprocess.run([BINARY] + args, capture_output=True, text=True)
        check(run.returncode == 0, f"{' '.join(args[:3])} ... runs: {run.stderr}")

finish()

#!/usr/bin/env python3
"""How the command line answers being called: --help and --version exit 0 (the version is the
project's, read here from the top-level CMakeLists.txt), and every way of calling it wrong (no
subcommand, an unknown one, an unknown option, a missing value, a value that fails its check)
exits 2, the code of every other refusal, with a message on stderr naming what was wrong.

Usage: cli_usage_test.py ALPHAPULSE TOP_LEVEL_CMAKELISTS SAMPLE.csv
"""
import re
import subprocess
import sys

from checks import check, finish

BINARY, CMAKELISTS, DATA = sys.argv[1:4]


def run(*args):
    return subprocess.run([BINARY, *args], capture_output=True, text=True)


project = re.search(r"project\(alphapulse VERSION ([0-9.]+)", open(CMAKELISTS).read())
check(project is not None, "the top-level CMakeLists.txt declares the project's version")
version = run("--version")
check(version.returncode == 0 and project is not None and version.stdout.strip() == f"alphapulse {project[1]}",
      f"--version prints the project's version and exits 0: {version.returncode} {version.stdout!r}")

helped = run("--help")
check(helped.returncode == 0, f"--help exits 0 ({helped.returncode})")
for subcommand in ("indicators", "regimes", "simulate", "backtest", "walkforward", "run", "exchange-sim",
                   "setup-db", "migrate-data"):
    check(re.search(rf"^  {subcommand} ", helped.stdout, re.M) is not None, f"--help lists {subcommand}")
sub_help = run("backtest", "--help")
check(sub_help.returncode == 0 and "--judge-to" in sub_help.stdout and "--judge-from" in sub_help.stdout,
      "backtest --help exits 0 and describes --judge-from and --judge-to")

wrong = [
    ((), "A subcommand is required"),
    (("backtes",), "backtes"),
    (("backtest", "--data", DATA, "--no-such-option"), "--no-such-option"),
    (("backtest", "--data"), "--data"),
    (("backtest", "--data", DATA, "--judge-to", "tomorrow"), "--judge-to"),
    (("walkforward", "--data", DATA, "--try", "", "--folds", "0"), "--folds"),
]
for args, named in wrong:
    r = run(*args)
    check(r.returncode == 2 and named in r.stderr,
          f"{' '.join(args) or '(nothing)'}: exit 2 naming {named!r} ({r.returncode}: {r.stderr.strip()[:200]!r})")

finish()

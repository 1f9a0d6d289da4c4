#!/usr/bin/env python3
"""Memory and time of one backtest over a whole universe: every 15m and 1h file of a data folder
in one `alphapulse backtest` (each its own stream and judged span), the figure docs/performance.md
records for issue 3's backtest. Runs it with `--out` alone and with `--candidates-out` as well,
each RUNS times (default 3), and prints per run the candles, the pipeline's own speed (its
"pipeline" line), the whole run's wall time and its peak resident memory in kB (the child's
maximum RSS from wait4: the figure /usr/bin/time -v prints, which a fresh machine may lack).

  tools/perf/universe_backtest.py BUILD_DIR [--data-dir DIR] [--judge-from 0.25] [--runs 3]
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile
import time


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build_dir")
    parser.add_argument("--data-dir", default=os.path.join(root, "..", "shared", "data"))
    parser.add_argument("--judge-from", default="0.25")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.join(args.build_dir, "apps", "alphapulse", "alphapulse")
    if not os.access(binary, os.X_OK):
        sys.exit(f"no binary {binary}")
    files = sorted(glob.glob(os.path.join(args.data_dir, "*_15m.csv"))) + \
        sorted(glob.glob(os.path.join(args.data_dir, "*_1h.csv")))
    if not files:
        sys.exit(f"no 15m or 1h candle files in {args.data_dir}")
    data = [flag for f in files for flag in ("--data", f)]
    print(f"{len(files)} files of {args.data_dir}, judged from {args.judge_from}")
    print("| run | candles | pipeline (M candles/s) | wall (s) | peak RSS (kB) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        out = ["--out", os.path.join(tmp, "signals.jsonl")]
        candidates = ["--candidates-out", os.path.join(tmp, "candidates.jsonl")]
        for label, exports in (("--out", out), ("--out --candidates-out", out + candidates)):
            for _ in range(args.runs):
                # wait4 gives this run's own peak RSS (getrusage(RUSAGE_CHILDREN) would be the
                # largest over every run so far).
                with open(os.path.join(tmp, "stdout"), "w+") as stdout, \
                        open(os.path.join(tmp, "stderr"), "w+") as stderr:
                    start = time.monotonic()
                    child = subprocess.Popen([binary, "backtest"] + data +
                                             ["--judge-from", args.judge_from] + exports,
                                             stdout=stdout, stderr=stderr)
                    _, status, usage = os.wait4(child.pid, 0)
                    child.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4
                    wall = time.monotonic() - start
                    stdout.seek(0)
                    stderr.seek(0)
                    if child.returncode != 0:
                        sys.stderr.write(stderr.read())
                        return 1
                    pipeline = re.search(r"^pipeline +(\d+) candles in [0-9.]+ ms: ([0-9.]+) M",
                                         stdout.read(), re.M)
                candles, speed = (pipeline[1], pipeline[2]) if pipeline else ("?", "?")
                # Linux reports kilobytes (1024 bytes), as /usr/bin/time -v does.
                print(f"| {label} | {candles} | {speed} | {wall:.2f} | {usage.ru_maxrss} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

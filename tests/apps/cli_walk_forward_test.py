#!/usr/bin/env python3
"""`alphapulse walkforward` against independent expectations:

1. With one trial it keeps every signal of the judged span: its JSONL and figures equal
   `backtest --judge-from` with the same settings.
2. With several trials (rolling selection over 1,000 candles, four folds), every fold's choice
   is recomputed here from `backtest` runs on the file *cut at the fold's first candle*, which
   cannot see a later candle, and the rule (most expectancy after fees, at least N judged
   signals, filter rate 60-80%): a choice that read the future would differ. The folds are
   computed here from their definition. The kept signals equal, fold by fold, the chosen
   trial's own backtest signals inside the fold.
3. The kept signals' accuracy and expectancy equal tools/evaluate_signals.py's recomputation.
4. Several streams (BTCUSDT and a shifted, scaled copy as ETHUSDT): folds of calendar time,
   every choice recomputed from backtests of each file cut at the fold's time, pooled; the kept
   signals in time order and their figures recomputed by tools/evaluate_signals.py.
5. Bad input: no trial, a key that is not a setting, a trial changing the fee, too many folds,
   a rolling selection or --symbol over several streams.

Usage: cli_walk_forward_test.py ALPHAPULSE SAMPLE.csv EVALUATE_SIGNALS.py
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from checks import agrees, baseline_figures, check, figures, filter_counts, filter_rate, finish, same_baseline

BINARY, DATA, EVALUATE = sys.argv[1:4]
TRIALS = ["", "take_profit_r=1,2,3,5", "stop_min_atr=2 stop_max_atr=4", "take_profit_r=2,3,4,6"]
FOLDS, JUDGE_FROM, SELECTION, MIN_SIGNALS = 4, 0.25, 1000, 30
ENV = {k: v for k, v in os.environ.items() if k.upper() not in (
    "SWING_LOOKBACK_CANDLES", "SWING_BUFFER_ATR", "STOP_MIN_ATR", "STOP_MAX_ATR", "TAKE_PROFIT_R",
    "TARGET_FILTER_RATE", "SCORE_WINDOW_CANDIDATES", "COOLDOWN_CANDLES", "ENABLE_ML",
    "ENABLE_REGIME_DETECTION", "MIN_STOP_DISTANCE_PCT", "FEE_RATE_PER_SIDE")}


def run(args, cwd):
    return subprocess.run([BINARY] + args, capture_output=True, text=True, cwd=cwd, env=ENV)


def set_flags(trial):
    flags = []
    for pair in trial.split():
        flags += ["--set", pair]
    return flags


def selection_figures(report_path):
    """The report's selection figures: (fold, trial) -> (judged signals, expectancy %, filter rate)."""
    rows = {}
    if os.path.exists(report_path):
        table = open(report_path).read().split("## Selection figures")[-1].split("\n## ")[0]
        for m in re.finditer(r"^\| (\d+) \| (\d+) \| (\d+) \| ([-+0-9.]+)% \| ([0-9.]+)% \|", table, re.M):
            rows[(int(m[1]), int(m[2]))] = (int(m[3]), float(m[4]), float(m[5]) / 100)
    return rows


def check_recomputed(label, stdout, jsonl, candle_files, judged_from_ms):
    """The printed figures against tools/evaluate_signals.py's from the JSONL and the candles,
    the baseline too (its twins drawn from the candles of the judged span, from the first fold)."""
    ours = figures(stdout)
    independent = subprocess.run([sys.executable, EVALUATE, jsonl] + candle_files +
                                 ["--baseline", f"--span-from={judged_from_ms}"], capture_output=True, text=True)
    check(same_baseline(baseline_figures(stdout), baseline_figures(independent.stdout)),
          f"{label}: the baseline equals evaluate_signals.py --baseline's "
          f"({baseline_figures(stdout)} vs {baseline_figures(independent.stdout)})")
    theirs = figures(independent.stdout)
    check(ours is not None and theirs is not None, f"{label}: both print figures: {independent.stderr}")
    if ours and theirs:
        for key in ("wins", "losses", "expired", "open"):
            check(ours[key] == theirs[key], f"{label}: {key}: {ours[key]} vs {theirs[key]}")
        for key in ("accuracy", "expectancy_pct"):
            check(agrees(ours[key], theirs[key]),
                  f"{label}: {key}: {ours[key]} vs {theirs[key]}")


def read_jsonl(path):
    with open(path) as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def check_equals_backtest(label, data, span, tmp, min_kept, backtest_span=None):
    """walkforward with one trial (its judged span `span`) against backtest over the same data
    and span (`backtest_span` when the two commands spell it differently): the kept signals line
    for line, the figures, the baseline and the filter rate. Returns (the kept signals,
    walkforward's output), or (None, None) when either run failed."""
    name = re.sub(r"\W+", "_", label)
    walk = run(["walkforward"] + data + ["--try", "", "--folds", "3"] + span +
               ["--out", f"wf_{name}.jsonl"], tmp)
    back = run(["backtest"] + data + (span if backtest_span is None else backtest_span) +
               ["--out", f"bt_{name}.jsonl"], tmp)
    check(walk.returncode == 0 and back.returncode == 0,
          f"{label}: walkforward and backtest exit 0: {walk.stderr} {back.stderr}")
    if walk.returncode != 0 or back.returncode != 0:
        return None, None
    kept = read_jsonl(os.path.join(tmp, f"wf_{name}.jsonl"))
    check(len(kept) > min_kept and kept == read_jsonl(os.path.join(tmp, f"bt_{name}.jsonl")),
          f"{label}: the kept signals are the backtest's, line for line ({len(kept)})")
    check(figures(walk.stdout) == figures(back.stdout) is not None, f"{label}: the backtest's figures")
    check(baseline_figures(walk.stdout) == baseline_figures(back.stdout) is not None,
          f"{label}: the backtest's baseline")
    check(filter_rate(walk.stdout) == filter_rate(back.stdout) is not None, f"{label}: the backtest's filter rate")
    return kept, walk.stdout


with tempfile.TemporaryDirectory() as tmp:
    with open(DATA) as f:
        header, *rows = f.read().splitlines()
    n = len(rows)

    # 1. One trial is the backtest of the judged span (walkforward's default: from 25%).
    kept, out = check_equals_backtest("one trial", ["--data", DATA], [], tmp, 50,
                                      backtest_span=["--judge-from", "0.25"])
    if kept is not None:
        # The kept signals are written as they are judged: the count printed is the lines written.
        wrote = re.search(r"^wrote +\S+ \((\d+) signals\)$", out, re.M)
        check(wrote is not None and int(wrote[1]) == len(kept),
              f"the printed count of kept signals is the lines written ({wrote and wrote[1]} vs {len(kept)})")
    if os.path.exists("/dev/full"):
        full = run(["walkforward", "--data", DATA, "--try", "", "--folds", "3", "--out", "/dev/full"], tmp)
        check(full.returncode == 2 and "error: writing /dev/full failed" in full.stderr,
              f"a full disk under --out is reported: {full.returncode} {full.stderr!r}")

    # 1b. A UTC date instead of a fraction: the first midnight past 30% of the candles. One trial
    # is then the backtest from that date, and the first fold starts at its first candle.
    times = [int(r.split(",")[0]) for r in rows]
    day_ms = 86_400_000
    midnight = (times[n * 3 // 10] // day_ms + 1) * day_ms
    date = time.strftime("%Y-%m-%d", time.gmtime(midnight / 1000))
    first_at_date = next(i for i, t in enumerate(times) if t >= midnight)
    kept, out = check_equals_backtest(f"from {date}", ["--data", DATA], ["--judge-from", date], tmp, 50)
    if kept is not None:
        check(all(json.loads(line)["candle_open_time_ms"] >= midnight for line in kept),
              f"from {date}: no kept signal before it")
        fold1 = re.search(r"^fold 1 .*\(candles (\d+)\.\.", out, re.M)
        check(fold1 is not None and int(fold1[1]) == first_at_date,
              f"from {date}: fold 1 starts at candle {first_at_date} ({fold1[1] if fold1 else None})")
    for bad in ("1999-01-01", "2099-01-01", "2024-02-30", "yesterday"):
        r = run(["walkforward", "--data", DATA, "--try", "", "--judge-from", bad], tmp)
        check(r.returncode == 2 and (bad in r.stderr or "folds" in r.stderr),
              f"--judge-from {bad}: refused naming it or the folds ({r.stderr.strip()})")

    # 1c. Ending at a date too (--judge-to, the first midnight past 80%): one trial is the
    # backtest of [from, to), walks and baseline included, and the last fold ends before it.
    end_midnight = (times[n * 4 // 5] // day_ms + 1) * day_ms
    end_date = time.strftime("%Y-%m-%d", time.gmtime(end_midnight / 1000))
    last_before_end = max(i for i, t in enumerate(times) if t < end_midnight)
    kept, out = check_equals_backtest(f"from {date} to {end_date}", ["--data", DATA],
                                      ["--judge-from", date, "--judge-to", end_date], tmp, 30)
    if kept is not None:
        fold3 = re.search(r"^fold 3 .*\(candles \d+\.\.(\d+)\)", out, re.M)
        check(fold3 is not None and int(fold3[1]) == last_before_end,
              f"the last fold ends at candle {last_before_end}, the last before {end_date} ({fold3 and fold3[1]})")
    r = run(["walkforward", "--data", DATA, "--try", "", "--judge-from", end_date, "--judge-to", date], tmp)
    check(r.returncode == 2 and "folds" in r.stderr, f"--judge-to before --judge-from: refused ({r.stderr.strip()})")

    # 2. Several trials, rolling selection: every choice recomputed from cut files.
    args = ["walkforward", "--data", DATA, "--folds", str(FOLDS), "--selection-candles", str(SELECTION),
            "--min-signals", str(MIN_SIGNALS), "--out", "kept.jsonl", "--report", "wf.md"]
    for trial in TRIALS:
        args += ["--try", trial]
    wf = run(args, tmp)
    check(wf.returncode == 0, f"walkforward exits 0: {wf.stderr}")
    chosen_by_tool = [int(m) for m in re.findall(r"^fold \d+ .*: trial (\d+) ", wf.stdout, re.M)]
    first = int(JUDGE_FROM * n)
    each, longer = divmod(n - first, FOLDS)
    bounds, begin = [], first
    for k in range(FOLDS):
        end = begin + each + (1 if k < longer else 0)
        bounds.append((max(0, begin - SELECTION), begin, end))
        begin = end
    check(len(chosen_by_tool) == FOLDS, f"one choice printed per fold ({chosen_by_tool})")
    selection_rows = selection_figures(os.path.join(tmp, "wf.md"))
    check(len(selection_rows) == FOLDS * len(TRIALS), f"a selection row per fold and trial ({len(selection_rows)})")
    trial_signals = {}
    for t, trial in enumerate(TRIALS):
        out = f"full{t}.jsonl"
        full = run(["backtest", "--data", DATA, "--out", out] + set_flags(trial), tmp)
        check(full.returncode == 0, f"backtest of trial {t + 1} exits 0: {full.stderr}")
        trial_signals[t] = [json.loads(line) for line in read_jsonl(os.path.join(tmp, out))] \
            if full.returncode == 0 else []
    expected_kept = []
    times = [int(r.split(",")[0]) for r in rows]
    for k, (sel, begin, end) in enumerate(bounds):
        cut = os.path.join(tmp, f"cut{k}.csv")
        with open(cut, "w") as f:
            f.write("\n".join([header] + rows[:begin]) + "\n")
        best, best_expectancy = None, None
        for t, trial in enumerate(TRIALS):
            # --judge-from as a fraction whose floor is exactly `sel` candles.
            r = run(["backtest", "--data", cut, "--symbol", "BTCUSDT", "--timeframe", "15m",
                     "--judge-from", repr((sel + 0.5) / begin)] + set_flags(trial), tmp)
            got = figures(r.stdout)
            rate = filter_rate(r.stdout)
            check(r.returncode == 0 and got is not None and rate is not None,
                  f"fold {k + 1} trial {t + 1}: backtest of the cut file runs: {r.stderr}")
            if got is None or rate is None:
                continue
            judged = got["wins"] + got["losses"] + got["expired"]
            # What the walk-forward saw before the fold is what the cut file holds: a signal whose
            # outcome the fold's candles decide is open here, and must be open there too.
            row = selection_rows.get((k + 1, t + 1))
            check(row is not None and row[0] == judged and abs(row[1] - got["expectancy_pct"]) <= 5.1e-5
                  and abs(row[2] - rate) <= 5.1e-5,
                  f"fold {k + 1} trial {t + 1}: selection figures {row} equal the cut file's "
                  f"({judged}, {got['expectancy_pct']:.4f}, {rate:.4f})")
            if judged >= MIN_SIGNALS and 0.60 <= rate <= 0.80 and \
                    (best is None or got["expectancy_pct"] > best_expectancy):
                best, best_expectancy = t, got["expectancy_pct"]
        expected = (best if best is not None else 0) + 1
        if k < len(chosen_by_tool):
            check(chosen_by_tool[k] == expected,
                  f"fold {k + 1}: chose trial {chosen_by_tool[k]}, the cut files say {expected}")
        lo, hi = times[begin], times[end - 1]
        expected_kept += [s for s in trial_signals[expected - 1] if lo <= s["candle_open_time_ms"] <= hi]
    check(len(set(chosen_by_tool)) > 1, f"the choice changes between folds here ({chosen_by_tool})")
    if wf.returncode == 0:
        kept = [json.loads(line) for line in read_jsonl(os.path.join(tmp, "kept.jsonl"))]
        check(len(kept) > 100, f"signals kept ({len(kept)})")
        check(kept == expected_kept,
              f"the kept signals are the chosen trials' own, fold by fold ({len(kept)} vs {len(expected_kept)})")
        report = open(os.path.join(tmp, "wf.md")).read()
        for title in ("## Folds", "## Selection figures", "## Each trial held fixed (hindsight)", "## Overall"):
            check(title in report, f"the report has {title}")

        # 3. The kept signals' figures, recomputed independently.
        check_recomputed("one stream", wf.stdout, os.path.join(tmp, "kept.jsonl"), [DATA], times[bounds[0][1]])

    # 4. Several streams: folds of calendar time over both, each choice on both pasts pooled.
    # A second stream: the same candles as ETHUSDT at a twentieth of the price, three days later.
    eth = os.path.join(tmp, "ETHUSDT_15m.csv")
    shift = 3 * 86_400_000
    with open(eth, "w") as f:
        f.write(header + "\n")
        for r in rows:
            c = r.split(",")
            f.write(",".join([str(int(c[0]) + shift)] + [repr(float(x) / 20) for x in c[1:5]] + c[5:]) + "\n")
    btc = os.path.join(tmp, "BTCUSDT_15m.csv")
    with open(btc, "w") as f:
        f.write("\n".join([header] + rows) + "\n")
    streams = [btc, eth]
    args = ["walkforward", "--data", btc, "--data", eth, "--folds", "3", "--min-signals", str(MIN_SIGNALS),
            "--out", "pooled.jsonl", "--report", "pooled.md"]
    for trial in TRIALS:
        args += ["--try", trial]
    pooled = run(args, tmp)
    check(pooled.returncode == 0, f"walkforward over two streams exits 0: {pooled.stderr}")
    chosen_by_tool = [int(m) for m in re.findall(r"^fold \d+ .*: trial (\d+) ", pooled.stdout, re.M)]
    stream_rows = {}
    for path in streams:
        with open(path) as f:
            stream_rows[path] = f.read().splitlines()[1:]
    first = min(int(stream_rows[p][0].split(",")[0]) for p in streams)
    end = max(int(stream_rows[p][-1].split(",")[0]) for p in streams) + 15 * 60_000
    step = (1 - JUDGE_FROM) / 3
    times = [first + int((JUDGE_FROM + step * k) * (end - first)) for k in range(3)] + [end]
    check(len(chosen_by_tool) == 3, f"one choice per calendar fold ({chosen_by_tool})")
    pooled_rows = selection_figures(os.path.join(tmp, "pooled.md"))
    full_signals = {}
    for path in streams:
        for t, trial in enumerate(TRIALS):
            out = os.path.join(tmp, f"{os.path.basename(path)}.{t}.jsonl")
            r = run(["backtest", "--data", path, "--out", out] + set_flags(trial), tmp)
            full_signals[(path, t)] = [json.loads(line) for line in read_jsonl(out)] if r.returncode == 0 else []
    expected_kept = []
    for k in range(3):
        best, best_expectancy = None, None
        for t, trial in enumerate(TRIALS):
            judged = 0
            return_sum = candidates = rejected = 0.0
            for path in streams:
                before = [r for r in stream_rows[path] if int(r.split(",")[0]) < times[k]]
                if not before:
                    continue
                cut = os.path.join(tmp, f"pooled_cut{k}_{os.path.basename(path)}")
                with open(cut, "w") as f:
                    f.write("\n".join([header] + before) + "\n")
                r = run(["backtest", "--data", cut, "--symbol", os.path.basename(path)[:7], "--timeframe", "15m"]
                        + set_flags(trial), tmp)
                got = figures(r.stdout)
                counts = filter_counts(r.stdout)
                check(got is not None and counts is not None, f"pooled fold {k + 1}: cut backtest runs: {r.stderr}")
                if got is None or counts is None:
                    continue
                n = got["wins"] + got["losses"] + got["expired"]
                judged += n
                return_sum += got["expectancy_pct"] * n
                rejected += counts[0]
                candidates += counts[1]
            expectancy = return_sum / judged if judged else 0
            rate = rejected / candidates if candidates else 0
            row = pooled_rows.get((k + 1, t + 1))
            check(row is not None and row[0] == judged and abs(row[1] - expectancy) <= 5.1e-5
                  and abs(row[2] - rate) <= 5.1e-5,
                  f"pooled fold {k + 1} trial {t + 1}: selection figures {row} equal the cut files' "
                  f"({judged}, {expectancy:.4f}, {rate:.4f})")
            if judged >= MIN_SIGNALS and 0.60 <= rate <= 0.80 and (best is None or expectancy > best_expectancy):
                best, best_expectancy = t, expectancy
        expected = (best if best is not None else 0) + 1
        if k < len(chosen_by_tool):
            check(chosen_by_tool[k] == expected,
                  f"pooled fold {k + 1}: chose trial {chosen_by_tool[k]}, the cut files pooled say {expected}")
        for path in streams:
            expected_kept += [s for s in full_signals[(path, expected - 1)]
                              if times[k] <= s["candle_open_time_ms"] < times[k + 1]]
    expected_kept.sort(key=lambda s: s["candle_open_time_ms"])  # stable: BTC before ETH at equal times
    if pooled.returncode == 0:
        kept = [json.loads(line) for line in read_jsonl(os.path.join(tmp, "pooled.jsonl"))]
        check(len({s["symbol"] for s in kept}) == 2, "signals of both streams kept")
        check(kept == expected_kept,
              f"pooled: the kept signals are the chosen trials' own, in time order ({len(kept)} vs {len(expected_kept)})")
        check_recomputed("two streams", pooled.stdout, os.path.join(tmp, "pooled.jsonl"), [btc, eth], times[0])

    # 4b. Several streams from a UTC date: with one trial the kept signals are each stream's
    # backtest from that date, merged in time order (BTCUSDT first among equal times, as given),
    # and the first calendar fold starts at the date itself.
    pooled_date = run(["walkforward", "--data", btc, "--data", eth, "--try", "", "--folds", "3",
                       "--judge-from", date, "--out", "pooled_date.jsonl"], tmp)
    check(pooled_date.returncode == 0, f"two streams from {date} exit 0: {pooled_date.stderr}")
    merged = []
    for order, path in enumerate(streams):
        out = os.path.join(tmp, f"date_{os.path.basename(path)}.jsonl")
        r = run(["backtest", "--data", path, "--judge-from", date, "--out", out], tmp)
        check(r.returncode == 0, f"backtest of {os.path.basename(path)} from {date} exits 0: {r.stderr}")
        if r.returncode == 0:
            merged += [(json.loads(line)["candle_open_time_ms"], order, i, line)
                       for i, line in enumerate(read_jsonl(out))]
    if pooled_date.returncode == 0:
        kept = read_jsonl(os.path.join(tmp, "pooled_date.jsonl"))
        expected = [line for *_, line in sorted(merged)]
        check(len(kept) > 100 and kept == expected,
              f"two streams from {date}: the kept signals are both backtests from it ({len(kept)} vs {len(expected)})")
        iso = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(midnight / 1000))
        check(re.search(rf"^fold 1 +{re.escape(iso)} \.\. ", pooled_date.stdout, re.M) is not None,
              f"two streams: fold 1 starts at {iso}")
    r = run(["walkforward", "--data", btc, "--data", eth, "--try", "", "--judge-from", "2099-01-01"], tmp)
    check(r.returncode == 2 and "2099-01-01" in r.stderr,
          f"two streams from a date after their span: refused naming it ({r.stderr.strip()})")

    # 4c. Two streams from a date to a date: with one trial, the backtest of both files over
    # the same dates (several streams judged together), line for line, baseline included.
    check_equals_backtest(f"two streams, {date} to {end_date}", ["--data", btc, "--data", eth],
                          ["--judge-from", date, "--judge-to", end_date], tmp, 60)

    # 5. Bad input is refused before anything runs, naming what is wrong.
    r = run(["walkforward", "--data", DATA], tmp)
    check(r.returncode != 0 and "--try" in r.stderr, f"no trial: refused naming --try ({r.stderr.strip()})")
    r = run(["walkforward", "--data", DATA, "--try", "", "--try", "stop_min_atx=2"], tmp)
    check(r.returncode == 2 and "stop_min_atx" in r.stderr, f"unknown key: refused naming it ({r.stderr.strip()})")
    r = run(["walkforward", "--data", DATA, "--try", "fee_rate_per_side=0.0005"], tmp)
    check(r.returncode == 2 and "fee_rate_per_side" in r.stderr, f"a trial's fee: refused ({r.stderr.strip()})")
    r = run(["walkforward", "--data", DATA, "--try", "", "--folds", "999"], tmp)
    check(r.returncode == 0, "999 folds of 3,750 candles run")
    r = run(["walkforward", "--data", DATA, "--try", "", "--folds", "1000", "--judge-from", "0.9"], tmp)
    check(r.returncode == 2 and "folds" in r.stderr, f"more folds than candles: refused ({r.stderr.strip()})")
    r = run(["walkforward", "--data", btc, "--data", eth, "--try", "", "--selection-candles", "100"], tmp)
    check(r.returncode == 2 and "--selection-candles" in r.stderr,
          f"a rolling selection over several streams: refused ({r.stderr.strip()})")
    r = run(["walkforward", "--data", btc, "--data", eth, "--try", "", "--symbol", "BTCUSDT"], tmp)
    check(r.returncode == 2 and "one symbol" in r.stderr, f"--symbol with two streams: refused ({r.stderr.strip()})")

finish()

#!/usr/bin/env python3
"""`alphapulse backtest` figures equal an independent recomputation from its own JSONL."""
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

from checks import agrees, baseline_figures, check, figures, filter_counts, finish, same_baseline, same_figures

BINARY, DATA, EVALUATE = sys.argv[1:4]


def table_rows(markdown, title):
    """The rows of the first table under `## title`, keyed by their first cell."""
    if "## " + title not in markdown:
        return {}
    lines = markdown.split("## " + title)[1].split("\n## ")[0].splitlines()
    rule = next((k for k, line in enumerate(lines) if line.startswith("|---")), len(lines))
    return {cells[1].strip(): [c.strip() for c in cells[2:-1]]
            for cells in (row.split("|") for row in lines[rule + 1:] if row.startswith("| "))}


with tempfile.TemporaryDirectory() as tmp:
    signals = os.path.join(tmp, "signals.jsonl")
    report = os.path.join(tmp, "report.md")
    candidates_path = os.path.join(tmp, "candidates.jsonl")
    run = subprocess.run([BINARY, "backtest", "--data", DATA, "--symbol", "BTCUSDT", "--timeframe", "15m",
                          "--out", signals, "--report", report, "--candidates-out", candidates_path],
                         capture_output=True, text=True)
    check(run.returncode == 0, f"backtest exits 0: {run.stderr}")
    ours = figures(run.stdout)
    check(ours is not None, "backtest prints its figures line")
    independent = subprocess.run([sys.executable, EVALUATE, signals, DATA, "--risk", "--baseline"],
                                 capture_output=True, text=True)
    check(independent.returncode == 0, f"evaluate_signals.py exits 0: {independent.stderr}")
    theirs = figures(independent.stdout)
    check(theirs is not None, "evaluate_signals.py prints its figures line")
    # The random baseline, redrawn by the script's own code from the documented rule: twin for
    # twin the same draws, so the same wins and returns.
    check(same_baseline(baseline_figures(run.stdout), baseline_figures(independent.stdout)),
          f"the baseline equals evaluate_signals.py --baseline's ({baseline_figures(run.stdout)} vs "
          f"{baseline_figures(independent.stdout)})")
    if ours and theirs:
        check(ours["wins"] + ours["losses"] + ours["expired"] > 10, "enough judged signals to mean something")
        for key in ("wins", "losses", "expired", "open"):
            check(ours[key] == theirs[key], f"{key}: {ours[key]} vs {theirs[key]}")
        for key in ("accuracy", "expectancy_pct"):
            check(agrees(ours[key], theirs[key]), f"{key}: {ours[key]} vs {theirs[key]}")
    # The trade-sequence figures, as printed (3 and 2 decimals), against the script's --risk line.
    taking = re.search(r"profit factor ([0-9.]+), max drawdown ([0-9.]+)% .*longest losing streak ([0-9]+)",
                       run.stdout)
    risk = re.search(r"profit_factor (\S+) max_drawdown_pct (\S+) longest_losing_streak (\d+) "
                     r"expectancy_se_pct (\S+)", independent.stdout)
    check(taking is not None and risk is not None, "both print the trade-sequence figures")
    if taking and risk:
        check(abs(float(taking[1]) - float(risk[1])) <= 0.0005 + 1e-9, f"profit factor: {taking[1]} vs {risk[1]}")
        check(abs(float(taking[2]) - float(risk[2])) <= 0.005 + 1e-9, f"max drawdown: {taking[2]} vs {risk[2]}")
        check(taking[3] == risk[3], f"longest losing streak: {taking[3]} vs {risk[3]}")
        # The expectancy's standard error, as printed (4 decimals).
        se = re.search(r"^expectancy standard error ([0-9.]+)% of entry", run.stdout, re.M)
        check(se is not None and abs(float(se[1]) - float(risk[4])) <= 0.00005 + 1e-12,
              f"expectancy standard error: {se[1] if se else None} vs {risk[4]}")
        check(float(risk[2]) > 0, "the sample run has a drawdown to compare")

    with open(signals) as f:
        rows = [json.loads(line) for line in f]
    # The checker refuses what it cannot read, naming the file and line.
    broken = os.path.join(tmp, "broken.jsonl")
    with open(signals) as f, open(broken, "w") as out:
        lines = f.readlines()
        out.writelines(lines[:3] + ['{"signal_id": "no-levels"}\n'] + lines[3:])
    refused = subprocess.run([sys.executable, EVALUATE, broken, DATA], capture_output=True, text=True)
    check(refused.returncode == 2 and "broken.jsonl:4: missing field(s)" in refused.stderr,
          f"evaluate_signals.py names a bad line: {refused.returncode} {refused.stderr!r}")
    fields = ["signal_id", "symbol", "timeframe", "direction", "confidence", "entry_price", "tp1", "tp2", "tp3",
              "tp4", "stop_loss", "risk_reward_ratio", "pattern_type", "volume_confirmation", "trend_alignment",
              "market_regime", "indicators", "validation_metrics", "timestamp", "outcome", "candle_open_time_ms"]
    check(all(list(r.keys()) == fields for r in rows), "every JSONL object has exactly the contract's fields")
    check(len({r["signal_id"] for r in rows}) == len(rows), "signal ids are unique")
    check(all(r["symbol"] == "BTCUSDT" and r["timeframe"] == "15m" for r in rows), "symbol and timeframe spelled as Binance")
    with open(report) as f:
        markdown = f.read()
    check("filter" in markdown.lower(), "the Markdown report shows the filter rate")
    # By confidence: each tenth's signals and accuracy, recomputed from the JSONL's confidence
    # and outcome fields.
    bands = {}
    for r in rows:
        tenth = min(9, int(r["confidence"] * 10))
        band = f"0.{tenth}0-" + ("1.00" if tenth == 9 else f"0.{tenth + 1}0")
        tally = bands.setdefault(band, {"signals": 0, "wins": 0, "judged": 0})
        tally["signals"] += 1
        if r.get("outcome") in ("win", "loss", "expired"):
            tally["judged"] += 1
            tally["wins"] += r["outcome"] == "win"
    reported = table_rows(markdown, "By confidence")
    check(set(reported) == set(bands), f"the confidence bands are the JSONL's: {sorted(reported)} vs {sorted(bands)}")
    for band, tally in bands.items():
        cells = reported.get(band)
        if cells is None:
            continue
        accuracy = 100 * tally["wins"] / tally["judged"] if tally["judged"] else None
        check(int(cells[0]) == tally["signals"] and
              (accuracy is None or abs(float(cells[7].rstrip("%")) - accuracy) < 0.006),
              f"band {band}: {cells[0]} signals at {cells[7]} in the report, {tally} in the JSONL")

    # Another fee tier (fee_rate_per_side): the backtest's figures and the script's, told the same
    # rate, agree; the report says the rate is not the contract's; only the returns move.
    fee_signals = os.path.join(tmp, "fee.jsonl")
    fee_report = os.path.join(tmp, "fee.md")
    run_fee = subprocess.run([BINARY, "backtest", "--data", DATA, "--symbol", "BTCUSDT", "--timeframe", "15m",
                              "--set", "fee_rate_per_side=0.00075", "--out", fee_signals, "--report", fee_report],
                             capture_output=True, text=True)
    check(run_fee.returncode == 0, f"backtest with fee_rate_per_side exits 0: {run_fee.stderr}")
    at_fee = figures(run_fee.stdout)
    script_fee = subprocess.run([sys.executable, EVALUATE, fee_signals, DATA, "--fee-rate=0.00075"],
                                capture_output=True, text=True)
    theirs_fee = figures(script_fee.stdout)
    check(at_fee is not None and theirs_fee is not None and
          abs(at_fee["expectancy_pct"] - theirs_fee["expectancy_pct"]) < 1e-9 and
          at_fee["accuracy"] == theirs_fee["accuracy"],
          f"at a 0.075% fee the backtest and the script agree: {at_fee} vs {theirs_fee}")
    check(at_fee is not None and ours is not None and at_fee["accuracy"] == ours["accuracy"] and
          at_fee["expectancy_pct"] > ours["expectancy_pct"] + 0.04,
          f"a lower fee changes returns, not outcomes: {at_fee} vs {ours}")
    with open(fee_report) as f:
        check("after 0.075% (not EVALUATION.md's 0.1%) fees per side" in f.read(),
              "the report names the fee rate it used")

    # By direction: one row per direction present, whose signal counts add up to every signal.
    counts = {direction: int(cells[0]) for direction, cells in table_rows(markdown, "By direction").items()}
    check(counts.get("long", 0) == sum(r["direction"] == "long" for r in rows) and
          counts.get("short", 0) == sum(r["direction"] == "short" for r in rows) and sum(counts.values()) == len(rows),
          f"the report's direction rows count the JSONL's longs and shorts: {counts}")

    # The filter check: the accepted candidates are the signals (their row is the Overall row,
    # cell for cell), and the verdict rows account for every candidate of the Filter table.
    overall_rows = table_rows(markdown, "Overall")  # keyed by its first cell, the signal count
    overall = next(([count] + cells for count, cells in overall_rows.items()), None)
    verdicts = table_rows(markdown, "Filter check: every candidate judged as if signalled")
    check("accepted" in verdicts and overall is not None, f"the report has a filter check: {list(verdicts)}")
    if "accepted" in verdicts and overall is not None:
        check(verdicts["accepted"] == overall, f"accepted candidates = signals: {verdicts['accepted']} vs {overall}")
        filter_row = markdown.split("| candidates | rejected | filter rate |")[1].splitlines()[2].split("|")
        candidates, rejected = int(filter_row[1]), int(filter_row[2])
        no_trade = int(re.search(r"(\d+) candidate\(s\) had levels that make no trade", markdown)[1])
        check(int(verdicts["accepted"][0]) + int(verdicts.get("rejected", ["0"])[0]) + no_trade == candidates,
              f"accepted + rejected + no trade = {candidates} candidates")
        reasons = {row.split("|")[1].strip(): int(row.split("|")[2]) for row in markdown.splitlines()
                   if re.match(r"\| [a-z_]+ \| \d+ \|$", row)}
        by_reason = {k[len("rejected: "):]: int(v[0]) for k, v in verdicts.items() if k.startswith("rejected: ")}
        check(sum(by_reason.values()) == int(verdicts.get("rejected", ["0"])[0]) and
              all(by_reason[r] <= reasons.get(r, 0) for r in by_reason) and rejected == sum(reasons.values()),
              f"rejection reason rows {by_reason} within the reasons counted {reasons}")

        # Every verdict row, recomputed by the script from the candidates export: the same judged
        # candidates, wins and expectancy (as printed, 4 decimals) for each group.
        recomputed = subprocess.run([sys.executable, EVALUATE, candidates_path, DATA, "--by-verdict"],
                                    capture_output=True, text=True)
        check(recomputed.returncode == 0, f"evaluate_signals.py --by-verdict exits 0: {recomputed.stderr}")
        groups = {m[1]: (int(m[2]), int(m[3]), float(m[4])) for m in re.finditer(
            r"^verdict (\S+) accuracy \S+ wins (\d+) judged (\d+) expectancy_pct (\S+)$", recomputed.stdout, re.M)}
        check(len(groups) == len(verdicts) >= 3, f"one recomputed group per verdict row: {sorted(groups)}")
        for name, cells in verdicts.items():
            wins, judged, expectancy = groups.get(name.replace(": ", ":"), (None, None, float("nan")))
            check(wins == int(cells[4]) and judged == int(cells[1]) and
                  abs(expectancy - float(cells[9])) <= 0.00005 + 1e-9,
                  f"{name}: recomputed wins {wins}, judged {judged}, expectancy {expectancy} vs the report's {cells}")
        # The accepted candidates are the exported signals, field for field.
        with open(candidates_path) as f:
            exported = [json.loads(line) for line in f]
        with open(signals) as f:
            signal_rows = {r["signal_id"]: r for r in map(json.loads, f)}
        accepted = {r["signal_id"]: {k: v for k, v in r.items() if k not in ("accepted", "rejection_reason")}
                    for r in exported if r["accepted"]}
        check(accepted == signal_rows and all(r["rejection_reason"] is None for r in exported if r["accepted"]),
              f"the accepted candidates are the signals ({len(accepted)} vs {len(signal_rows)})")
        check(all(isinstance(r["rejection_reason"], str) for r in exported if not r["accepted"]),
              "every rejected candidate names its reason")
        # Written as they are judged: the count printed is the lines written, and a disk that
        # fills is an error, not a silently short export.
        wrote = re.search(r"^wrote +\S+ \((\d+) candidates with a trade\)$", run.stdout, re.M)
        check(wrote is not None and int(wrote[1]) == len(exported) > 0,
              f"the printed count of candidates is the lines written ({wrote and wrote[1]} vs {len(exported)})")
    # Both exports are written as they are judged: the printed count of signals is the lines
    # written, and a disk that fills under either export is an error, not a short file.
    wrote = re.search(r"^wrote +\S+ \((\d+) signals\)$", run.stdout, re.M)
    with open(signals) as f:
        signal_lines = sum(1 for _ in f)
    check(wrote is not None and int(wrote[1]) == signal_lines > 0,
          f"the printed count of signals is the lines written ({wrote and wrote[1]} vs {signal_lines})")
    if os.path.exists("/dev/full"):
        for flag in ("--out", "--candidates-out"):
            full = subprocess.run([BINARY, "backtest", "--data", DATA, flag, "/dev/full"],
                                  capture_output=True, text=True)
            check(full.returncode == 2 and "error: writing /dev/full failed" in full.stderr,
                  f"a full disk under {flag} is reported: {full.returncode} {full.stderr!r}")

# The walk-forward split: the pipeline runs over every candle either way, so judging from the
# middle keeps exactly the full run's signals from the middle candle on; judging from the end
# judges nothing and counts no candidate.
with tempfile.TemporaryDirectory() as tmp:
    def backtest_signals(judge_from):
        out = os.path.join(tmp, f"signals_{judge_from}.jsonl")
        run = subprocess.run([BINARY, "backtest", "--data", DATA, "--symbol", "BTCUSDT", "--timeframe", "15m",
                              "--judge-from", str(judge_from), "--out", out], capture_output=True, text=True)
        check(run.returncode == 0, f"backtest --judge-from {judge_from} exits 0: {run.stderr}")
        with open(out) as f:
            return [json.loads(line) for line in f], run.stdout
    with open(DATA) as f:
        open_times = [int(line.split(",")[0]) for line in f.readlines()[1:] if line.strip()]
    middle = open_times[len(open_times) // 2]
    everything, _ = backtest_signals(0)
    second_half, text_half = backtest_signals(0.5)
    expected = [r["signal_id"] for r in everything if r["candle_open_time_ms"] >= middle]
    check(len(expected) > 10 and [r["signal_id"] for r in second_half] == expected,
          f"--judge-from 0.5 keeps the full run's signals from the middle candle on ({len(second_half)} vs {len(expected)})")
    nothing, text = backtest_signals(1)
    check(nothing == [] and "filter rate n/a (0 rejected of 0 candidates)" in text,
          "--judge-from 1 judges no signal and counts no candidate")
    # A date: the same split from the first candle opening at or after it (a UTC instant, or a
    # day's midnight), figures and all.
    def iso(ms):
        return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    by_time, time_text = backtest_signals(iso(middle))
    by_instant_before, before_text = backtest_signals(iso(middle - 60_000))  # a minute before
    figures_line = lambda t: [line for line in t.splitlines() if line.startswith("accuracy ")]
    check(by_time == second_half and by_instant_before == second_half and
          figures_line(time_text) == figures_line(text_half) != [],
          f"--judge-from {iso(middle)} (and a minute before it) judges what --judge-from 0.5 does")
    day = iso(middle)[:10]
    first_of_day = next(t for t in open_times if iso(t)[:10] == day)
    by_day, _ = backtest_signals(day)
    check([r["signal_id"] for r in by_day] ==
          [r["signal_id"] for r in everything if r["candle_open_time_ms"] >= first_of_day],
          f"--judge-from {day} judges from that day's first candle on")
    refused = subprocess.run([BINARY, "backtest", "--data", DATA, "--judge-from", "2024-13-01"],
                             capture_output=True, text=True)
    check(refused.returncode != 0 and "'2024-13-01' is not a fraction of the candles from 0 to 1, or a UTC date"
          in refused.stderr, f"a date that is none is refused: {refused.stderr!r}")
    late = subprocess.run([BINARY, "backtest", "--data", DATA, "--judge-from", "2099-01-01"], capture_output=True,
                          text=True)
    check(late.returncode == 0 and "judged span none: no candle opens at or after" in late.stdout and
          "signals 0:" in late.stdout, f"a date after the data judges nothing and says so: {late.stdout[-300:]!r}")
    empty = os.path.join(tmp, "BTCUSDT_15m.csv")
    with open(DATA) as f, open(empty, "w") as out:
        out.write(f.readline())  # the header alone
    nothing_at_all = subprocess.run([BINARY, "backtest", "--data", empty, "--judge-from", "2099-01-01"],
                                    capture_output=True, text=True)
    check(nothing_at_all.returncode == 0 and "signals 0:" in nothing_at_all.stdout,
          f"a file without candles judges nothing: {nothing_at_all.returncode} {nothing_at_all.stderr[-300:]!r}")

# The span's end (--judge-to): the signals and candidates of [from, to) are the open-ended run's
# from the same start, line for line and outcomes included (the candles after the span still
# finish their walks, so none is left open for want of candles); the candidates before and
# from the date add up to the open-ended run's; an end not after the start is refused.
with tempfile.TemporaryDirectory() as tmp:
    def backtest_span(*span):
        name = "_".join(a.replace(":", "") for a in span)
        out, cands = os.path.join(tmp, f"s_{name}.jsonl"), os.path.join(tmp, f"c_{name}.jsonl")
        run = subprocess.run([BINARY, "backtest", "--data", DATA, "--symbol", "BTCUSDT", "--timeframe", "15m",
                              *span, "--out", out, "--candidates-out", cands], capture_output=True, text=True)
        check(run.returncode == 0, f"backtest {' '.join(span)} exits 0: {run.stderr}")
        if run.returncode != 0:
            return [], [], run.stdout
        with open(out) as f, open(cands) as g:
            return f.read().splitlines(), g.read().splitlines(), run.stdout
    with open(DATA) as f:
        open_times = [int(line.split(",")[0]) for line in f.readlines()[1:] if line.strip()]
    end_day = datetime.datetime.fromtimestamp(open_times[len(open_times) * 3 // 4] / 1000,
                                              datetime.timezone.utc).strftime("%Y-%m-%d")
    end_ms = int(datetime.datetime.strptime(end_day, "%Y-%m-%d").replace(
        tzinfo=datetime.timezone.utc).timestamp() * 1000)
    time_of = lambda line: json.loads(line)["candle_open_time_ms"]
    open_signals, open_candidates, _ = backtest_span("--judge-from", "0.25")
    bounded, bounded_candidates, bounded_text = backtest_span("--judge-from", "0.25", "--judge-to", end_day)
    expected = [line for line in open_signals if time_of(line) < end_ms]
    check(10 < len(expected) < len(open_signals) and bounded == expected,
          f"--judge-to {end_day}: the open-ended run's signals before it, line for line "
          f"({len(bounded)} vs {len(expected)} of {len(open_signals)})")
    check(bounded_candidates == [line for line in open_candidates if time_of(line) < end_ms],
          f"--judge-to {end_day}: the open-ended run's candidates before it, line for line")
    ours = figures(bounded_text)
    with open(os.path.join(tmp, "bounded.jsonl"), "w") as f:
        f.write("\n".join(bounded) + "\n")
    first_judged = open_times[int(0.25 * len(open_times))]
    script = subprocess.run([sys.executable, EVALUATE, os.path.join(tmp, "bounded.jsonl"), DATA, "--baseline",
                             f"--span-from={first_judged}", f"--span-to={end_ms}"], capture_output=True, text=True)
    theirs = figures(script.stdout)
    check(same_baseline(baseline_figures(bounded_text), baseline_figures(script.stdout)),
          f"--judge-to: the baseline, twins drawn inside the span, equals the script's "
          f"({baseline_figures(bounded_text)} vs {baseline_figures(script.stdout)})")
    check(ours is not None and ours == theirs and ours["open"] == 0,
          f"--judge-to: the figures equal evaluate_signals.py's, none left open ({ours} vs {theirs})")
    check(re.search(rf"judged span \S+ \.\. {end_day[:8]}\S+ .*only finished its walks", bounded_text) is not None,
          "--judge-to: the judged span's line says where it ends and what the later candles did")
    # The filter check's accepted candidates are the signals, baselines drawn from the same span.
    summary_edge = re.search(r"^accuracy [0-9.]+% vs baseline [0-9.]+% \(edge ([-+0-9.]+) pp", bounded_text, re.M)
    accepted_edge = re.search(r"^filter check accepted [0-9.]+% \(edge ([-+0-9.]+) pp", bounded_text, re.M)
    check(summary_edge is not None and accepted_edge is not None and summary_edge[1] == accepted_edge[1],
          f"--judge-to: the filter check's accepted edge is the signals' edge "
          f"({accepted_edge and accepted_edge[1]} vs {summary_edge and summary_edge[1]})")
    _, _, after_text = backtest_span("--judge-from", end_day)
    _, _, open_text = backtest_span("--judge-from", "0.25")
    counts = [filter_counts(text) for text in (bounded_text, after_text, open_text)]
    check(None not in counts and [a + b for a, b in zip(counts[0], counts[1])] == counts[2],
          f"--judge-to: candidates and rejections before and from {end_day} add up to the open-ended run's "
          f"({counts})")
    # A date and a fraction that cross on the candles: an empty span, said so, nothing judged.
    crossed = subprocess.run([BINARY, "backtest", "--data", DATA, "--judge-from", end_day, "--judge-to", "0.25"],
                             capture_output=True, text=True)
    check(crossed.returncode == 0 and "judged span none: no candle opens between" in crossed.stdout and
          "signals 0:" in crossed.stdout, f"crossed bounds judge nothing and say so: {crossed.stdout[-400:]!r}")
    backwards = subprocess.run([BINARY, "backtest", "--data", DATA, "--judge-from", end_day, "--judge-to",
                                iso(open_times[len(open_times) // 2])], capture_output=True, text=True)
    check(backwards.returncode == 2 and "--judge-to" in backwards.stderr and "nothing to judge" in backwards.stderr,
          f"--judge-to's date before --judge-from's is refused naming it: {backwards.stderr.strip()!r}")
    refused = subprocess.run([BINARY, "backtest", "--data", DATA, "--judge-to", "2024-13-01"],
                             capture_output=True, text=True)
    check(refused.returncode != 0 and "'2024-13-01' is not" in refused.stderr,
          f"--judge-to: a date that is none is refused: {refused.stderr.strip()!r}")

# Several --data files are one stream in pieces: the sample cut in two (overlapping by 100
# candles, one of them conflicting) gives the whole file's signals.
with tempfile.TemporaryDirectory() as tmp:
    with open(DATA) as f:
        header, *body = f.read().splitlines()
    first, second = os.path.join(tmp, "BTCUSDT_15m_a.csv"), os.path.join(tmp, "BTCUSDT_15m_b.csv")
    half = len(body) // 2
    # One candle of the overlap differs in the piece given second: counted as a conflict, and
    # the piece given first wins, so the signals stay the whole file's.
    altered = body[:half + 100]
    cells = altered[half + 50].split(",")
    cells[5] = repr(float(cells[5]) * 2)
    altered[half + 50] = ",".join(cells)
    for path, part in ((first, altered), (second, body[half:])):
        with open(path, "w") as f:
            f.write("\n".join([header] + part) + "\n")
    outputs = {}
    for name, files in (("whole", [DATA]), ("pieces", [second, first])):
        out = os.path.join(tmp, name + ".jsonl")
        args = [BINARY, "backtest", "--symbol", "BTCUSDT", "--timeframe", "15m", "--out", out]
        for path in files:
            args += ["--data", path]
        done = subprocess.run(args, capture_output=True, text=True)
        check(done.returncode == 0, f"backtest of the {name} exits 0: {done.stderr}")
        outputs[name] = open(out).read() if done.returncode == 0 else None
        if name == "pieces":
            check("merged      100 duplicate open times across files dropped" in done.stdout,
                  f"the overlap is counted: {done.stdout.splitlines()[:3]}")
            check("warning: 1 of them had other prices or volume than the candle kept" in done.stderr,
                  f"the conflicting duplicate is reported: {done.stderr!r}")
    check(outputs["whole"] is not None and outputs["whole"] == outputs["pieces"],
          "the file in two pieces (given in either order) gives the whole file's signals, byte for byte")

# Files of several symbols or timeframes are several streams, each through its own pipeline as
# live: the pooled run's signals and candidates are each stream's own backtest's (same options),
# merged in time order (streams in the order given among equal times), line for line; its
# figures equal tools/evaluate_signals.py's over both files; its "By stream" rows equal each
# stream's own Overall row, baseline and standard errors included (each stream's twins drawn
# from its own judged span); the filter counts add up. The second stream: the sample as ETHUSDT
# at a twentieth of the price, twenty days and a quarter of an hour later. A span of dates that
# misses one stream's candles leaves it empty, not the run refused.
with tempfile.TemporaryDirectory() as tmp:
    with open(DATA) as f:
        header, *body = f.read().splitlines()
    btc, eth = os.path.join(tmp, "BTCUSDT_15m.csv"), os.path.join(tmp, "ETHUSDT_15m.csv")
    with open(btc, "w") as f:
        f.write("\n".join([header] + body) + "\n")
    shift = 20 * 86_400_000 + 15 * 60_000
    with open(eth, "w") as f:
        f.write(header + "\n")
        for row in body:
            c = row.split(",")
            f.write(",".join([str(int(c[0]) + shift)] + [repr(float(x) / 20) for x in c[1:5]] + c[5:]) + "\n")
    times = [int(row.split(",")[0]) for row in body]
    iso = lambda ms: datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    span = ["--judge-from", iso(times[len(times) // 4]), "--judge-to", iso(times[len(times) * 4 // 5])]

    def backtest(name, files):
        args = [BINARY, "backtest"]
        for path in files:
            args += ["--data", path]
        out, cands, md = (os.path.join(tmp, f"{name}.{ext}") for ext in ("jsonl", "cands.jsonl", "md"))
        run = subprocess.run(args + span + ["--out", out, "--candidates-out", cands, "--report", md],
                             capture_output=True, text=True)
        check(run.returncode == 0, f"backtest {name} exits 0: {run.stderr}")
        if run.returncode != 0:
            return [], [], "", ""
        with open(out) as f, open(cands) as g, open(md) as h:
            return f.read().splitlines(), g.read().splitlines(), h.read(), run.stdout
    alone = {name: backtest(name, [path]) for name, path in (("btc", btc), ("eth", eth))}
    pooled, pooled_candidates, pooled_md, pooled_text = backtest("pooled", [btc, eth])
    merge = lambda k: [line for *_, line in sorted((json.loads(line)["candle_open_time_ms"], order, i, line)
                                                   for order, name in enumerate(("btc", "eth"))
                                                   for i, line in enumerate(alone[name][k]))]
    check(len(alone["eth"][0]) > 10 and pooled == merge(0),
          f"two streams: the signals are both streams' own, merged in time order ({len(pooled)})")
    check(len(pooled_candidates) > len(pooled) and pooled_candidates == merge(1),
          f"two streams: the candidates are both streams' own, merged in time order ({len(pooled_candidates)})")
    with open(os.path.join(tmp, "check.jsonl"), "w") as f:
        f.write("\n".join(pooled) + "\n")
    script = subprocess.run([sys.executable, EVALUATE, os.path.join(tmp, "check.jsonl"), btc, eth, "--baseline",
                             f"--span-from={times[len(times) // 4]}", f"--span-to={times[len(times) * 4 // 5]}"],
                            capture_output=True, text=True)
    theirs = figures(script.stdout)
    check(same_baseline(baseline_figures(pooled_text), baseline_figures(script.stdout)),
          f"two streams: the baseline, each stream's twins drawn inside its span, equals the script's "
          f"({baseline_figures(pooled_text)} vs {baseline_figures(script.stdout)})")
    ours = figures(pooled_text)
    check(same_figures(ours, theirs),
          f"two streams: the figures equal evaluate_signals.py's over both files ({ours} vs {theirs})")
    by_stream = table_rows(pooled_md, "By stream")
    for name, key in (("btc", "BTCUSDT 15m"), ("eth", "ETHUSDT 15m")):
        own_overall = list(table_rows(alone[name][2], "Overall").items())
        own_row = [own_overall[0][0]] + own_overall[0][1] if own_overall else None
        check(own_row is not None and by_stream.get(key) == own_row,
              f"two streams: the {key} row is its own backtest's Overall row ({by_stream.get(key)} vs {own_row})")
    counts = [filter_counts(text) for text in (pooled_text, alone["btc"][3], alone["eth"][3])]
    check(None not in counts and counts[0] == [a + b for a, b in zip(counts[1], counts[2])],
          f"two streams: candidates and rejections add up over the streams ({counts})")
    check("# Backtest: BTCUSDT 15m, ETHUSDT 15m" in pooled_md and
          re.search(r"^judged span ETHUSDT 15m: ", pooled_text, re.M) is not None,
          "two streams: the report and the summary name both")
    # After BTCUSDT's last candle only ETHUSDT trades: the pooled run is ETHUSDT's alone.
    span = ["--judge-from", iso(times[-1] + 15 * 60_000), "--judge-to", iso(times[-1] + shift)]
    eth_late, _, _, _ = backtest("eth_late", [eth])
    late, _, _, late_text = backtest("late", [btc, eth])
    check(len(eth_late) > 10 and late == eth_late and
          "judged span BTCUSDT 15m: none: no candle opens at or after" in late_text,
          f"a span after one stream's candles judges the other alone ({len(late)} vs {len(eth_late)})")
    # Before ETHUSDT's first candle only BTCUSDT does; the span of dates is no error for either.
    span = ["--judge-from", iso(times[len(times) // 10]), "--judge-to", iso(times[0] + shift)]
    btc_early, _, _, _ = backtest("btc_early", [btc])
    early, _, _, early_text = backtest("early", [btc, eth])
    check(len(btc_early) > 10 and early == btc_early and
          "judged span ETHUSDT 15m: none: no candle opens between the --judge-from and --judge-to" in early_text,
          f"a span before one stream's candles judges the other alone ({len(early)} vs {len(btc_early)})")
    for bad, words in ((["--judge-from", iso(times[-1]), "--judge-to", iso(times[0])], "is not after --judge-from"),
                       (["--judge-from", "0.6", "--judge-to", "0.4"], "--judge-to 0.4 is not after --judge-from 0.6")):
        done = subprocess.run([BINARY, "backtest", "--data", btc, "--data", eth] + bad, capture_output=True, text=True)
        check(done.returncode == 2 and words in done.stderr,
              f"bounds out of order ({' '.join(bad)}) are refused before anything runs: {done.stderr.strip()!r}")
    nameless = os.path.join(tmp, "prices.csv")
    with open(nameless, "w") as f:
        f.write("\n".join([header] + body[:300]) + "\n")
    done = subprocess.run([BINARY, "backtest", "--data", btc, "--data", nameless], capture_output=True, text=True)
    check(done.returncode == 2 and "--symbol and --timeframe" in done.stderr and "prices.csv" in done.stderr,
          f"a file whose name says no stream, beside others, is refused naming it: {done.stderr.strip()!r}")

finish()

#!/usr/bin/env python3
"""`alphapulse backtest` figures equal an independent recomputation from its own JSONL."""
import json
import os
import re
import subprocess
import sys
import tempfile

from checks import check, finish

BINARY, DATA, EVALUATE = sys.argv[1:4]


def figures(text):
    for line in text.splitlines():
        if line.startswith("accuracy ") and " wins " in line:
            parts = line.split()
            return {parts[i]: float(parts[i + 1]) for i in range(0, len(parts) - 1, 2)}
    return None


with tempfile.TemporaryDirectory() as tmp:
    signals = os.path.join(tmp, "signals.jsonl")
    report = os.path.join(tmp, "report.md")
    run = subprocess.run([BINARY, "backtest", "--data", DATA, "--symbol", "BTCUSDT", "--timeframe", "15m",
                          "--out", signals, "--report", report], capture_output=True, text=True)
    check(run.returncode == 0, f"backtest exits 0: {run.stderr}")
    ours = figures(run.stdout)
    check(ours is not None, "backtest prints its figures line")
    independent = subprocess.run([sys.executable, EVALUATE, signals, DATA, "--risk"], capture_output=True,
                                 text=True)
    check(independent.returncode == 0, f"evaluate_signals.py exits 0: {independent.stderr}")
    theirs = figures(independent.stdout)
    check(theirs is not None, "evaluate_signals.py prints its figures line")
    if ours and theirs:
        check(ours["wins"] + ours["losses"] + ours["expired"] > 10, "enough judged signals to mean something")
        for key in ("wins", "losses", "expired", "open"):
            check(ours[key] == theirs[key], f"{key}: {ours[key]} vs {theirs[key]}")
        for key in ("accuracy", "expectancy_pct"):
            check(abs(ours[key] - theirs[key]) <= 1e-9 * max(1.0, abs(theirs[key])), f"{key}: {ours[key]} vs {theirs[key]}")
    # The trade-sequence figures, as printed (3 and 2 decimals), against the script's --risk line.
    taking = re.search(r"profit factor ([0-9.]+), max drawdown ([0-9.]+)% .*longest losing streak ([0-9]+)",
                       run.stdout)
    risk = re.search(r"profit_factor (\S+) max_drawdown_pct (\S+) longest_losing_streak (\d+)", independent.stdout)
    check(taking is not None and risk is not None, "both print the trade-sequence figures")
    if taking and risk:
        check(abs(float(taking[1]) - float(risk[1])) <= 0.0005 + 1e-9, f"profit factor: {taking[1]} vs {risk[1]}")
        check(abs(float(taking[2]) - float(risk[2])) <= 0.005 + 1e-9, f"max drawdown: {taking[2]} vs {risk[2]}")
        check(taking[3] == risk[3], f"longest losing streak: {taking[3]} vs {risk[3]}")
        check(float(risk[2]) > 0, "the sample run has a drawdown to compare")

    with open(signals) as f:
        rows = [json.loads(line) for line in f]
    fields = ["signal_id", "symbol", "timeframe", "direction", "confidence", "entry_price", "tp1", "tp2", "tp3",
              "tp4", "stop_loss", "risk_reward_ratio", "pattern_type", "volume_confirmation", "trend_alignment",
              "market_regime", "indicators", "validation_metrics", "timestamp", "outcome", "candle_open_time_ms"]
    check(all(list(r.keys()) == fields for r in rows), "every JSONL object has exactly the contract's fields")
    check(len({r["signal_id"] for r in rows}) == len(rows), "signal ids are unique")
    check(all(r["symbol"] == "BTCUSDT" and r["timeframe"] == "15m" for r in rows), "symbol and timeframe spelled as Binance")
    with open(report) as f:
        markdown = f.read()
    check("filter" in markdown.lower(), "the Markdown report shows the filter rate")
    # By direction: one row per direction present, whose signal counts add up to every signal.
    section = markdown.split("## By direction")[-1].split("\n## ")[0] if "## By direction" in markdown else ""
    counts = {row.split("|")[1].strip(): int(row.split("|")[2]) for row in section.splitlines()
              if row.startswith("| long ") or row.startswith("| short ")}
    check(counts.get("long", 0) == sum(r["direction"] == "long" for r in rows) and
          counts.get("short", 0) == sum(r["direction"] == "short" for r in rows) and sum(counts.values()) == len(rows),
          f"the report's direction rows count the JSONL's longs and shorts: {counts}")

finish()

#!/usr/bin/env python3
"""`alphapulse backtest` figures equal an independent recomputation from its own JSONL."""
import json
import os
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
    independent = subprocess.run([sys.executable, EVALUATE, signals, DATA], capture_output=True, text=True)
    check(independent.returncode == 0, f"evaluate_signals.py exits 0: {independent.stderr}")
    theirs = figures(independent.stdout)
    check(theirs is not None, "evaluate_signals.py prints its figures line")
    if ours and theirs:
        check(ours["wins"] + ours["losses"] + ours["expired"] > 10, "enough judged signals to mean something")
        for key in ("wins", "losses", "expired", "open"):
            check(ours[key] == theirs[key], f"{key}: {ours[key]} vs {theirs[key]}")
        for key in ("accuracy", "expectancy_pct"):
            check(abs(ours[key] - theirs[key]) <= 1e-9 * max(1.0, abs(theirs[key])), f"{key}: {ours[key]} vs {theirs[key]}")

    with open(signals) as f:
        rows = [json.loads(line) for line in f]
    fields = ["signal_id", "symbol", "timeframe", "direction", "confidence", "entry_price", "tp1", "tp2", "tp3",
              "tp4", "stop_loss", "risk_reward_ratio", "pattern_type", "volume_confirmation", "trend_alignment",
              "market_regime", "indicators", "validation_metrics", "timestamp", "outcome", "candle_open_time_ms"]
    check(all(list(r.keys()) == fields for r in rows), "every JSONL object has exactly the contract's fields")
    check(len({r["signal_id"] for r in rows}) == len(rows), "signal ids are unique")
    check(all(r["symbol"] == "BTCUSDT" and r["timeframe"] == "15m" for r in rows), "symbol and timeframe spelled as Binance")
    with open(report) as f:
        check("filter" in f.read().lower(), "the Markdown report shows the filter rate")

finish()

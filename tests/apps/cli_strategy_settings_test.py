#!/usr/bin/env python3
"""The strategy's settings (docs/strategy.md, "Settings") reach the signals: a backtest told
other stop clamps and target multiples through a TOML file, the environment or --set emits
signals whose levels are exactly those multiples of their own risk, with the stop's distance
inside the clamps, checked here from the JSONL alone (|tp_k - entry| / |entry - stop|, and the
signal's own ATR). The report says which settings made it; a bad value stops the run before
any candle, naming its key.

Usage: cli_strategy_settings_test.py ALPHAPULSE SAMPLE.csv
"""
import json
import os
import re
import subprocess
import sys
import tempfile

from checks import check, filter_rate, finish

BINARY, DATA = sys.argv[1:3]
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in (
    "SWING_LOOKBACK_CANDLES", "SWING_BUFFER_ATR", "STOP_MIN_ATR", "STOP_MAX_ATR", "TAKE_PROFIT_R",
    "TARGET_FILTER_RATE", "SCORE_WINDOW_CANDIDATES", "COOLDOWN_CANDLES", "ENABLE_ML",
    "ENABLE_REGIME_DETECTION", "MIN_STOP_DISTANCE_PCT", "TRADED_REGIMES",
    "SCORE_WEIGHTS")}


def backtest(tmp, name, extra, env=None):
    out = os.path.join(tmp, name + ".jsonl")
    report = os.path.join(tmp, name + ".md")
    run = subprocess.run([BINARY, "backtest", "--data", DATA, "--out", out, "--report", report] + extra,
                         capture_output=True, text=True, cwd=tmp, env=env or CLEAN_ENV)
    signals = []
    if run.returncode == 0:
        with open(out) as f:
            signals = [json.loads(line) for line in f]
    text = open(report).read() if os.path.exists(report) else ""
    return run, signals, text


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)


def check_levels(label, signals, targets, stop_min, stop_max):
    check(len(signals) > 20, f"{label}: signals emitted ({len(signals)})")
    wrong_targets = wrong_stop = wrong_side = 0
    for s in signals:
        entry, stop = s["entry_price"], s["stop_loss"]
        risk = abs(entry - stop)
        sign = 1 if s["direction"] == "long" else -1
        if sign * (entry - stop) <= 0 or any(sign * (s[f"tp{k}"] - entry) <= 0 for k in range(1, 5)):
            wrong_side += 1
        if not all(close(abs(s[f"tp{k}"] - entry) / risk, targets[k - 1]) for k in range(1, 5)) or \
                not close(s["risk_reward_ratio"], sum(targets) / 4):
            wrong_targets += 1
        atr = s["indicators"]["atr14"]
        multiple = risk / atr
        if not (stop_min * (1 - 1e-9) <= multiple <= stop_max * (1 + 1e-9)) or \
                not close(multiple, s["validation_metrics"]["stop_atr_multiple"], 1e-7):
            wrong_stop += 1
    check(wrong_side == 0, f"{label}: stop and targets on their sides of entry ({wrong_side} wrong)")
    check(wrong_targets == 0, f"{label}: TP1..TP4 at {targets} R and risk/reward their mean "
                              f"({wrong_targets} of {len(signals)} wrong)")
    check(wrong_stop == 0, f"{label}: stop distance within {stop_min}-{stop_max} ATR "
                           f"({wrong_stop} of {len(signals)} wrong)")


with tempfile.TemporaryDirectory() as tmp:
    default_run, default_signals, report = backtest(tmp, "default", [])
    check(default_run.returncode == 0, f"default backtest exits 0: {default_run.stderr}")
    check_levels("defaults", default_signals, [1.5, 3, 4.5, 6], 3, 6)
    check("TP1..TP4 at 1.5, 3, 4.5, 6 R" in report and "clamped to 3-6 ATR" in report,
          "the report names the default levels")

    toml = os.path.join(tmp, "strategy.toml")
    with open(toml, "w") as f:
        f.write("take_profit_r = [1, 2, 3, 5]\nstop_min_atr = 1.5\nstop_max_atr = 2\n")
    run, configured, report = backtest(tmp, "toml", ["--config", toml])
    check(run.returncode == 0, f"TOML backtest exits 0: {run.stderr}")
    check_levels("TOML", configured, [1, 2, 3, 5], 1.5, 2)
    check("- levels: stop beyond the 10-candle swing + 0.25 ATR, clamped to 1.5-2 ATR; "
          "TP1..TP4 at 1, 2, 3, 5 R" in report, "the report's Settings section names the TOML's levels")
    check("clamped to 1.5-2 ATR" in run.stdout, "the terminal names them too")
    same_candles = {s["candle_open_time_ms"] for s in configured} & {s["candle_open_time_ms"] for s in default_signals}
    check(any(s["candle_open_time_ms"] in same_candles for s in configured),
          "the runs share signal candles (the levels changed, not the whole run)")

    env = dict(CLEAN_ENV, TAKE_PROFIT_R="1,2,3,5", STOP_MIN_ATR="1.5", STOP_MAX_ATR="2")
    run, from_env, _ = backtest(tmp, "env", [], env)
    check(run.returncode == 0 and from_env == configured,
          f"the environment gives the TOML's signals ({len(from_env)} vs {len(configured)}): {run.stderr}")

    # --set wins over the TOML file, as run's flags do.
    run, overridden, report = backtest(tmp, "set", ["--config", toml, "--set", "stop_max_atr=2.5",
                                                    "--set", "TAKE_PROFIT_R=0.5,1,2,3"])
    check(run.returncode == 0, f"--set backtest exits 0: {run.stderr}")
    check_levels("--set over TOML", overridden, [0.5, 1, 2, 3], 1.5, 2.5)

    # A looser gate passes more of the candidates it judges.
    run_loose, loose, _ = backtest(tmp, "loose", ["--set", "target_filter_rate=0.5"])
    default_rate, loose_rate = filter_rate(default_run.stdout), filter_rate(run_loose.stdout)
    check(default_rate is not None and loose_rate is not None and loose_rate < default_rate - 0.05,
          f"target_filter_rate 0.5 filters fewer candidates ({loose_rate} vs {default_rate})")
    check(len(loose) > len(default_signals), f"and emits more signals ({len(loose)} vs {len(default_signals)})")

    # A floor on the stop's distance: no signal's stop nearer its entry than that, the rest
    # rejected as stop_too_close (the sample's 15m stops sit around 0.5-1.5% of entry).
    floor = 1.0
    near = [s for s in default_signals if abs(s["entry_price"] - s["stop_loss"]) / s["entry_price"] * 100 < floor]
    check(len(near) > 5, f"the defaults emit signals with stops nearer than {floor}% ({len(near)})")
    run_floor, floored, report = backtest(tmp, "floor", ["--set", f"min_stop_distance_pct={floor}"])
    check(run_floor.returncode == 0 and len(floored) > 5, f"min_stop_distance_pct runs: {run_floor.stderr}")
    nearest = min((abs(s["entry_price"] - s["stop_loss"]) / s["entry_price"] * 100 for s in floored), default=0)
    check(nearest >= floor, f"every stop at least {floor}% from entry (nearest {nearest:.3f}%)")
    check(re.search(r"^  stop_too_close: [1-9]", run_floor.stdout, re.M) is not None,
          "rejections counted as stop_too_close")
    check(f"a stop nearer than {floor:g}% of entry is rejected" in report, "the report names the floor")

    # A regime switched off: none of its signals, its candidates counted as regime_not_traded,
    # the other regimes still trading.
    def by_regime(signals):
        counts = {}
        for s in signals:
            counts[s["market_regime"]] = counts.get(s["market_regime"], 0) + 1
        return counts
    default_regimes = by_regime(default_signals)
    check(default_regimes.get("ranging", 0) > 5, f"the defaults trade ranging ({default_regimes})")
    traded = "strong_trend_bull,strong_trend_bear,weak_trend,volatile_breakout"
    run_off, off, report = backtest(tmp, "no_ranging", ["--set", f"traded_regimes={traded}"])
    check(run_off.returncode == 0, f"traded_regimes runs: {run_off.stderr}")
    off_regimes = by_regime(off)
    check("ranging" not in off_regimes and sum(off_regimes.values()) > 20,
          f"no ranging signal, the others still trade ({off_regimes})")
    not_traded = re.search(r"^  regime_not_traded: (\d+)", run_off.stdout, re.M)
    check(not_traded is not None and int(not_traded.group(1)) >= default_regimes["ranging"],
          f"ranging candidates counted as regime_not_traded: {not_traded and not_traded.group(1)}")
    check(f"only the playbooks of {traded.replace(',', ', ')} trade" in report, "the report names them")

    # The quality score's weights: each signal's confidence is its score, the weighted sum of the
    # parts it carries in validation_metrics, with the defaults and with other weights.
    parts = ["confluence", "regime_fit", "higher_timeframe_fit", "volume_fit", "risk_fit"]
    def weighted(signal, weights):
        return sum(w * signal["validation_metrics"][p] for w, p in zip(weights, parts))
    default_weights = [0.30, 0.20, 0.20, 0.15, 0.15]
    check(all(close(s["confidence"], weighted(s, default_weights), 1e-12) for s in default_signals),
          "with the default weights each confidence is 0.3 confluence + 0.2 regime + 0.2 HTF + 0.15 volume + 0.15 risk")
    other_weights = [0.1, 0.4, 0.1, 0.2, 0.2]
    run_w, reweighted, report = backtest(tmp, "weights", ["--set", "score_weights=" + ",".join(map(str, other_weights))])
    check(run_w.returncode == 0 and len(reweighted) > 20, f"score_weights runs: {run_w.stderr}")
    check(all(close(s["confidence"], weighted(s, other_weights), 1e-12) for s in reweighted) and
          not all(close(s["confidence"], weighted(s, default_weights), 1e-12) for s in reweighted),
          "with score_weights each confidence is the sum of the parts with those weights")
    check({s["signal_id"] for s in reweighted} != {s["signal_id"] for s in default_signals},
          "other weights rank the candidates otherwise")
    check("the score weighs confluence 0.1, regime 0.4, higher timeframe 0.1, volume 0.2, risk 0.2" in report,
          "the report names the weights")

    # The settings' enable_ml switches the model on; an explicit --no-ml wins over it.
    run, _, report = backtest(tmp, "ml", ["--set", "enable_ml=true"])
    check(run.returncode == 0 and "stages: regime detection on, model on" in report and "model  " in run.stdout,
          f"enable_ml=true runs the model stage: {run.stderr}")
    run, _, report = backtest(tmp, "no_ml", ["--set", "enable_ml=true", "--no-ml"])
    check(run.returncode == 0 and "model off" in report, "--no-ml wins over enable_ml")

    refused = [
        (["--set", "stop_min_atr=7"], "stop_min_atr (7) is above stop_max_atr (6)"),
        (["--set", "take_profit_r=1,2,2,5"], "take_profit_r: expected four increasing"),
        (["--set", "target_filter_rate=nan"], "target_filter_rate: expected"),
        (["--set", "stop_loss_atr=2"], "unknown key 'stop_loss_atr'"),
        (["--set", "traded_regimes=choppy"], "traded_regimes: expected one or more of"),
        (["--set", "score_weights=0.3,0.2,0.2,0.15,0.2"], "score_weights: expected five weights"),
        (["--no-regime", "--set", "traded_regimes=ranging"], "nothing would trade"),
        (["--set", "cooldown"], "expected KEY=VALUE"),
        (["--config", os.path.join(tmp, "missing.toml")], "missing.toml"),
    ]
    for args, words in refused:
        run, _, _ = backtest(tmp, "refused", args)
        check(run.returncode == 2, f"{args} is refused (exit {run.returncode})")
        check(words in run.stderr, f"the message for {args} says {words!r}: {run.stderr!r}")
        check("pipeline" not in run.stdout, f"no candle was decided for {args}")

finish()

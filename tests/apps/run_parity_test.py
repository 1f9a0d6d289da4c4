#!/usr/bin/env python3
"""Live path == backtest path: `alphapulse run` (simulator -> WebSocket/REST feed -> engine)
emits exactly the signals `alphapulse backtest` emits on the same file, with and without
injected faults (disconnects, drops recovered by backfill, duplicates, reorders, malformed
frames): the same ids with the same direction, entry, TP1..TP4, stop loss, risk/reward and
confidence, and stores every one of them exactly once in SQLite. Any difference means the
feed handed the engine a candle the exchange never closed with those values (issue 4)."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

from checks import check, finish

BINARY, SAMPLE = sys.argv[1], sys.argv[2]
FAULTS = "disconnect_every=500,drop=0.01,duplicate=0.01,reorder=0.01,malformed=0.001"


def load(path):
    with open(path) as f:
        return {r["signal_id"]: r for r in (json.loads(line) for line in f)}


EXACT = ("direction", "pattern_type", "market_regime", "candle_open_time_ms")
NUMERIC = ("entry_price", "tp1", "tp2", "tp3", "tp4", "stop_loss", "risk_reward_ratio", "confidence")


def same_number(a, b):
    # Both sides print doubles with round-trip precision; 1e-12 relative only absorbs a
    # JSON spelling difference, never a different input candle.
    if a is None or b is None:
        return a is b
    return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))


def differences(e, g):
    out = [k for k in EXACT if e.get(k) != g.get(k)]
    out += [k for k in NUMERIC if not same_number(e.get(k), g.get(k))]
    return out


with tempfile.TemporaryDirectory() as tmp:
    data_dir = os.path.join(tmp, "data")
    os.makedirs(data_dir)
    shutil.copy(SAMPLE, os.path.join(data_dir, "BTCUSDT_15m.csv"))
    expected_path = os.path.join(tmp, "backtest.jsonl")
    r = subprocess.run([BINARY, "backtest", "--data", os.path.join(data_dir, "BTCUSDT_15m.csv"), "--out", expected_path],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"backtest exits 0: {r.stderr}")
    expected = load(expected_path)
    check(len(expected) > 20, f"the backtest emits signals ({len(expected)})")

    # The strategy's settings from one TOML file: the live engine configured this way decides as
    # the backtest configured the same way does (both build them in engine/pipeline_settings).
    toml = os.path.join(tmp, "strategy.toml")
    with open(toml, "w") as f:
        f.write("take_profit_r = [1, 2, 3, 5]\nstop_min_atr = 1.5\ntarget_filter_rate = 0.6\n"
                'traded_regimes = ["strong_trend_bull", "strong_trend_bear", "weak_trend", "volatile_breakout"]\n')
    configured_path = os.path.join(tmp, "backtest_configured.jsonl")
    r = subprocess.run([BINARY, "backtest", "--data", os.path.join(data_dir, "BTCUSDT_15m.csv"),
                        "--config", toml, "--out", configured_path], capture_output=True, text=True)
    check(r.returncode == 0, f"configured backtest exits 0: {r.stderr}")
    configured = load(configured_path)
    check(set(configured) != set(expected) and all(
        abs(s["risk_reward_ratio"] - 2.75) < 1e-12 for s in configured.values()),
          "the configured backtest decides otherwise than the default one")
    check(any(s["market_regime"] == "ranging" for s in expected.values()) and
          not any(s["market_regime"] == "ranging" for s in configured.values()) and len(configured) > 20,
          "the configured backtest trades no ranging playbook (traded_regimes), the default one does")

    # The last run also reads with the busy-polling io loop (FeedConfig::busy_poll).
    for label, faults, extra_args, want in (("clean", "", [], expected), ("faults", FAULTS, [], expected),
                                            ("faults, busy-poll", FAULTS, ["--busy-poll"], expected),
                                            ("configured", "", ["--config", toml], configured)):
        name = label.replace(", ", "_").replace("-", "_")
        out = os.path.join(tmp, f"{name}.jsonl")
        db = os.path.join(tmp, f"{name}.db")
        args = [BINARY, "run", "--exit-at-end", "--sim-data-dir", data_dir, "--warmup-candles", "500",
                "--signals-out", out, "--database-url", "sqlite:///" + db]
        if faults:
            args += ["--sim-faults", faults]
        args += extra_args
        r = subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=tmp)
        check(r.returncode == 0, f"{label}: run exits 0: {r.stderr[-2000:]}")
        status = [line for line in r.stdout.splitlines() if line.startswith("status")]
        print(f"{label}: {status[-1] if status else 'no status line'}")
        got = load(out) if os.path.exists(out) else {}
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        check(not missing and not extra, f"{label}: same signal ids (missing {len(missing)}, extra {len(extra)})")
        differing = sorted((want[i]["candle_open_time_ms"], i) for i in set(want) & set(got)
                           if differences(want[i], got[i]))
        detail = ""
        if differing:
            t, first = differing[0]
            detail = (f"; first {first} at open time {t}: " +
                      ", ".join(f"{k} {want[first].get(k)} != {got[first].get(k)}"
                                for k in differences(want[first], got[first])))
        check(not differing, f"{label}: {len(differing)} of {len(want)} signals differ in direction, "
                             f"levels, risk/reward or confidence{detail}")
        if os.path.exists(db):
            con = sqlite3.connect(db)
            ids = [row[0] for row in con.execute("SELECT signal_id FROM signals")]
            con.close()
            check(len(ids) == len(set(ids)) == len(want), f"{label}: every signal stored once ({len(ids)})")
        else:
            check(False, f"{label}: database written")

finish()

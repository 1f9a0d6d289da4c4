#!/usr/bin/env python3
"""tools/regime/regime_profile.py against the generator's own definitions: on a series from
`alphapulse simulate --regimes`, profiled by its true labels, each regime's next-10-candle
figures must be what regime_synth.py's definitions make them (drift 0.25-0.5 sd per candle in
strong trends, ranging at 0.5-0.8 of the base volatility and 0.6-0.9 of the volume, breakouts
at 2.5-4x and 2-4x, choppy returns with an MA(1) of -0.6, i.e. a lag-1 autocorrelation of
-0.6 / 1.36 = -0.44, segments of 80-250, 80-200, 20-60 and 60-150 candles). Profiled by the
detector's output instead, the trend regimes must still carry their direction. Malformed input
is refused naming file and line.

Usage: regime_profile_test.py ALPHAPULSE PROFILE_SCRIPT
"""
import json
import os
import subprocess
import sys
import tempfile

from checks import check, finish

BINARY, SCRIPT = sys.argv[1:3]


def profile(*args):
    run = subprocess.run([sys.executable, SCRIPT, "--json"] + list(args), capture_output=True, text=True)
    check(run.returncode == 0, f"profile {args} exits 0: {run.stderr}")
    return json.loads(run.stdout) if run.returncode == 0 else None


def within(value, low, high):
    return low <= value <= high


with tempfile.TemporaryDirectory() as tmp:
    series = os.path.join(tmp, "series.csv")
    run = subprocess.run([BINARY, "simulate", "--regimes", "--seed", "7", "--candles", "60000", "--out", series],
                         capture_output=True, text=True)
    check(run.returncode == 0, f"simulate exits 0: {run.stderr}")

    truth = profile(series, series, "--regime-column")
    if truth:
        g = truth["regimes"]
        bull, bear, weak = g["strong_trend_bull"], g["strong_trend_bear"], g["weak_trend"]
        ranging, breakout, choppy = g["ranging"], g["volatile_breakout"], g["choppy"]
        # Drift against the window's own volatility: the reference cancels, mu / sigma remains.
        check(within(bull["drift"] / bull["volatility"], 0.30, 0.42),
              f"bull: drift / volatility near 0.375 ({bull['drift'] / bull['volatility']:.3f})")
        check(within(-bear["drift"] / bear["volatility"], 0.30, 0.42),
              f"bear: the mirror ({bear['drift'] / bear['volatility']:.3f})")
        check(abs(weak["drift"]) < 0.05, f"weak trend: either sign, so no mean drift ({weak['drift']:.3f})")
        check(within(ranging["volatility"] / bull["volatility"], 0.55, 0.80),
              f"ranging: 0.5-0.8 of the volatility of a trend ({ranging['volatility'] / bull['volatility']:.3f})")
        check(within(ranging["volume"] / bull["volume"], 0.62, 0.80),
              f"ranging: 0.6-0.9 of the volume ({ranging['volume'] / bull['volume']:.3f})")
        check(breakout["volatility"] / bull["volatility"] > 2.0 and breakout["volume"] / bull["volume"] > 2.5,
              f"breakout: several times the volatility and volume ({breakout['volatility'] / bull['volatility']:.2f}, "
              f"{breakout['volume'] / bull['volume']:.2f})")
        check(within(choppy["autocorrelation"], -0.48, -0.36),
              f"choppy: lag-1 autocorrelation near -0.44 ({choppy['autocorrelation']:.3f})")
        for name, mean_length in (("strong_trend_bull", 165), ("strong_trend_bear", 165), ("weak_trend", 140),
                                  ("ranging", 165), ("volatile_breakout", 40), ("choppy", 105)):
            run_length = g[name]["mean_run"]
            check(within(run_length, 0.85 * mean_length, 1.15 * mean_length),
                  f"{name}: runs as long as its segments ({run_length:.1f} vs {mean_length})")
        shares = sum(f["share"] for f in g.values())
        check(abs(shares - 1) < 1e-9, f"the shares add up to 1 ({shares})")

    detected_path = os.path.join(tmp, "detected.csv")
    run = subprocess.run([BINARY, "regimes", "--data", series, "--out", detected_path], capture_output=True, text=True)
    check(run.returncode == 0, f"regimes exits 0: {run.stderr}")
    detected = profile(series, detected_path)
    if detected:
        g = detected["regimes"]
        check(g["strong_trend_bull"]["drift"] > 0.15 and g["strong_trend_bear"]["drift"] < -0.15,
              f"detected trends carry their direction on the generator's series "
              f"({g['strong_trend_bull']['drift']:.3f}, {g['strong_trend_bear']['drift']:.3f})")
        check(g["choppy"]["autocorrelation"] < -0.3, f"detected choppy: negative autocorrelation "
                                                     f"({g['choppy']['autocorrelation']:.3f})")
        pooled = profile(series, detected_path, series, detected_path)
        check(pooled and pooled["candles_profiled"] == 2 * detected["candles_profiled"]
              and abs(pooled["regimes"]["ranging"]["volatility"] - g["ranging"]["volatility"]) < 1e-12,
              "the same file twice pools to the same figures on twice the candles")

    bad_candles = os.path.join(tmp, "bad.csv")
    with open(series) as f, open(bad_candles, "w") as out:
        lines = f.readlines()
        lines[5] = "1,2,3\n"
        out.writelines(lines)
    bad_regimes = os.path.join(tmp, "bad_regimes.csv")
    with open(detected_path) as f, open(bad_regimes, "w") as out:
        lines = f.readlines()
        lines[9] = lines[9].replace(",", ",sideways_", 1)
        out.writelines(lines)
    for args, words in (([bad_candles, detected_path], "bad.csv:6:"),
                        ([series, bad_regimes], "bad_regimes.csv:10: 'sideways_"),
                        ([series], "pairs of files")):
        run = subprocess.run([sys.executable, SCRIPT] + args, capture_output=True, text=True)
        check(run.returncode != 0 and words in run.stderr, f"{words!r} refused: {run.stderr!r}")

finish()

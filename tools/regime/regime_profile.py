#!/usr/bin/env python3
"""What a detected regime says about the candles that follow it, on any candle file.

The detector is fitted and scored on synthetic series (docs/regime.md); on real candles there
are no labels, so this asks what a trader would: at the close of a candle detected as, say,
volatile_breakout, how do the next H candles behave against the stream's own recent past?
Per detected regime (and for all candles, the baseline):

- share of the profiled candles, and the mean length of the detector's runs of it;
- drift: the mean log return of the next H candles, in units of the trailing reference
  volatility (the sd of the last R returns up to and including the candle's own), per candle;
  with its standard error by batch means (20 batches of consecutive profiled candles, so the
  overlap of neighbouring forward windows is not counted as independent evidence);
- volatility: the sd of the next H returns over the trailing reference volatility;
- volume: the geometric mean volume of the next H candles over that of the last R;
- lag-1 autocorrelation of the next H returns, pooled over the regime's windows.

Everything is scale-free and uses, at candle t, only t's regime (decided at its close) and the
candles after it for the outcome, the candles up to t for the reference. The first --skip
candles are left out (the detector's first 1,000 are its warm-up, docs/regime.md).

Usage:
  alphapulse regimes --data FILE.csv --out regimes.csv
  regime_profile.py FILE.csv regimes.csv [FILE2.csv regimes2.csv ...] [--horizon 10]
                    [--reference 500] [--skip 1000]       (several pairs: pooled)
  regime_profile.py FILE.csv FILE.csv --regime-column   # the file's own labels (simulate)
Prints a Markdown table; --json prints the figures as JSON instead.
"""
import argparse
import csv
import json
import math
import sys

REGIMES = ["strong_trend_bull", "strong_trend_bear", "weak_trend", "ranging",
           "volatile_breakout", "choppy"]
BATCHES = 20


def fail(message):
    sys.exit(f"regime_profile.py: {message}")


def read_candles(path):
    times, closes, volumes = [], [], []
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            fail(f"{path}: empty file")
        for line, row in enumerate(reader, start=2):
            try:
                t, close, volume = int(row[0]), float(row[4]), float(row[5])
            except (ValueError, IndexError):
                fail(f"{path}:{line}: expected open_time_ms,open,high,low,close,volume")
            if not (close > 0 and volume >= 0 and math.isfinite(close) and math.isfinite(volume)):
                fail(f"{path}:{line}: close must be positive and volume not negative")
            if times and t <= times[-1]:
                fail(f"{path}:{line}: open time {t} is not after the previous one")
            times.append(t)
            closes.append(close)
            volumes.append(volume)
    return times, closes, volumes


def read_regimes(path, column):
    """open_time_ms -> regime, from `alphapulse regimes --out` (column 1) or a labelled
    candle file (its `regime` column)."""
    out = {}
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None) or []
        index = header.index("regime") if column and "regime" in header else 1
        for line, row in enumerate(reader, start=2):
            try:
                regime = row[index]
                out[int(row[0])] = regime
            except (ValueError, IndexError):
                fail(f"{path}:{line}: expected open_time_ms and a regime")
            if regime not in REGIMES:
                fail(f"{path}:{line}: '{regime}' is not a regime ({', '.join(REGIMES)})")
    return out


class Accumulator:
    def __init__(self):
        self.count = 0
        self.drift = []  # (batch, value): batch = which twentieth of its file's profiled span
        self.volatility = 0.0
        self.volume_log = 0.0
        self.pair_xy = self.pair_x = self.pair_y = self.pair_xx = self.pair_yy = 0.0
        self.pairs = 0

    def add(self, batch, drift, volatility, volume_log, forward):
        self.count += 1
        self.drift.append((batch, drift))
        self.volatility += volatility
        self.volume_log += volume_log
        for x, y in zip(forward, forward[1:]):
            self.pair_x += x
            self.pair_y += y
            self.pair_xy += x * y
            self.pair_xx += x * x
            self.pair_yy += y * y
            self.pairs += 1

    def figures(self):
        if self.count == 0:
            return None
        n = self.pairs
        autocorrelation = float("nan")
        if n > 2:
            cov = self.pair_xy / n - (self.pair_x / n) * (self.pair_y / n)
            vx = self.pair_xx / n - (self.pair_x / n) ** 2
            vy = self.pair_yy / n - (self.pair_y / n) ** 2
            if vx > 0 and vy > 0:
                autocorrelation = cov / math.sqrt(vx * vy)
        mean_drift = sum(v for _, v in self.drift) / self.count
        # Batch means: each file's profiled span cut into BATCHES equal stretches (the same
        # stretch of every file pooled); each batch's mean drift over this regime's candles.
        sums, counts = [0.0] * BATCHES, [0] * BATCHES
        for b, value in self.drift:
            sums[b] += value
            counts[b] += 1
        means = [s / c for s, c in zip(sums, counts) if c > 0]
        se = float("nan")
        if len(means) >= 5:
            m = sum(means) / len(means)
            sd = math.sqrt(sum((x - m) ** 2 for x in means) / (len(means) - 1))
            se = sd / math.sqrt(len(means))
        return {"candles": self.count, "drift": mean_drift, "drift_se": se,
                "volatility": self.volatility / self.count,
                "volume": math.exp(self.volume_log / self.count),
                "autocorrelation": autocorrelation}


class Profile:
    """Accumulators over one or more files (pooled: each file's candles profiled on their own
    trailing references, then counted together)."""

    def __init__(self, horizon, reference, skip):
        self.horizon, self.reference, self.skip = horizon, reference, skip
        self.per_regime = {r: Accumulator() for r in REGIMES}
        self.everything = Accumulator()
        self.runs = {r: [] for r in REGIMES}
        self.missing = 0
        self.files = 0

    def add_file(self, times, closes, volumes, regimes, where):
        add_file(self, times, closes, volumes, regimes, where)

    def result(self):
        out = {"files": self.files, "candles_profiled": self.everything.count,
               "candles_without_regime": self.missing, "horizon": self.horizon,
               "reference": self.reference, "regimes": {}}
        for r in REGIMES:
            figures = self.per_regime[r].figures()
            if figures is not None:
                figures["share"] = figures["candles"] / max(1, self.everything.count)
                runs = self.runs[r]
                figures["mean_run"] = sum(runs) / len(runs) if runs else float("nan")
            out["regimes"][r] = figures
        out["all"] = self.everything.figures()
        return out


def add_file(p, times, closes, volumes, regimes, where):
    horizon, reference, skip = p.horizon, p.reference, p.skip
    per_regime, everything, runs = p.per_regime, p.everything, p.runs
    n = len(closes)
    returns = [0.0] + [math.log(closes[i] / closes[i - 1]) for i in range(1, n)]
    log_volumes = [math.log(v) if v > 0 else None for v in volumes]
    # Prefix sums (index i: over candles 0..i-1) for the trailing windows.
    prefix, prefix_sq, volume_prefix, volume_count = [0.0], [0.0], [0.0], [0]
    for r, v in zip(returns, log_volumes):
        prefix.append(prefix[-1] + r)
        prefix_sq.append(prefix_sq[-1] + r * r)
        volume_prefix.append(volume_prefix[-1] + (v if v is not None else 0.0))
        volume_count.append(volume_count[-1] + (v is not None))
    first = max(skip, reference + 1)
    last = n - horizon - 1
    if last < first:
        fail(f"{where}: {n} candles are too few for --skip {skip}, --reference {reference} and "
             f"--horizon {horizon}")
    total = last - first + 1
    p.files += 1
    missing = 0
    previous, run_length = None, 0
    for t in range(first, last + 1):
        regime = regimes.get(times[t])
        if regime is None:
            missing += 1
            previous, run_length = None, 0
            continue
        if regime == previous:
            run_length += 1
        else:
            if previous is not None:
                runs[previous].append(run_length)
            previous, run_length = regime, 1
        lo, hi = t - reference + 1, t + 1  # the trailing window: returns lo..t
        s1, s2 = prefix[hi] - prefix[lo], prefix_sq[hi] - prefix_sq[lo]
        sigma = math.sqrt(max(0.0, (s2 - s1 * s1 / reference) / (reference - 1)))
        past_count = volume_count[hi] - volume_count[lo]
        next_volume = [v for v in log_volumes[t + 1:t + 1 + horizon] if v is not None]
        if sigma <= 0 or past_count == 0 or not next_volume:
            missing += 1
            continue
        past_volume_mean = (volume_prefix[hi] - volume_prefix[lo]) / past_count
        forward = returns[t + 1:t + 1 + horizon]
        f_mean = sum(forward) / horizon
        f_sd = math.sqrt(sum((x - f_mean) ** 2 for x in forward) / (horizon - 1))
        standardized = [x / sigma for x in forward]
        volume_log = sum(next_volume) / len(next_volume) - past_volume_mean
        batch = min(BATCHES - 1, (t - first) * BATCHES // total)
        for acc in (per_regime[regime], everything):
            acc.add(batch, f_mean / sigma, f_sd / sigma, volume_log, standardized)
    if previous is not None:
        runs[previous].append(run_length)
    p.missing += missing


def markdown(result):
    h = result["horizon"]
    lines = [f"| detected at t | share | mean run (candles) | next {h}: drift (sd per candle, se) | "
             f"volatility (x trailing sd) | volume (x trailing) | lag-1 autocorrelation |",
             "|---|---|---|---|---|---|---|"]

    def row(name, f, share, run):
        return (f"| {name} | {share} | {run} | {f['drift']:+.3f} ({f['drift_se']:.3f}) | "
                f"{f['volatility']:.2f} | {f['volume']:.2f} | {f['autocorrelation']:+.3f} |")

    for r in REGIMES:
        f = result["regimes"][r]
        if f is None:
            lines.append(f"| {r} | 0% | | | | | |")
        else:
            lines.append(row(r, f, f"{100 * f['share']:.1f}%", f"{f['mean_run']:.1f}"))
    lines.append(row("all candles", result["all"], "100%", ""))
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", metavar="CANDLES REGIMES",
                        help="pairs of a candle file and its regimes (several pairs: pooled)")
    parser.add_argument("--horizon", type=int, default=10)
    parser.add_argument("--reference", type=int, default=500)
    parser.add_argument("--skip", type=int, default=1000)
    parser.add_argument("--regime-column", action="store_true",
                        help="read the regimes file's `regime` column (a labelled candle file)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.horizon < 3 or args.reference < 10 or args.skip < 0:
        fail("--horizon must be at least 3, --reference at least 10, --skip at least 0")
    if len(args.files) % 2:
        fail("give pairs of files: CANDLES REGIMES [CANDLES REGIMES ...]")
    p = Profile(args.horizon, args.reference, args.skip)
    for candles_path, regimes_path in zip(args.files[::2], args.files[1::2]):
        times, closes, volumes = read_candles(candles_path)
        p.add_file(times, closes, volumes, read_regimes(regimes_path, args.regime_column),
                   candles_path)
    result = p.result()
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        sys.stdout.write(markdown(result))


if __name__ == "__main__":
    main()

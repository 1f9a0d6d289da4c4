#!/usr/bin/env python3
"""How well could any detector tell the three trend regimes apart on regime_synth.py's series?

An upper bound, by Monte Carlo: a Bayes classifier told what no detector knows, the true start
of the current segment and each candle's volatility, sees the returns since the start (the
mean of the standardized returns is then sufficient, Gaussian noise) and picks the most
probable of strong_trend_bull, strong_trend_bear and weak_trend under the generator's own
definitions: drift U(0.25, 0.5) sigma (bull; bear negated), +-U(0.06, 0.15) sigma (weak),
segment lengths U(80, 250) and U(80, 200), candles counted from 20 into a segment. Optionally
it is also told the previous segment's regime, which the generator never repeats. The other
three regimes are taken as perfectly recognised, so the totals are bounds for all six.
Fat tails (Student-t, df 4, unit variance) carry more information about the drift than Gaussian
noise (a robust location estimate beats the mean), so the bound is for the Gaussian cells.

Usage: tools/regime/oracle_trend_bound.py [--samples N] [--seed S]
"""
import argparse
import math
import random

DRIFTS = {  # (low, high, weight) in units of sigma
    "strong_trend_bull": [(0.25, 0.5, 1.0)],
    "strong_trend_bear": [(-0.5, -0.25, 1.0)],
    "weak_trend": [(0.06, 0.15, 0.5), (-0.15, -0.06, 0.5)],
}
LENGTHS = {"strong_trend_bull": (80, 250), "strong_trend_bear": (80, 250), "weak_trend": (80, 200)}
ALL_REGIMES = list(DRIFTS) + ["ranging", "volatile_breakout", "choppy"]
# Share of the counted candles per regime (docs/regime.md, evaluate_regimes over test seeds).
COUNTED_SHARE = {"strong_trend_bull": 0.223, "strong_trend_bear": 0.215, "weak_trend": 0.185}
BUCKETS = [(20, 39), (40, 59), (60, 79), (80, 119), (120, 159), (160, 249)]


def normal_cdf(x):
    return 0.5 * math.erfc(-x / math.sqrt(2))


def survival(regime, n):
    """P(segment length > n): the segment is still on at position n."""
    low, high = LENGTHS[regime]
    if n < low:
        return 1.0
    if n >= high:
        return 0.0
    return (high - n) / (high - low + 1)


def likelihood(regime, mean, n):
    """Density of the mean of n unit-variance returns, the drift uniform over the regime's range."""
    root_n = math.sqrt(n)
    return sum(w * (normal_cdf(root_n * (b - mean)) - normal_cdf(root_n * (a - mean))) / (b - a)
               for a, b, w in DRIFTS[regime])


def run(samples, seed, told_previous):
    rng = random.Random(seed)
    hits = {r: 0 for r in DRIFTS}
    bucket_hits = {r: [0] * len(BUCKETS) for r in DRIFTS}
    bucket_counts = {r: [0] * len(BUCKETS) for r in DRIFTS}
    for truth in DRIFTS:
        for _ in range(samples):
            low, high = LENGTHS[truth]
            length = rng.randint(low, high)
            position = rng.randint(20, length - 1)  # a counted candle of the segment
            n = position + 1  # returns since the segment began, this candle's included
            a, b, _ = rng.choice(DRIFTS[truth])
            mean = rng.gauss(rng.uniform(a, b), 1 / math.sqrt(n))
            candidates = list(DRIFTS)
            if told_previous:
                previous = rng.choice([r for r in ALL_REGIMES if r != truth])
                candidates = [r for r in candidates if r != previous]
            guess = max(candidates, key=lambda r: survival(r, position) * likelihood(r, mean, n))
            hit = guess == truth
            hits[truth] += hit
            for i, (lo, hi) in enumerate(BUCKETS):
                if lo <= position <= hi:
                    bucket_counts[truth][i] += 1
                    bucket_hits[truth][i] += hit
    accuracy = {r: hits[r] / samples for r in DRIFTS}
    by_bucket = {r: [h / c if c else float("nan") for h, c in zip(bucket_hits[r], bucket_counts[r])]
                 for r in DRIFTS}
    return accuracy, by_bucket


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=100_000, help="counted candles per regime")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    header = " | ".join(f"{lo}-{hi}" for lo, hi in BUCKETS)
    for told_previous in (False, True):
        accuracy, by_bucket = run(args.samples, args.seed, told_previous)
        told = "the true start and the previous regime" if told_previous else "the true start"
        print(f"oracle told {told}:")
        print(f"  regime | all counted | {header}")
        for r in DRIFTS:
            cells = " | ".join(f"{v:.3f}" for v in by_bucket[r])
            print(f"  {r} | {accuracy[r]:.4f} | {cells}")
        rest = 1 - sum(COUNTED_SHARE.values())
        bound = sum(COUNTED_SHARE[r] * accuracy[r] for r in DRIFTS) + rest
        print(f"  all six regimes, the other three perfect: at most {bound:.4f}")


if __name__ == "__main__":
    main()

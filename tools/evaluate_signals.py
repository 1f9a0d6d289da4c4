#!/usr/bin/env python3
"""Independent recomputation of AlphaPulse's signal figures (shared/docs/EVALUATION.md).

Reads a signals JSON Lines export and the candle CSV(s) it was produced from
(`open_time_ms,open,high,low,close,volume`) and judges every signal again, from the
rules in EVALUATION.md, without using any AlphaPulse code. It exists so that the C++
evaluator (src/evaluation) is checked by a second, differently written implementation.

Usage:
  evaluate_signals.py SIGNALS.jsonl CANDLES.csv [MORE.csv ...] [--per-signal] [--details]
                      [--risk] [--by-verdict] [--fee-rate=F]
                      [--baseline [--span-from=MS] [--span-to=MS]]

With one CSV, every signal is judged on it. With several, each CSV is named
`<SYMBOL>_<TIMEFRAME>[anything].csv` (e.g. BTCUSDT_15m.csv) and a signal is judged on the
file of its symbol and timeframe.

A line that is not a JSON object with the fields the rules read is an error naming the file
and line (exit 2): a checker does not skip what it cannot read.

Prints one line:
  accuracy X wins W losses L expired E open O expectancy_pct Y
--details adds a line with expired_share, expectancy_r and the signal counts;
--risk adds `profit_factor X max_drawdown_pct Y longest_losing_streak Z expectancy_se_pct S`:
the judged signals taken as trades in file order at equal notional, each return counted
whole when its signal appears: gross gains over gross losses (nan without a loss), the
largest fall of the summed returns from an earlier peak (the sum starts at 0), the longest
run of negative returns, and the expectancy's standard error by batch means (the returns in
order in min(20, n // 10) consecutive batches, the first n % B one longer: sd of the batch
means / sqrt(B); nan under 50 judged signals);
--baseline adds `baseline accuracy X wins W judged N expectancy_pct Y`: EVALUATION.md's random
baseline of the judged signals (open ones have none), drawn as the backtest documents it
(src/evaluation/baseline.hpp), from this script's own code: for each signal 20 twins, from a
SplitMix64 generator seeded with the 64-bit FNV-1a hash of its signal_id; per twin one draw
whose top bit is 0 for long, then a candle drawn uniformly from the evaluated span (an unbiased
bounded draw: x accepted when x >= 2^64 mod n, then x mod n), entered at that candle's close
with the signal's TP and stop distances as fractions of entry (kept relative to direction),
judged by the rules below; twins left open are left out. The evaluated span is the candles
opening at or after --span-from (Unix ms; default: the file's first) and the walk may run to
the file's end; the twin's candle is drawn only among those opening before --span-to (default:
all), as `backtest --judge-from/--judge-to` does;
--per-signal adds one line per signal: `signal <id> <outcome> <return_pct> <return_r>`;
--by-verdict reads a candidates export (`alphapulse backtest --candidates-out`: every line also
carries "accepted", true or false, and "rejection_reason") and adds one line per group of
judged candidates, `verdict <group> accuracy X wins W judged N expectancy_pct Y`, the groups being
accepted, rejected and rejected:<reason> for each reason, in that (sorted) order: the backtest's
filter check, recomputed.

Rules, with the readings this script takes where EVALUATION.md leaves a choice:
  * Entry is entry_price at the close of the signal's candle (found by
    candle_open_time_ms); the walk covers the next 96 candles, by count, not by time.
  * Long: stop hit when low <= stop_loss, TP_k hit when high >= tp_k. Short mirrored.
  * win = TP1 before the stop; loss = stop before TP1, or both in one candle;
    expired = neither within 96 candles; open = fewer than 96 candles left and neither
    hit (left out of every figure).
  * Expectancy: 25% closed at each of TP1..TP4 in order, at the level's price. Once TP1
    is hit the stop is the entry price. Whenever one candle touches both the stop in
    force and a take-profit not yet taken, the stop is taken first (pessimistic);
    this includes the candle that hit TP1: if it also reaches back to entry, the rest is
    closed at entry and no further TP counts in that candle. What is still open after
    the 96th candle is closed at its close. A win whose remainder is still open when the
    data ends (fewer than 96 candles) is closed at the last candle's close.
  * Fees: 0.1% of notional on entry and on every exit (--fee-rate=F: F instead, e.g.
    0.00075 for 0.075%, to check a backtest run with fee_rate_per_side). Returns are in
    percent of entry; R = |entry - stop| / entry and return_r = return fraction / R.
"""

import csv
import json
import math
import os
import sys

WINDOW = 96
REQUIRED_FIELDS = ("signal_id", "symbol", "timeframe", "direction", "entry_price", "tp1", "tp2", "tp3",
                   "tp4", "stop_loss", "candle_open_time_ms")
FEE_RATE = 0.001
PORTION = 0.25


def load_candles(path):
    """Candles as a list of (open_time_ms, open, high, low, close), in file order."""
    rows = []
    with open(path, newline="") as handle:
        for record in csv.DictReader(handle):
            rows.append((
                int(float(record["open_time_ms"])),
                float(record["open"]),
                float(record["high"]),
                float(record["low"]),
                float(record["close"]),
            ))
    return rows


def stream_name_of(path):
    """'BTCUSDT_15m.csv' -> ('BTCUSDT', '15m'); None when the name does not say."""
    stem = os.path.splitext(os.path.basename(path))[0]
    parts = stem.split("_")
    if len(parts) < 2:
        return None
    return parts[0], parts[1]


class Judgement:
    def __init__(self, outcome, exits, ran_out):
        self.outcome = outcome  # 'win' | 'loss' | 'expired' | 'open'
        self.exits = exits      # list of (fraction of the position, exit price)
        self.ran_out = ran_out


def judge(sig, following):
    """Walks `following` (candles after the signal's candle) by the rules above."""
    entry = sig["entry_price"]
    targets = [sig["tp1"], sig["tp2"], sig["tp3"], sig["tp4"]]
    going_long = sig["direction"] == "long"

    def reaches_against(candle, level):
        _, _, high, low, _ = candle
        return low <= level if going_long else high >= level

    def reaches_for(candle, level):
        _, _, high, low, _ = candle
        return high >= level if going_long else low <= level

    walk = following[:WINDOW]
    exits = []
    taken = 0  # number of take-profits already taken
    for candle in walk:
        if taken == 0:
            if reaches_against(candle, sig["stop_loss"]):
                return Judgement("loss", [(1.0, sig["stop_loss"])], False)
            if not reaches_for(candle, targets[0]):
                continue
            exits.append((PORTION, targets[0]))
            taken = 1
        # The stop now sits at entry and wins every tie with a remaining target.
        if reaches_against(candle, entry):
            exits.append((1.0 - PORTION * taken, entry))
            return Judgement("win", exits, False)
        while taken < 4 and reaches_for(candle, targets[taken]):
            exits.append((PORTION, targets[taken]))
            taken += 1
        if taken == 4:
            return Judgement("win", exits, False)

    full_window = len(walk) == WINDOW
    if taken == 0:
        if not full_window:
            return Judgement("open", [], True)
        return Judgement("expired", [(1.0, walk[-1][4])], False)
    exits.append((1.0 - PORTION * taken, walk[-1][4]))
    return Judgement("win", exits, not full_window)


def returns_of(sig, judgement, fee_rate=FEE_RATE):
    """(return in percent of entry after fees, return in R)."""
    entry = sig["entry_price"]
    sign = 1.0 if sig["direction"] == "long" else -1.0
    gross = sum(share * sign * (price - entry) for share, price in judgement.exits)
    fees = fee_rate * entry + sum(fee_rate * share * price for share, price in judgement.exits)
    pct = 100.0 * (gross - fees) / entry
    risk = abs(entry - sig["stop_loss"]) / entry
    in_r = (pct / 100.0) / risk if risk > 0 else float("nan")
    return pct, in_r


MASK64 = (1 << 64) - 1


def fnv1a64(text):
    value = 0xcbf29ce484222325
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x100000001b3) & MASK64
    return value


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9e3779b97f4a7c15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & MASK64
        return z ^ (z >> 31)

    def below(self, bound):
        threshold = (1 << 64) % bound
        while True:
            x = self.next()
            if x >= threshold:
                return x % bound


def baseline_twins(sig, span, drawable, fee_rate, samples=20):
    """The signal's random twins over `span` (candles in order), each drawn from the first
    `drawable`: (outcome, return in percent after fees) per twin."""
    entry = sig["entry_price"]
    if drawable <= 0 or not entry > 0 or math.isinf(entry):
        return []
    sign = 1.0 if sig["direction"] == "long" else -1.0
    tp_distance = [sign * (sig["tp%d" % k] - entry) / entry for k in range(1, 5)]
    stop_distance = sign * (entry - sig["stop_loss"]) / entry
    random = SplitMix64(fnv1a64(sig["signal_id"]))
    twins = []
    for _ in range(samples):
        going_long = (random.next() >> 63) == 0
        index = random.below(drawable)
        base = span[index][4]
        way = 1.0 if going_long else -1.0
        twin = {"direction": "long" if going_long else "short", "entry_price": base,
                "stop_loss": base * (1.0 - way * stop_distance)}
        for k in range(4):
            twin["tp%d" % (k + 1)] = base * (1.0 + way * tp_distance[k])
        verdict = judge(twin, span[index + 1:])
        twins.append((verdict.outcome, None if verdict.outcome == "open" else returns_of(twin, verdict, fee_rate)[0]))
    return twins


def risk_figures(returns):
    """The --risk line from the judged signals' returns in order."""
    gains = sum(r for r in returns if r > 0)
    losses = -sum(r for r in returns if r < 0)
    factor = gains / losses if losses > 0 else float("nan")
    running = [0.0]
    for r in returns:
        running.append(running[-1] + r)
    worst_fall = max((max(running[:i + 1]) - running[i] for i in range(len(running))), default=0.0)
    longest = current = 0
    for r in returns:
        current = current + 1 if r < 0 else 0
        longest = max(longest, current)
    return "profit_factor %r max_drawdown_pct %r longest_losing_streak %d expectancy_se_pct %r" % (
        factor, worst_fall, longest, batch_standard_error(returns))


def batch_standard_error(returns):
    """The expectancy's standard error by batch means: the returns in order cut into
    B = min(20, n // 10) consecutive batches (the first n % B one longer), SE = sd of the
    batches' mean returns / sqrt(B); nan under 5 batches."""
    batches = min(20, len(returns) // 10)
    if batches < 5:
        return float("nan")
    means, begin = [], 0
    for b in range(batches):
        size = len(returns) // batches + (1 if b < len(returns) % batches else 0)
        means.append(sum(returns[begin:begin + size]) / size)
        begin += size
    mean = sum(means) / batches
    return math.sqrt(sum((m - mean) ** 2 for m in means) / (batches - 1) / batches)


def main(argv):
    fee_rate = FEE_RATE
    span_from, span_to = None, None
    flags = set()
    for a in argv[1:]:
        if a.startswith("--span-from=") or a.startswith("--span-to="):
            try:
                value = int(a.split("=", 1)[1])
            except ValueError:
                sys.stderr.write("error: %s: expected a Unix time in milliseconds\n" % a)
                return 2
            if a.startswith("--span-from="):
                span_from = value
            else:
                span_to = value
        elif a.startswith("--fee-rate="):
            try:
                fee_rate = float(a.split("=", 1)[1])
            except ValueError:
                fee_rate = float("nan")
            if not 0 <= fee_rate <= 0.01:
                sys.stderr.write("error: --fee-rate: expected a fraction of notional from 0 to 0.01, got %r\n" % a)
                return 2
        elif a.startswith("--"):
            flags.add(a)
    paths = [a for a in argv[1:] if not a.startswith("--")]
    if len(paths) < 2 or flags - {"--per-signal", "--details", "--risk", "--by-verdict", "--baseline"}:
        sys.stderr.write(__doc__)
        return 2
    signals_path, csv_paths = paths[0], paths[1:]

    streams = {}
    for path in csv_paths:
        streams[stream_name_of(path) if len(csv_paths) > 1 else "*"] = load_candles(path)
    index_of = {key: {c[0]: i for i, c in enumerate(rows)} for key, rows in streams.items()}
    # The evaluated span of each stream (--span-from on), and how many of its first candles a
    # baseline twin may be drawn from (those opening before --span-to).
    span_of, drawable_of = {}, {}
    for key, rows in streams.items():
        span = [c for c in rows if span_from is None or c[0] >= span_from]
        span_of[key] = span
        drawable_of[key] = sum(1 for c in span if span_to is None or c[0] < span_to)
    baseline = [0, 0, 0.0]  # twins won, judged, sum of returns

    tally = {"win": 0, "loss": 0, "expired": 0, "open": 0, "unmatched": 0}
    pct_sum, r_sum, r_count = 0.0, 0.0, 0
    trade_returns = []  # judged signals' returns, in file order
    per_signal_lines = []
    by_verdict = {}  # group -> [wins, judged, sum of returns]
    with open(signals_path) as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                sig = json.loads(raw)
                missing = [k for k in REQUIRED_FIELDS if k not in sig]
                if "--by-verdict" in flags:
                    missing += [k for k in ("accepted", "rejection_reason") if k not in sig]
                    if not missing and not isinstance(sig["accepted"], bool):
                        raise ValueError("accepted: expected true or false")
                    if not missing and not sig["accepted"] and not isinstance(sig["rejection_reason"], str):
                        raise ValueError("rejection_reason: expected the reason of a rejected candidate")
                if missing:
                    raise ValueError("missing field(s) " + ", ".join(missing))
            except ValueError as problem:  # JSONDecodeError is one
                sys.stderr.write("error: %s:%d: %s\n" % (signals_path, number, problem))
                return 2
            key = "*" if "*" in streams else (sig["symbol"], sig["timeframe"])
            position = index_of.get(key, {}).get(sig["candle_open_time_ms"])
            if position is None:
                tally["unmatched"] += 1
                per_signal_lines.append("signal %s unmatched nan nan" % sig["signal_id"])
                continue
            verdict = judge(sig, streams[key][position + 1:])
            tally[verdict.outcome] += 1
            if verdict.outcome == "open":
                per_signal_lines.append("signal %s open nan nan" % sig["signal_id"])
                continue
            pct, in_r = returns_of(sig, verdict, fee_rate)
            if "--baseline" in flags:
                for outcome, twin_pct in baseline_twins(sig, span_of[key], drawable_of[key], fee_rate):
                    if outcome != "open":
                        baseline[0] += outcome == "win"
                        baseline[1] += 1
                        baseline[2] += twin_pct
            pct_sum += pct
            trade_returns.append(pct)
            if not math.isnan(in_r):
                r_sum += in_r
                r_count += 1
            per_signal_lines.append("signal %s %s %r %r" % (sig["signal_id"], verdict.outcome, pct, in_r))
            if "--by-verdict" in flags:
                groups = ["accepted"] if sig["accepted"] else ["rejected", "rejected:" + sig["rejection_reason"]]
                for group in groups:
                    tallies = by_verdict.setdefault(group, [0, 0, 0.0])
                    tallies[0] += verdict.outcome == "win"
                    tallies[1] += 1
                    tallies[2] += pct

    judged = tally["win"] + tally["loss"] + tally["expired"]
    accuracy = tally["win"] / judged if judged else float("nan")
    expectancy = pct_sum / judged if judged else float("nan")
    print("accuracy %r wins %d losses %d expired %d open %d expectancy_pct %r" % (
        accuracy, tally["win"], tally["loss"], tally["expired"], tally["open"], expectancy))
    if "--details" in flags:
        share = tally["expired"] / judged if judged else float("nan")
        mean_r = r_sum / r_count if r_count else float("nan")
        print("expired_share %r expectancy_r %r judged %d unmatched %d" % (
            share, mean_r, judged, tally["unmatched"]))
    if "--risk" in flags:
        print(risk_figures(trade_returns))
    if "--baseline" in flags:
        print("baseline accuracy %r wins %d judged %d expectancy_pct %r" % (
            baseline[0] / baseline[1] if baseline[1] else float("nan"), baseline[0], baseline[1],
            baseline[2] / baseline[1] if baseline[1] else float("nan")))
    if "--by-verdict" in flags:
        for group in sorted(by_verdict):
            wins, count, returns = by_verdict[group]
            print("verdict %s accuracy %r wins %d judged %d expectancy_pct %r" % (
                group, wins / count, wins, count, returns / count))
    if "--per-signal" in flags:
        for line in per_signal_lines:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

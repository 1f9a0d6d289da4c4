"""tests/apps/checks: the tally every CLI test script keeps. check() records a failed
expectation and prints it at once (the script goes on, so one run shows every failure);
finish() prints the count and exits non-zero when anything failed. Also the readers of the
figures `backtest` and `walkforward` print, which several scripts compare."""
import re
import sys

failures = []
_checks = 0


def check(condition, what):
    global _checks
    _checks += 1
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def finish():
    print(f"{_checks - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


def figures(text):
    """The machine-readable figures line (`accuracy X wins W ...`, also what
    tools/evaluate_signals.py prints) as a dict, or None."""
    for line in text.splitlines():
        if line.startswith("accuracy ") and " wins " in line:
            parts = line.split()
            return {parts[i]: float(parts[i + 1]) for i in range(0, len(parts) - 1, 2)}
    return None


def baseline_figures(text):
    """The baseline line (`baseline accuracy X wins W judged N expectancy_pct Y`, also what
    tools/evaluate_signals.py --baseline prints) as a dict, or None."""
    for line in text.splitlines():
        if line.startswith("baseline accuracy "):
            parts = line.split()[1:]
            return {parts[i]: float(parts[i + 1]) for i in range(0, len(parts) - 1, 2)}
    return None


def agrees(ours, theirs):
    """Two computations of one figure agree: to 1e-9, relative above 1 (they differ only by the
    rounding of their sums' order)."""
    return abs(ours - theirs) <= 1e-9 * max(1.0, abs(theirs))


def same_figures(ours, theirs):
    """Two figures lines agree: the same wins, losses, expired and open, the same accuracy and
    expectancy (agrees)."""
    return (ours is not None and theirs is not None and
            all(ours[k] == theirs[k] for k in ("wins", "losses", "expired", "open")) and
            all(agrees(ours[k], theirs[k]) for k in ("accuracy", "expectancy_pct")))


def same_baseline(ours, theirs):
    """Two baseline lines agree: the same counts, the same accuracy and expectancy (agrees)."""
    return (ours is not None and theirs is not None and ours["wins"] == theirs["wins"] and
            ours["judged"] == theirs["judged"] and ours["judged"] > 0 and
            all(agrees(ours[k], theirs[k]) for k in ("accuracy", "expectancy_pct")))


def filter_rate(text):
    """The printed filter rate (`filter rate X% ...`) as a fraction 0..1, or None."""
    m = re.search(r"^filter rate ([0-9.]+)%", text, re.M)
    return float(m.group(1)) / 100 if m else None


def filter_counts(text):
    """The filter rate line's counts (`... (R rejected of C candidates)`) as [R, C], or None."""
    m = re.search(r"^filter rate [0-9.]+% \((\d+) rejected of (\d+) candidates\)", text, re.M)
    return [int(m[1]), int(m[2])] if m else None

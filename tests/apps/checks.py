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


def same_baseline(ours, theirs):
    """Two baseline lines agree: the same counts, the same accuracy and expectancy to 1e-9."""
    return (ours is not None and theirs is not None and ours["wins"] == theirs["wins"] and
            ours["judged"] == theirs["judged"] and ours["judged"] > 0 and
            all(abs(ours[k] - theirs[k]) <= 1e-9 * max(1.0, abs(theirs[k])) for k in ("accuracy", "expectancy_pct")))


def filter_rate(text):
    """The printed filter rate (`filter rate X% ...`) as a fraction 0..1, or None."""
    m = re.search(r"^filter rate ([0-9.]+)%", text, re.M)
    return float(m.group(1)) / 100 if m else None

"""tests/apps/checks: the tally every CLI test script keeps. check() records a failed
expectation and prints it at once (the script goes on, so one run shows every failure);
finish() prints the count and exits non-zero when anything failed."""
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

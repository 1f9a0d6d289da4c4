#!/usr/bin/env python3
"""The filter check of every backtest report in a folder, as one table (docs/results.md).

Each report's "Filter check" section judges every candidate, accepted or rejected, as if it
had been signalled. This prints, per file, the accepted and the rejected candidates' judged
count, accuracy, edge (standard error) and expectancy, the edge of each rejection reason, and
then the mean over files of accepted minus rejected with its paired t-statistic: does the
filter keep the better candidates?

Usage: filter_check_table.py REPORT_DIR   (the Markdown reports tools/results.sh writes)
"""
import glob
import math
import os
import sys

REASONS = ["counter_trend", "conflicting_evidence", "low_quality", "no_playbook"]


def verdict_rows(path):
    text = open(path).read()
    if "## Filter check" not in text:
        return None
    rows = {}
    for line in text.split("## Filter check")[1].splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 16 and (cells[1] == "accepted" or cells[1].startswith("rejected")):
            rows[cells[1]] = {"judged": int(cells[3]), "accuracy": float(cells[9].rstrip("%")),
                              "edge": float(cells[15].split()[0]), "se": cells[16].split()[0],
                              "expectancy": float(cells[11])}
    return rows


def main(folder):
    paths = sorted(glob.glob(os.path.join(folder, "*.md")), key=lambda p: ("_1h" in p, p))
    print("| file | accepted: judged, accuracy, edge (se), expectancy | rejected: judged, accuracy, "
          "edge (se), expectancy | " + " | ".join("edge if rejected as " + r for r in REASONS) + " |")
    print("|---" * (3 + len(REASONS)) + "|")
    differences = {"accuracy": [], "edge": [], "expectancy": []}
    for path in paths:
        rows = verdict_rows(path)
        if not rows or "accepted" not in rows or "rejected" not in rows:
            continue
        a, r = rows["accepted"], rows["rejected"]

        def cell(m):
            return "%d, %.2f%%, %+.2f pp (%s), %.4f%%" % (m["judged"], m["accuracy"], m["edge"], m["se"],
                                                          m["expectancy"])
        reasons = ["%+.2f pp" % rows["rejected: " + k]["edge"] if "rejected: " + k in rows else "-"
                   for k in REASONS]
        print("| %s | %s | %s | %s |" % (os.path.basename(path)[:-3], cell(a), cell(r), " | ".join(reasons)))
        for key in differences:
            differences[key].append(a[key] - r[key])
    n = len(differences["edge"])
    if n < 2:
        return 0
    print()
    for key, unit in (("accuracy", "pp"), ("edge", "pp"), ("expectancy", "% of entry")):
        values = differences[key]
        mean = sum(values) / n
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
        t = mean / (sd / math.sqrt(n)) if sd > 0 else float("nan")
        print("- accepted - rejected, %s: mean %+.3f %s over %d files (t = %.2f)" % (key, mean, unit, n, t))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))

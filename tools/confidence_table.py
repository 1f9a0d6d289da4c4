#!/usr/bin/env python3
"""Does a higher signal confidence mean a better signal? The "By confidence" rows of every
backtest report in a folder, pooled (docs/results.md).

Each report breaks its signals down by their confidence (the quality score) in tenths. This
adds the tenths' counts over the files: signals, judged, wins; accuracy = wins / judged; the
baseline accuracy and the expectancy pooled with each file's judged signals as weights; edge =
accuracy - baseline. Then, per file, whether the edge rises with confidence: the slope of the
band's edge on its midpoint, weighted by judged signals, and its mean over files with the
t-statistic of that mean.

Usage: confidence_table.py REPORT_DIR   (the Markdown reports tools/results.sh writes)
"""
import glob
import math
import os
import sys


def band_rows(path):
    text = open(path).read()
    if "## By confidence" not in text:
        return {}
    rows = {}
    for line in text.split("## By confidence")[1].split("\n## ")[0].splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 16 or not cells[1][:1].isdigit():
            continue
        judged = int(cells[3])
        if judged == 0:
            continue
        rows[cells[1]] = {"signals": int(cells[2]), "judged": judged, "wins": int(cells[6]),
                          "expectancy": float(cells[11]), "baseline": float(cells[13].rstrip("%"))}
    return rows


def slope(rows):
    """Weighted least-squares slope of the edge (points) on the band's midpoint (per 0.1)."""
    points = [(float(band[:4]) + 0.05, 100 * r["wins"] / r["judged"] - r["baseline"], r["judged"])
              for band, r in rows.items()]
    total = sum(w for _, _, w in points)
    if len(points) < 2 or total == 0:
        return None
    mx = sum(x * w for x, _, w in points) / total
    my = sum(y * w for _, y, w in points) / total
    sxx = sum(w * (x - mx) ** 2 for x, _, w in points)
    if sxx == 0:
        return None
    return sum(w * (x - mx) * (y - my) for x, y, w in points) / sxx * 0.1


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    reports = sorted(glob.glob(os.path.join(sys.argv[1], "*.md")))
    pooled, slopes = {}, []
    for path in reports:
        rows = band_rows(path)
        if not rows:
            continue
        s = slope(rows)
        if s is not None:
            slopes.append(s)
        for band, r in rows.items():
            p = pooled.setdefault(band, {"signals": 0, "judged": 0, "wins": 0, "baseline": 0.0, "expectancy": 0.0})
            p["signals"] += r["signals"]
            p["judged"] += r["judged"]
            p["wins"] += r["wins"]
            p["baseline"] += r["baseline"] * r["judged"]
            p["expectancy"] += r["expectancy"] * r["judged"]
    if not pooled:
        sys.exit(f"confidence_table.py: no report with a 'By confidence' section in {sys.argv[1]}")
    print("| confidence | signals | judged | accuracy | baseline | edge | expectancy % |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for band in sorted(pooled):
        p = pooled[band]
        accuracy = 100 * p["wins"] / p["judged"]
        baseline = p["baseline"] / p["judged"]
        print(f"| {band} | {p['signals']} | {p['judged']} | {accuracy:.2f}% | {baseline:.2f}% | "
              f"{accuracy - baseline:+.2f} pp | {p['expectancy'] / p['judged']:.4f} |")
    if len(slopes) >= 2:
        mean = sum(slopes) / len(slopes)
        sd = math.sqrt(sum((s - mean) ** 2 for s in slopes) / (len(slopes) - 1))
        t = mean / (sd / math.sqrt(len(slopes))) if sd > 0 else float("nan")
        print(f"\n- edge per +0.1 of confidence, within each file: mean {mean:+.2f} pp over "
              f"{len(slopes)} files (t = {t:.2f})")


if __name__ == "__main__":
    main()

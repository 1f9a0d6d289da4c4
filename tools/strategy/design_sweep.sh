#!/usr/bin/env bash
# Settings chosen the walk-forward way: each setting (a quoted list of KEY=VALUE, the strategy's
# keys of docs/strategy.md "Settings") is backtested on the DESIGN spans only
# (tools/design_span.sh: the first 25% of each file, which tools/results.sh never judges), and
# one row per setting gives the mean over files, with its fewest signals and highest filter
# rate of any file. Pick by a rule written down before running it; judge only the pick, once,
# with tools/results.sh (BACKTEST_FLAGS="--set ...").
#   tools/strategy/design_sweep.sh [-d DATA_DIR] "" "take_profit_r=1,2,3,5 stop_min_atr=2" ...
# ("" is the defaults.)
set -euo pipefail
cd "$(dirname "$0")/../.."
data_dir=../shared/data
if [[ ${1:-} == -d ]]; then data_dir=$2; shift 2; fi
(($#)) || { echo "usage: design_sweep.sh [-d DATA_DIR] SETTING..." >&2; exit 2; }
printf '| setting | signals | fewest in a file | accuracy | baseline | edge | expectancy | filter rate | highest in a file |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for setting in "$@"; do
  flags=(--no-ml)
  for pair in $setting; do flags+=(--set "$pair"); done
  tools/design_span.sh "$data_dir" -- "${flags[@]}" |
    awk -F'|' -v name="${setting:-defaults}" '
      /^\| [A-Z]+_/ { s = $4 + 0; if (min == "" || s < min) min = s; f = $9; gsub(/[% ]/, "", f); if (f + 0 > max) max = f + 0 }
      /^\| mean of/ { mean = $0 }
      END { split(mean, c, "|"); printf "| %s |%s| %d |%s|%s|%s|%s|%s| %.2f%% |\n", name, c[4], min, c[5], c[6], c[7], c[8], c[9], max }'
done

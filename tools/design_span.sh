#!/usr/bin/env bash
# Backtests on the DESIGN span only: the first 25% of each 15m and 1h file of a data folder
# (the part tools/results.sh never judges), judged in full (--judge-from 0). This is the only
# place a setting may be chosen from data (docs/strategy.md, "Model"; docs/results.md).
#   tools/design_span.sh [DATA_DIR] -- [backtest flags, e.g. --no-ml or --ml-margin 0.02]
# Prints one row per file and the mean over files. DESIGN_REPORTS=DIR keeps each file's
# Markdown report there (e.g. for tools/filter_check_table.py DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=../shared/data
if [[ $# -gt 0 && $1 != -- ]]; then data_dir=$1; shift; fi
[[ ${1:-} == -- ]] && shift
design_fraction="${DESIGN_FRACTION:-0.25}"
binary=${BINARY:-build/release/apps/alphapulse/alphapulse}
# shellcheck source=tools/summary_fields.sh
source tools/summary_fields.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '| file | candles | signals | accuracy | baseline | edge | expectancy | filter rate |\n|---|---|---|---|---|---|---|---|\n'
for file in "$data_dir"/*_15m.csv "$data_dir"/*_1h.csv; do
  name=$(basename "$file" .csv)
  rows=$(($(wc -l <"$file") - 1))
  keep=$(awk -v n="$rows" -v f="$design_fraction" 'BEGIN { printf "%d", n * f }')
  head -n $((keep + 1)) "$file" >"$work/$name.csv"
  report=()
  if [[ -n ${DESIGN_REPORTS:-} ]]; then
    mkdir -p "$DESIGN_REPORTS"
    report=(--report "$DESIGN_REPORTS/$name.md")
  fi
  "$binary" backtest --data "$work/$name.csv" --judge-from 0 "${report[@]}" "$@" >"$work/$name.txt"
  summary_fields "$work/$name.txt"
  cells=${edge_cells% (*}  # accuracy|baseline|edge, without the edge's se
  printf '| %s | %d | %d | %s | %s | %s |\n' "$name" "$keep" "$judged" "${cells//|/ | }" \
    "$expectancy_pct" "$filter_rate"
done | tee "$work/rows"
awk -F'|' '{ gsub(/[%pp +]/, "", $5); gsub(/[%pp +]/, "", $6); gsub(/[%pp ]/, "", $7); gsub(/[% ]/, "", $8); gsub(/[% ]/, "", $9);
             n++; s += $4; acc += $5; base += $6; edge += $7; ex += $8; filt += $9 }
     END { printf "| mean of %d files | | %d | %.2f%% | %.2f%% | %+.2f pp | %.4f%% | %.2f%% |\n", n, s, acc / n, base / n, edge / n, ex / n, filt / n }' "$work/rows"

#!/usr/bin/env bash
# Regenerates the table of docs/results.md: one walk-forward backtest per 15m and 1h file of
# a data folder (default: ../shared/data, the real Binance candles). The first 25% of each
# file only warms the pipeline up (and is the only span any design choice may look at); the
# figures come from the remaining 75%. A last row judges every file in one backtest (each its own
# stream and span, every signal in one set of figures).
#   tools/results.sh [DATA_DIR] [OUT_DIR]
# BACKTEST_FLAGS adds backtest flags, e.g. BACKTEST_FLAGS=--ml (the model stage on).
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir="${1:-../shared/data}"
out_dir="${2:-build/results}"
judge_from="${JUDGE_FROM:-0.25}"
binary=build/release/apps/alphapulse/alphapulse
# shellcheck source=tools/summary_fields.sh
source tools/summary_fields.sh
[[ -x $binary ]] || scripts/build.sh release >/dev/null
mkdir -p "$out_dir"

printf '| file | judged span | candles | signals | accuracy | baseline | edge (se) | expectancy (se) (%% / R) | baseline expectancy | profit factor | max drawdown | expired | filter rate |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
shopt -s nullglob  # a folder without 15m (or 1h) files has no row for them
row() {  # NAME LABEL SPAN FILE...: one backtest of the files (several streams when they are several)
  local name=$1 label=$2 span=$3 log="$out_dir/$1.txt" data=()
  shift 3
  for file in "$@"; do data+=(--data "$file"); done
  # shellcheck disable=SC2086
  "$binary" backtest "${data[@]}" --judge-from "$judge_from" ${BACKTEST_FLAGS:-} --out "$out_dir/$name.jsonl" \
    --report "$out_dir/$name.md" >"$log"
  [[ -n $span ]] || span=$(sed -n 's/^judged span \([0-9-]*\)T.* \.\. \([0-9-]*\)T.*/\1 .. \2/p' "$log")
  candles=$(sed -n 's/^pipeline *\([0-9]*\) candles.*/\1/p' "$log")
  summary_fields "$log"
  risk=$(sed -n 's/^taking every signal: profit factor \([0-9.a-z/]*\), max drawdown \([0-9.]*%\).*/\1|\2/p' "$log")
  expired=$(sed -n 's/^expired share \([0-9.]*%\).*/\1/p' "$log")
  printf '| %s | %s | %s | %s | %s | %s (%s) / %s|%s | %s | %s | %s |\n' "$label" "$span" "$candles" \
    "$judged" "$edge_cells" "$expectancy_pct" "$expectancy_se" "$expectancy_r" \
    "$baseline_expectancy" "$risk" "$expired" "$filter_rate"
}
files=("$data_dir"/*_15m.csv "$data_dir"/*_1h.csv)
for file in "${files[@]}"; do
  row "$(basename "$file" .csv)" "$(basename "$file" .csv)" "" "$file"
done
# Every file in one backtest: each its own stream and its own judged span, every signal in one
# set of figures (signals weigh equally, where a mean over the rows weighs files equally).
if ((${#files[@]} > 1)); then
  row all "all files, one backtest" "each file's own, from $judge_from" "${files[@]}"
fi

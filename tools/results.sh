#!/usr/bin/env bash
# Regenerates the table of docs/results.md: one walk-forward backtest per 15m and 1h file of
# a data folder (default: ../shared/data, the real Binance candles). The first 25% of each
# file only warms the pipeline up (and is the only span any design choice may look at); the
# figures come from the remaining 75%.
#   tools/results.sh [DATA_DIR] [OUT_DIR]
# BACKTEST_FLAGS adds backtest flags, e.g. BACKTEST_FLAGS=--ml (the model stage on).
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir="${1:-../shared/data}"
out_dir="${2:-build/results}"
judge_from="${JUDGE_FROM:-0.25}"
binary=build/release/apps/alphapulse/alphapulse
[[ -x $binary ]] || scripts/build.sh release >/dev/null
mkdir -p "$out_dir"

printf '| file | judged span | candles | signals | accuracy | baseline | edge (se) | expectancy (se) (%% / R) | baseline expectancy | profit factor | max drawdown | expired | filter rate |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
shopt -s nullglob  # a folder without 15m (or 1h) files has no row for them
for file in "$data_dir"/*_15m.csv "$data_dir"/*_1h.csv; do
  name=$(basename "$file" .csv)
  log="$out_dir/$name.txt"
  # shellcheck disable=SC2086
  "$binary" backtest --data "$file" --judge-from "$judge_from" ${BACKTEST_FLAGS:-} --out "$out_dir/$name.jsonl" \
    --report "$out_dir/$name.md" >"$log"
  span=$(sed -n 's/^judged span \([0-9-]*\)T.* \.\. \([0-9-]*\)T.*/\1 .. \2/p' "$log")
  candles=$(sed -n 's/^pipeline *\([0-9]*\) candles.*/\1/p' "$log")
  judged=$(sed -n 's/^signals [0-9]*: judged \([0-9]*\).*/\1/p' "$log")
  se=$(sed -n 's/^edge standard error \([0-9.a-z/]*\).*/\1/p' "$log")
  acc=$(sed -n 's/^accuracy \([0-9.]*%\) vs baseline \([0-9.]*%\) (edge \([-+0-9.]* pp\).*/\1|\2|\3/p' "$log")
  acc="$acc ($se)"  # se may be "n/a" (under 50 judged signals): kept out of the sed expression
  exp_se=$(sed -n 's/^expectancy standard error \([0-9.]*\)% of entry.*/\1/p; s/^expectancy standard error n\/a.*/n\/a/p' "$log")
  exp=$(sed -n 's/^expectancy \([-0-9.]*%\) of entry after fees (\([-0-9.]* R\)) vs baseline \([-0-9.]*%\).*/\1 (SE) \/ \2|\3/p' "$log")
  exp=${exp/SE/$exp_se}
  risk=$(sed -n 's/^taking every signal: profit factor \([0-9.a-z/]*\), max drawdown \([0-9.]*%\).*/\1|\2/p' "$log")
  expired=$(sed -n 's/^expired share \([0-9.]*%\).*/\1/p' "$log")
  filter=$(sed -n 's/^filter rate \([0-9.]*%\).*/\1/p' "$log")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$span" "$candles" "$judged" \
    "$acc" "$exp" "$risk" "$expired" "$filter"
done

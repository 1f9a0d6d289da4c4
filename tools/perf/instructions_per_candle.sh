#!/usr/bin/env bash
# Instructions per candle of the signal pipeline, the figure the speed sessions cut (issue 3,
# item 4): callgrind counts instructions exactly and repeatably, where wall clock on this shared
# VM swings by 2x. Runs `alphapulse backtest` of BTCUSDT 15m (35,110 candles) under callgrind,
# collecting only inside SignalPipeline::on_closed_candle (and its .cold part), and prints the
# instructions collected divided by the candles the backtest fed the pipeline, then the same
# for its parts (inclusive; a part inlined into its caller prints as "inlined").
#   tools/perf/instructions_per_candle.sh BUILD_DIR   (DATA_DIR: default ../shared/data of the main checkout)
set -euo pipefail
build_dir=${1:?usage: instructions_per_candle.sh BUILD_DIR}
data_dir=${DATA_DIR:-$(cd "$(dirname "$0")/../.." && git worktree list | head -1 | cut -d' ' -f1)/../shared/data}
binary=$build_dir/apps/alphapulse/alphapulse
[[ -x $binary ]] || { echo "no binary $binary" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
  --toggle-collect='alphapulse::strategy::SignalPipeline::on_closed_candle*' \
  "$binary" backtest --data "$data_dir/BTCUSDT_15m.csv" >"$work/stdout" 2>"$work/stderr" ||
  { cat "$work/stderr" >&2; exit 1; }
candles=$(sed -n 's/^pipeline *\([0-9]*\) candles.*/\1/p' "$work/stdout")
[[ -n $candles ]] || { echo "no candle count in the backtest's output" >&2; exit 1; }
callgrind_annotate --inclusive=yes --threshold=100 "$work/callgrind.out" 2>/dev/null |
  sed 's/ *([ 0-9.]*%) *//' >"$work/annotated"
total=$(sed -n 's/^\([0-9,]*\)PROGRAM TOTALS/\1/p' "$work/annotated" | tr -d ,)

per_candle() { awk -v n="$1" -v c="$candles" 'BEGIN { printf "%10.1f", n / c }'; }
echo "candles $candles, instructions in the pipeline $total"
printf '%s  %s\n' "$(per_candle "$total")" "pipeline (SignalPipeline::on_closed_candle)"
for part in 'regime::RegimeDetector::update(' 'regime::RegimeDetector::apply(' \
  'RegimeFeatures::prepare_into(' 'RegimeChangePoint::advance(' 'RegimeDetector::decide(' \
  'regime::network_logits(' 'RegimeFeatures::commit(' 'ta::IndicatorSet::update(' \
  'CandlestickPatterns::apply(' 'CandlestickPatterns::evaluate(' 'strategy::Validator::judge(' \
  'strategy::collect_evidence(' 'HigherTimeframeTrend::update(' \
  'IndicatorSet::decision_values(' 'strategy::propose_candidate('; do
  # Sum over the clones of a function (baseline and .avx2: only one of them runs).
  count=$(awk -v part="::$part" 'index($0, part) && !/\[clone \.cold\]/ {
    gsub(",", "", $1); sum += $1 } END { print sum + 0 }' "$work/annotated")
  if ((count > 0)); then
    printf '%s  %s\n' "$(per_candle "$count")" "${part%(}"
  else
    printf '%10s  %s\n' inlined "${part%(}"
  fi
done

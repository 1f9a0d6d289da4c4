#!/usr/bin/env bash
# One sha256 over every output a speed change must leave bit-identical: for each 15m and 1h file
# of the real candles, `alphapulse backtest` with the default options, with --no-regime and with
# --ml (signals as JSON Lines, the Markdown report, the printed summary) and `alphapulse
# indicators` (every indicator and pattern column, the printed summary). The summaries' timing
# lines ("pipeline ... ms", "speed ...") are dropped: they are the only outputs allowed to move.
# Prints the hash over all files (sorted by name), then one hash per file.
#   tools/perf/output_hashes.sh BUILD_DIR OUT_DIR   (DATA_DIR: default ../shared/data of the main checkout)
set -euo pipefail
build_dir=${1:?usage: output_hashes.sh BUILD_DIR OUT_DIR}
out_dir=${2:?usage: output_hashes.sh BUILD_DIR OUT_DIR}
data_dir=${DATA_DIR:-$(cd "$(dirname "$0")/../.." && git worktree list | head -1 | cut -d' ' -f1)/../shared/data}
binary=$build_dir/apps/alphapulse/alphapulse
[[ -x $binary ]] || { echo "no binary $binary" >&2; exit 1; }
mkdir -p "$out_dir"

drop_timing() { grep -v -e '^pipeline  *[0-9]* candles in' -e '^speed  ' -e '^wrote  '; }

shopt -s nullglob
files=("$data_dir"/*_15m.csv "$data_dir"/*_1h.csv)
((${#files[@]} > 0)) || { echo "no 15m or 1h candle files in $data_dir" >&2; exit 1; }
for file in "${files[@]}"; do
  name=$(basename "$file" .csv)
  for variant in default no-regime ml; do
    case $variant in
      default) flags=() ;;
      no-regime) flags=(--no-regime) ;;
      ml) flags=(--ml) ;;
    esac
    stem=$out_dir/$name.backtest-$variant
    "$binary" backtest --data "$file" "${flags[@]}" --out "$stem.jsonl" --report "$stem.md" >"$stem.raw"
    drop_timing <"$stem.raw" >"$stem.txt"
    rm "$stem.raw"
  done
  stem=$out_dir/$name.indicators
  "$binary" indicators --data "$file" --out "$stem.csv" >"$stem.raw"
  drop_timing <"$stem.raw" >"$stem.txt"
  rm "$stem.raw"
done

cd "$out_dir"
per_file=$(find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%f\n' | LC_ALL=C sort | xargs sha256sum)
printf '%s\n' "$per_file" >SHA256SUMS
echo "all $(sha256sum <SHA256SUMS | cut -d' ' -f1) ($(wc -l <SHA256SUMS) files)"
printf '%s\n' "$per_file"

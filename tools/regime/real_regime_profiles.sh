#!/usr/bin/env bash
# What the detected regimes say about the next candles on real Binance files
# (tools/regime/regime_profile.py; docs/regime.md, "On real candles"): `alphapulse regimes` on
# every 15m and 1h file of a data folder, then one table per timeframe, pooled over its files.
#   tools/regime/real_regime_profiles.sh [DATA_DIR] [-- regime_profile.py options]
set -euo pipefail
cd "$(dirname "$0")/../.."
data_dir=../shared/data
if [[ $# -gt 0 && $1 != -- ]]; then data_dir=$1; shift; fi
[[ ${1:-} == -- ]] && shift
binary=${BINARY:-build/release/apps/alphapulse/alphapulse}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for timeframe in 15m 1h; do
  pairs=()
  for file in "$data_dir"/*_"$timeframe".csv; do
    [[ -e $file ]] || continue
    name=$(basename "$file" .csv)
    "$binary" regimes --data "$file" --out "$work/$name.regimes.csv" >/dev/null
    pairs+=("$file" "$work/$name.regimes.csv")
  done
  ((${#pairs[@]})) || continue
  echo "### $timeframe: $((${#pairs[@]} / 2)) files ($(for ((i = 0; i < ${#pairs[@]}; i += 2)); do basename "${pairs[i]}" .csv; done | paste -sd ' '))"
  echo
  python3 tools/regime/regime_profile.py "${pairs[@]}" "$@"
  echo
done

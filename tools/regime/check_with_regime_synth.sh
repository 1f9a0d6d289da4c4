#!/usr/bin/env bash
# The independent check of the regime detector: series made by shared/tools/regime_synth.py (its
# own random stream), the detector's per-candle output written by the CLI (`alphapulse regimes`),
# and scored by regime_synth.py --score. Prints one row per series and the mean per noise kind.
#   tools/regime/check_with_regime_synth.sh [SEEDS_PER_CELL] [FIRST_SEED]
# Seeds FIRST_SEED.. for each of the four noise kinds (Gaussian, fat tails, clustering, both),
# base volatility cycling through 0.001, 0.003, 0.01. Start price 30,000 (the script's default).
# The script prints prices with 2 decimals: a series whose price wanders down to where a tick
# (0.01) is a tenth of a candle's volatility (close < 0.1 / base vol) is quantized there, and no
# volatility-based detector can read it; such series are marked and the means are given with
# and without them.
# Env: SYNTH (default ../shared/tools/regime_synth.py), BINARY (the alphapulse CLI).
set -euo pipefail
cd "$(dirname "$0")/../.."
per_cell=${1:-25}
first=${2:-1}
synth=${SYNTH:-../shared/tools/regime_synth.py}
binary=${BINARY:-build/release/apps/alphapulse/alphapulse}
[[ -f $synth ]] || { echo "error: $synth not found (set SYNTH)" >&2; exit 2; }
[[ -x $binary ]] || { echo "error: $binary not built" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
vols=(0.001 0.003 0.01)
printf 'noise,seed,base_vol,accuracy,lowest_close,quantized\n'
for kind in gaussian fat_tails clustering both; do
  flags=()
  [[ $kind == fat_tails || $kind == both ]] && flags+=(--fat-tails)
  [[ $kind == clustering || $kind == both ]] && flags+=(--vol-clustering)
  for ((i = 0; i < per_cell; i++)); do
    seed=$((first + i))
    vol=${vols[$((i % 3))]}
    python3 "$synth" --seed "$seed" --base-vol "$vol" "${flags[@]}" >"$work/labels.csv"
    "$binary" regimes --data "$work/labels.csv" --out "$work/detected.csv" >/dev/null
    accuracy=$(python3 "$synth" --score "$work/detected.csv" --labels "$work/labels.csv" |
      sed -n 's/.*accuracy \([0-9.]*\)$/\1/p')
    lowest=$(awk -F, 'NR > 1 && (low == "" || $5 < low) { low = $5 } END { print low }' "$work/labels.csv")
    quantized=$(awk -v low="$lowest" -v vol="$vol" 'BEGIN { print (low < 0.1 / vol ? "yes" : "no") }')
    printf '%s,%d,%s,%s,%s,%s\n' "$kind" "$seed" "$vol" "$accuracy" "$lowest" "$quantized"
  done
done | tee "$work/rows"
awk -F, '{ n[$1]++; s[$1] += $4; all += $4; total++ }
  $6 == "no" { m[$1]++; t[$1] += $4; clean += $4; kept++ }
  END { for (k in n) printf "mean %-10s %.4f over %d series, %.4f over the %d not quantized\n", k, s[k] / n[k], n[k], (m[k] ? t[k] / m[k] : 0), m[k];
        printf "mean all        %.4f over %d series, %.4f over the %d not quantized\n", all / total, total, (kept ? clean / kept : 0), kept }' "$work/rows" | sort

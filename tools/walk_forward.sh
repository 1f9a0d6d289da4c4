#!/usr/bin/env bash
# The walk-forward protocol with re-selection on every 15m and 1h file of a data folder
# (default ../shared/data): `alphapulse walkforward` over a menu of trials, the judged span (the
# last 75%) cut into FOLDS folds (default 4), each traded with the trial that did best on every
# candle before it. The menu is a file (MENU, default tools/menus/levels.txt: the twelve level
# settings of the session-16 design sweep, docs/results.md "Levels chosen on the design spans",
# the defaults first), one trial per line: `defaults`, or KEY=VALUE settings separated by spaces;
# `#` starts a comment. Each menu run in docs/results.md is a file in tools/menus/, written
# before its run. One row per file: the trials chosen fold by fold, the kept signals' figures,
# and for comparison the defaults held fixed and the best trial held fixed in hindsight (which
# nobody could have picked in advance). A last row runs every file at once: folds of calendar
# time over all of them, each choice on all their pasts pooled (what re-tuning every stream
# together would have done).
#   [MENU=FILE] tools/walk_forward.sh [DATA_DIR] [OUT_DIR]      (WALK_FORWARD_FLAGS adds flags)
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir="${1:-../shared/data}"
out_dir="${2:-build/walk_forward}"
binary=build/release/apps/alphapulse/alphapulse
# shellcheck source=tools/summary_fields.sh
source tools/summary_fields.sh
[[ -x $binary ]] || scripts/build.sh release >/dev/null
mkdir -p "$out_dir"
menu="${MENU:-tools/menus/levels.txt}"
trials=()
while IFS= read -r line || [[ -n $line ]]; do
  line="${line%%#*}"
  line="${line#"${line%%[![:space:]]*}"}"  # trimmed at both ends
  line="${line%"${line##*[![:space:]]}"}"
  [[ -z $line ]] && continue
  [[ $line == defaults ]] && line=""
  trials+=(--try "$line")
done <"$menu"
((${#trials[@]} > 0)) || { echo "no trials in $menu" >&2; exit 2; }

printf '| file | trials chosen | signals | accuracy | baseline | edge (se) | expectancy (se) | baseline expectancy | filter rate | defaults held fixed | best held fixed (hindsight) |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
shopt -s nullglob
row() {  # NAME LOG REPORT
  local chosen fixed
  chosen=$(sed -n 's/^fold .*: trial \([0-9]*\) .*/\1/p' "$2" | paste -sd, -)
  summary_fields "$2"
  # The hindsight table: trial 1's expectancy, and the best one's.
  fixed=$(awk -F'|' '/^## Each trial held fixed/ { on = 1; next } /^## / { on = 0 }
                     on && $2 ~ /^ [0-9]+ $/ { e = $7; gsub(/[ %+]/, "", e); if ($2 + 0 == 1) d = e
                                               if (best == "" || e + 0 > best + 0) { best = e; t = $2 + 0 } }
                     END { printf "%s%%|%s%% (trial %d)", d, best, t }' "$3")
  printf '| %s | %s | %s | %s | %s (%s)|%s | %s | %s |\n' "$1" "$chosen" "$judged" "$edge_cells" \
    "$expectancy_pct" "$expectancy_se" "$baseline_expectancy" "$filter_rate" "$fixed"
}

files=("$data_dir"/*_15m.csv "$data_dir"/*_1h.csv)
for file in "${files[@]}"; do
  name=$(basename "$file" .csv)
  # shellcheck disable=SC2086
  "$binary" walkforward --data "$file" --folds "${FOLDS:-4}" "${trials[@]}" ${WALK_FORWARD_FLAGS:-} \
    --out "$out_dir/$name.jsonl" --report "$out_dir/$name.md" >"$out_dir/$name.txt"
  row "$name" "$out_dir/$name.txt" "$out_dir/$name.md"
done
if ((${#files[@]} > 1)); then
  data=()
  for file in "${files[@]}"; do data+=(--data "$file"); done
  # shellcheck disable=SC2086
  "$binary" walkforward "${data[@]}" --folds "${FOLDS:-4}" "${trials[@]}" ${WALK_FORWARD_FLAGS:-} \
    --out "$out_dir/pooled.jsonl" --report "$out_dir/pooled.md" >"$out_dir/pooled.txt"
  row "all files, pooled (calendar folds)" "$out_dir/pooled.txt" "$out_dir/pooled.md"
fi

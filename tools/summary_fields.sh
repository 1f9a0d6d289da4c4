# shellcheck shell=bash
# tools/summary_fields.sh: sourced by tools/results.sh and tools/walk_forward.sh. Reads the
# figures a backtest's or walkforward's summary prints (evaluation::to_text) into shell variables,
# so both tables parse the summary the same way:
#   summary_fields LOG
# sets judged (judged signals), edge_cells ("accuracy|baseline|edge (se)"), expectancy_pct,
# expectancy_r, expectancy_se (a number or n/a), baseline_expectancy and filter_rate.
# shellcheck disable=SC2034  # the variables are the function's output, read by the callers
summary_fields() {
  local log=$1 se
  judged=$(sed -n 's/^signals [0-9]*: judged \([0-9]*\).*/\1/p' "$log")
  se=$(sed -n 's/^edge standard error \([0-9.a-z/]*\).*/\1/p' "$log")
  edge_cells=$(sed -n 's/^accuracy \([0-9.]*%\) vs baseline \([0-9.]*%\) (edge \([-+0-9.]* pp\).*/\1|\2|\3/p' "$log")
  edge_cells="$edge_cells ($se)"  # se may be "n/a" (under 50 judged signals)
  expectancy_se=$(sed -n 's/^expectancy standard error \([0-9.]*\)% of entry.*/\1/p; s/^expectancy standard error n\/a.*/n\/a/p' "$log")
  expectancy_pct=$(sed -n 's/^expectancy \([-0-9.]*%\) of entry after fees.*/\1/p' "$log")
  expectancy_r=$(sed -n 's/^expectancy [-0-9.]*% of entry after fees (\([-0-9.]* R\)).*/\1/p' "$log")
  baseline_expectancy=$(sed -n 's/^expectancy .* vs baseline \([-0-9.]*%\).*/\1/p' "$log")
  filter_rate=$(sed -n 's/^filter rate \([0-9.]*%\).*/\1/p' "$log")
}

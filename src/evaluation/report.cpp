// evaluation/report: see report.hpp.
#include "evaluation/report.hpp"

#include <cmath>
#include <cstdio>

#include "evaluation/json_text.hpp"

namespace alphapulse::evaluation {
namespace {

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string percent(double fraction) {
  return std::isfinite(fraction) ? fixed(100.0 * fraction, 2) + "%" : "n/a";
}

std::string fixed_percent(double value) {  // a value already in percent, 4 decimals
  return std::isfinite(value) ? fixed(value, 4) + "%" : "n/a";
}

std::string signed_points(double fraction) {  // an edge, in percentage points
  if (!std::isfinite(fraction)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.2f pp", 100.0 * fraction);
  return buf;
}

constexpr const char* kTableHeader =
    "| signals | judged | open | unmatched | wins | losses | expired | accuracy | expired share "
    "| expectancy % | expectancy R | baseline accuracy | baseline expectancy % | edge | edge se "
    "| profit factor | max drawdown % | longest losing streak | expectancy se % |\n";
constexpr const char* kTableRule =
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    "---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";

std::string points(double fraction) {  // a standard error, in percentage points
  return std::isfinite(fraction) ? fixed(100.0 * fraction, 2) + " pp" : "n/a";
}

std::string standard_error_percent(double value) {  // the expectancy's, % of entry
  return std::isfinite(value) ? fixed(value, 4) : "n/a";
}

std::string table_cells(const Metrics& m) {
  return "| " + std::to_string(m.signals) + " | " + std::to_string(m.judged()) + " | " +
         std::to_string(m.open) + " | " + std::to_string(m.unmatched) + " | " +
         std::to_string(m.wins) + " | " + std::to_string(m.losses) + " | " +
         std::to_string(m.expired) + " | " + percent(m.accuracy()) + " | " +
         percent(m.expired_share()) + " | " + fixed(m.mean_return_pct(), 4) + " | " +
         fixed(m.mean_return_r(), 3) + " | " + percent(m.baseline_accuracy()) + " | " +
         fixed(m.baseline_mean_return_pct(), 4) + " | " + signed_points(m.edge()) + " | " +
         points(m.edge_standard_error()) + " | " + fixed(m.trades.profit_factor(), 3) + " | " +
         fixed(m.trades.max_drawdown_pct, 2) + " | " +
         std::to_string(m.trades.longest_losing_streak) + " | " +
         standard_error_percent(m.expectancy_standard_error()) + " |\n";
}

template <typename Map, typename Name>
void append_breakdown(std::string& out, const std::string& title, const std::string& key_name,
                      const Map& rows, Name&& name_of) {
  out += "\n## " + title + "\n\n";
  if (rows.empty()) {
    out += "No signals.\n";
    return;
  }
  out += "| " + key_name + " " + kTableHeader;
  out += "|---" + std::string(kTableRule);
  for (const auto& [key, metrics] : rows) out += "| " + name_of(key) + " " + table_cells(metrics);
}

}  // namespace

std::string figures_line(const Metrics& m) {
  return "accuracy " + format_shortest(m.accuracy()) + " wins " + std::to_string(m.wins) +
         " losses " + std::to_string(m.losses) + " expired " + std::to_string(m.expired) +
         " open " + std::to_string(m.open) + " expectancy_pct " +
         format_shortest(m.mean_return_pct());
}

std::string risk_line(const Metrics& m) {
  return "profit_factor " + format_shortest(m.trades.profit_factor()) + " max_drawdown_pct " +
         format_shortest(m.trades.max_drawdown_pct) + " longest_losing_streak " +
         std::to_string(m.trades.longest_losing_streak) + " expectancy_se_pct " +
         format_shortest(m.expectancy_standard_error());
}

std::string baseline_line(const Metrics& m) {
  return "baseline accuracy " + format_shortest(m.baseline_accuracy()) + " wins " +
         std::to_string(m.baseline_wins) + " judged " + std::to_string(m.baseline_judged) +
         " expectancy_pct " + format_shortest(m.baseline_mean_return_pct());
}

std::string to_text(const EvaluationSummary& s) {
  const Metrics& m = s.overall;
  std::string out = figures_line(m) + "\n" + baseline_line(m) + "\n";
  out += "signals " + std::to_string(m.signals) + ": judged " + std::to_string(m.judged()) +
         ", open " + std::to_string(m.open) + ", unmatched " + std::to_string(m.unmatched) + "\n";
  out += "accuracy " + percent(m.accuracy()) + " vs baseline " + percent(m.baseline_accuracy()) +
         " (edge " + signed_points(m.edge()) + ", " + std::to_string(m.baseline_judged) +
         " baseline samples)\n";
  out += "edge standard error " + points(m.edge_standard_error()) +
         " (batch means over consecutive signals, so overlapping walks are not counted as "
         "independent)\n";
  out += "expired share " + percent(m.expired_share()) + "\n";
  out += "expectancy " + fixed_percent(m.mean_return_pct()) + " of entry after fees (" +
         fixed(m.mean_return_r(), 3) + " R) vs baseline " +
         fixed_percent(m.baseline_mean_return_pct()) + "\n";
  const double expectancy_se = m.expectancy_standard_error();
  out += "expectancy standard error " +
         (std::isfinite(expectancy_se) ? fixed(expectancy_se, 4) + "% of entry" : "n/a") +
         " (batch means, as the edge's)\n";
  out += "taking every signal: profit factor " + fixed(m.trades.profit_factor(), 3) +
         ", max drawdown " + fixed(m.trades.max_drawdown_pct, 2) +
         "% of one position (returns summed in signal order), longest losing streak " +
         std::to_string(m.trades.longest_losing_streak) + "\n";
  out += "filter rate " + percent(s.filter.filter_rate()) + " (" +
         std::to_string(s.filter.rejected) + " rejected of " + std::to_string(s.filter.candidates) +
         " candidates)\n";
  for (const auto& [reason, count] : s.filter.rejection_reasons) {
    out += "  " + reason + ": " + std::to_string(count) + "\n";
  }
  return out;
}

std::string fee_text(double fee_rate_per_side) {
  char text[64];
  std::snprintf(text, sizeof text, "%g%%", fee_rate_per_side * 100);
  std::string out = text;
  if (fee_rate_per_side != kFeeRatePerSide) out += " (not EVALUATION.md's 0.1%)";
  return out;
}

std::string to_markdown(const EvaluationSummary& s) {
  std::string out = "# Signal evaluation\n\n";
  out +=
      "Rules: shared/docs/EVALUATION.md. Accuracy = wins / (wins + losses + expired); "
      "open signals are left out of every figure. Expectancy in percent of entry after " +
      fee_text(s.fee_rate_per_side) +
      " fees per side, and in R. Edge = accuracy - baseline accuracy; edge se is its "
      "standard error by batch means over up to 20 batches of consecutive signals (n/a under "
      "50 judged signals); expectancy se (last column) is the expectancy's, by the same "
      "batches. Profit factor, max drawdown (in % of one position's notional, each "
      "signal's return summed in signal order at equal notional) and the longest run of losing "
      "trades (negative return after fees) describe taking every signal of the row. By "
      "confidence groups the signals by their confidence (the quality score) in tenths: a higher "
      "confidence is only worth more if its rows show it.\n";
  out += "\n## Overall\n\n";
  out += kTableHeader;
  out += kTableRule;
  out += table_cells(s.overall);
  append_breakdown(out, "By market regime", "regime", s.by_regime,
                   [](core::MarketRegime r) { return std::string(core::to_string(r)); });
  append_breakdown(out, "By pattern", "pattern", s.by_pattern,
                   [](const std::string& p) { return p; });
  append_breakdown(out, "By direction", "direction", s.by_direction,
                   [](core::Direction d) { return std::string(core::to_string(d)); });
  append_breakdown(out, "By quarter", "quarter", s.by_quarter,
                   [](const std::string& q) { return q; });
  append_breakdown(out, "By confidence", "confidence", s.by_confidence,
                   [](const std::string& band) { return band; });
  append_breakdown(out, "By stream", "stream", s.by_stream,
                   [](const StreamKey& k) { return to_string(k); });
  out += "\n## Filter\n\n";
  out += "| candidates | rejected | filter rate |\n|---:|---:|---:|\n";
  out += "| " + std::to_string(s.filter.candidates) + " | " + std::to_string(s.filter.rejected) +
         " | " + percent(s.filter.filter_rate()) + " |\n";
  if (!s.filter.rejection_reasons.empty()) {
    out += "\n| rejection reason | count |\n|---|---:|\n";
    for (const auto& [reason, count] : s.filter.rejection_reasons) {
      out += "| " + reason + " | " + std::to_string(count) + " |\n";
    }
  }
  return out;
}

std::string to_markdown(const FilterCheck& check) {
  std::string out;
  append_breakdown(out, "Filter check: every candidate judged as if signalled", "verdict",
                   check.by_verdict(), [](const std::string& group) { return group; });
  out +=
      "\nEach candidate of the judged span, accepted or rejected, judged by the same rules "
      "with its own levels and baseline; the accepted row is the signals themselves. " +
      std::to_string(check.without_trade()) + " candidate(s) had levels that make no trade.\n";
  return out;
}

std::string to_text(const FilterCheck& check) {
  std::string out = "filter check";
  const char* separator = " ";
  for (const char* group : {"accepted", "rejected"}) {
    const auto it = check.by_verdict().find(group);
    if (it == check.by_verdict().end()) continue;
    const Metrics& m = it->second;
    out += separator + std::string(group) + " " + percent(m.accuracy()) + " (edge " +
           signed_points(m.edge()) + ", expectancy " + fixed_percent(m.mean_return_pct()) + ", " +
           std::to_string(m.judged()) + " judged)";
    separator = ", ";
  }
  return out + (check.by_verdict().empty() ? ": no candidate judged\n" : "\n");
}

}  // namespace alphapulse::evaluation

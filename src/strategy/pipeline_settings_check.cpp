#include "strategy/pipeline_settings_check.hpp"

#include <cmath>
#include <sstream>

namespace alphapulse::strategy {
namespace {

// A setting as a person wrote it: up to 15 significant digits, so 0.75 stays "0.75" and a rate
// of 0.7 shown as a percentage is "70", not the "70.00000000000001" of 0.7 * 100 in full.
std::string number(double v) {
  std::ostringstream out;
  out.precision(15);
  out << v;
  return out.str();
}

bool positive(double v) {
  return std::isfinite(v) && v > 0;
}

// Nothing while every playbook trades (the default), so a default report reads as before.
std::string traded_regimes_note(RegimeSet traded) {
  if ((traded & kRegimesWithPlaybook) == kRegimesWithPlaybook) return "";
  std::string names;
  for (int r = 0; r < core::kMarketRegimeCount; ++r) {
    const auto regime = static_cast<core::MarketRegime>(r);
    if ((traded & regime_bit(regime)) == 0 || regime == core::MarketRegime::kChoppy) continue;
    names += (names.empty() ? "" : ", ") + std::string(core::to_string(regime));
  }
  return "; only the playbooks of " + (names.empty() ? std::string("no regime") : names) +
         " trade (the other regimes' candidates are rejected)";
}

// Nothing at the default weights, so a default report reads as before.
std::string score_weights_note(const ValidatorSettings& filter) {
  const ValidatorSettings defaults;
  if (filter.weight_confluence == defaults.weight_confluence &&
      filter.weight_regime == defaults.weight_regime &&
      filter.weight_higher_timeframe == defaults.weight_higher_timeframe &&
      filter.weight_volume == defaults.weight_volume && filter.weight_risk == defaults.weight_risk)
    return "";
  return "; the score weighs confluence " + number(filter.weight_confluence) + ", regime " +
         number(filter.weight_regime) + ", higher timeframe " +
         number(filter.weight_higher_timeframe) + ", volume " + number(filter.weight_volume) +
         ", risk " + number(filter.weight_risk);
}

}  // namespace

std::vector<std::string> settings_problems(const PipelineSettings& settings) {
  std::vector<std::string> problems;
  const LevelSettings& levels = settings.levels;
  if (levels.swing_lookback < 1) problems.emplace_back("swing_lookback_candles must be at least 1");
  if (!std::isfinite(levels.swing_buffer_atr) || levels.swing_buffer_atr < 0)
    problems.emplace_back("swing_buffer_atr must be 0 or more");
  if (!positive(levels.stop_min_atr) || !positive(levels.stop_max_atr)) {
    problems.emplace_back("stop_min_atr and stop_max_atr must be above 0");
  } else if (levels.stop_min_atr > levels.stop_max_atr) {
    problems.emplace_back("stop_min_atr (" + number(levels.stop_min_atr) +
                          ") is above stop_max_atr (" + number(levels.stop_max_atr) +
                          "): the stop's distance could not be clamped between them");
  }
  bool targets_ok = true;
  for (std::size_t i = 0; i < levels.target_r.size(); ++i) {
    targets_ok = targets_ok && positive(levels.target_r[i]) &&
                 (i == 0 || levels.target_r[i] > levels.target_r[i - 1]);
  }
  if (!targets_ok)
    problems.emplace_back("take_profit_r must be four increasing multiples of the risk above 0");
  const ValidatorSettings& filter = settings.validator;
  if (!(filter.target_filter_rate >= 0 && filter.target_filter_rate < 1))
    problems.emplace_back("target_filter_rate must be from 0 up to (not including) 1");
  if (filter.score_window < 1 || filter.score_window > Validator::kMaxScoreWindow)
    problems.emplace_back("score_window_candidates must be from 1 to " +
                          std::to_string(Validator::kMaxScoreWindow));
  if (filter.cooldown_candles < 0) problems.emplace_back("cooldown_candles must be 0 or more");
  if (!(filter.min_stop_distance_pct >= 0 && filter.min_stop_distance_pct <= 50))
    problems.emplace_back("min_stop_distance_pct must be from 0 (off) to 50");
  const double weights[] = {filter.weight_confluence, filter.weight_regime,
                            filter.weight_higher_timeframe, filter.weight_volume,
                            filter.weight_risk};
  double weight_sum = 0;
  bool weights_ok = true;
  for (const double w : weights) {
    weights_ok = weights_ok && w >= 0 && w <= 1;  // NaN fails both
    weight_sum += w;
  }
  if (!weights_ok || !(std::abs(weight_sum - 1) <= 1e-6))
    problems.emplace_back("score_weights must be five weights from 0 to 1 that sum to 1");
  if ((filter.traded_regimes & kRegimesWithPlaybook) == 0) {
    problems.emplace_back("traded_regimes must name at least one regime with a playbook");
  } else if (!settings.enable_regime_detection &&
             (filter.traded_regimes & regime_bit(core::MarketRegime::kWeakTrend)) == 0) {
    problems.emplace_back(
        "traded_regimes leaves out weak_trend, and with regime detection off every candle counts "
        "as weak_trend: nothing would trade");
  }
  return problems;
}

std::vector<std::string> describe_settings(const PipelineSettings& settings) {
  const LevelSettings& levels = settings.levels;
  const ValidatorSettings& filter = settings.validator;
  std::string targets;
  for (const double r : levels.target_r) targets += (targets.empty() ? "" : ", ") + number(r);
  return {
      "levels: stop beyond the " + std::to_string(levels.swing_lookback) + "-candle swing + " +
          number(levels.swing_buffer_atr) + " ATR, clamped to " + number(levels.stop_min_atr) +
          "-" + number(levels.stop_max_atr) + " ATR; TP1..TP4 at " + targets + " R",
      "filter: a candidate passes the quality gate when its score reaches the " +
          number(filter.target_filter_rate * 100) + "% quantile of the last " +
          std::to_string(filter.score_window) +
          " candidates' (walk-forward); a setup repeating a signal within " +
          std::to_string(filter.cooldown_candles) + " candles is no candidate" +
          (filter.min_stop_distance_pct > 0
               ? "; a stop nearer than " + number(filter.min_stop_distance_pct) +
                     "% of entry is rejected"
               : "") +
          traded_regimes_note(filter.traded_regimes) + score_weights_note(filter),
      std::string("stages: regime detection ") + (settings.enable_regime_detection ? "on" : "off") +
          ", model " + (settings.enable_ml ? "on" : "off"),
  };
}

}  // namespace alphapulse::strategy

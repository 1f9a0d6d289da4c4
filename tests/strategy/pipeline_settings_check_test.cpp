#include "strategy/pipeline_settings_check.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace alphapulse::strategy {
namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string all;
  for (const auto& line : lines) all += line + "\n";
  return all;
}

TEST(PipelineSettingsCheck, TheDefaultsAreUsable) {
  EXPECT_TRUE(settings_problems(PipelineSettings{}).empty())
      << joined(settings_problems(PipelineSettings{}));
}

TEST(PipelineSettingsCheck, AStopFloorAboveItsCeilingIsRefusedWithBothValues) {
  PipelineSettings s;
  s.levels.stop_min_atr = 7;  // the ceiling left at its default, 6
  const auto problems = settings_problems(s);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_NE(problems[0].find("stop_min_atr (7) is above stop_max_atr (6)"), std::string::npos)
      << problems[0];
  s.levels.stop_max_atr = 7;  // equal: a fixed distance, which is allowed
  EXPECT_TRUE(settings_problems(s).empty());
}

TEST(PipelineSettingsCheck, EachBrokenSettingNamesItsKey) {
  struct Case {
    const char* key;
    void (*breaks)(PipelineSettings&);
  };
  const Case cases[] = {
      {"swing_lookback_candles", [](PipelineSettings& s) { s.levels.swing_lookback = 0; }},
      {"swing_buffer_atr", [](PipelineSettings& s) { s.levels.swing_buffer_atr = -1; }},
      {"stop_min_atr", [](PipelineSettings& s) { s.levels.stop_min_atr = 0; }},
      {"stop_max_atr",
       [](PipelineSettings& s) {
         s.levels.stop_max_atr = std::numeric_limits<double>::quiet_NaN();
       }},
      {"take_profit_r",
       [](PipelineSettings& s) {
         s.levels.target_r = {1, 2, 2, 3};
       }},
      {"take_profit_r",
       [](PipelineSettings& s) {
         s.levels.target_r = {-1, 2, 3, 4};
       }},
      {"target_filter_rate", [](PipelineSettings& s) { s.validator.target_filter_rate = 1; }},
      {"score_window_candidates", [](PipelineSettings& s) { s.validator.score_window = 0; }},
      {"score_window_candidates",
       [](PipelineSettings& s) { s.validator.score_window = Validator::kMaxScoreWindow + 1; }},
      {"cooldown_candles", [](PipelineSettings& s) { s.validator.cooldown_candles = -1; }},
      {"min_stop_distance_pct",
       [](PipelineSettings& s) { s.validator.min_stop_distance_pct = -1; }},
      {"min_stop_distance_pct",
       [](PipelineSettings& s) { s.validator.min_stop_distance_pct = std::nan(""); }},
      {"traded_regimes", [](PipelineSettings& s) { s.validator.traded_regimes = 0; }},
      {"score_weights", [](PipelineSettings& s) { s.validator.weight_risk = 0.25; }},  // sum 1.1
      {"score_weights",
       [](PipelineSettings& s) {
         s.validator.weight_confluence = 0.7;  // sums to 1, but one weight is negative
         s.validator.weight_regime = -0.2;
       }},
      {"score_weights", [](PipelineSettings& s) { s.validator.weight_volume = std::nan(""); }},
      {"traded_regimes",  // choppy alone: it has no playbook, so nothing would trade
       [](PipelineSettings& s) {
         s.validator.traded_regimes = regime_bit(core::MarketRegime::kChoppy);
       }},
      {"traded_regimes",  // without the regime every candle is weak_trend, switched off here
       [](PipelineSettings& s) {
         s.enable_regime_detection = false;
         s.validator.traded_regimes = regime_bit(core::MarketRegime::kRanging);
       }},
  };
  for (const auto& c : cases) {
    PipelineSettings s;
    c.breaks(s);
    const auto problems = settings_problems(s);
    ASSERT_EQ(problems.size(), 1u) << c.key << ": " << joined(problems);
    EXPECT_NE(problems[0].find(c.key), std::string::npos) << problems[0];
  }
}

TEST(PipelineSettingsCheck, TheDescriptionCarriesEveryValue) {
  PipelineSettings s;
  s.levels.swing_lookback = 14;
  s.levels.swing_buffer_atr = 0.5;
  s.levels.stop_min_atr = 1.25;
  s.levels.stop_max_atr = 2.5;
  s.levels.target_r = {1, 2, 3.5, 6};
  s.validator.target_filter_rate = 0.65;
  s.validator.score_window = 100;
  s.validator.cooldown_candles = 4;
  s.enable_ml = true;
  EXPECT_EQ(joined(describe_settings(s)).find("nearer than"), std::string::npos);   // off: unsaid
  EXPECT_EQ(joined(describe_settings(s)).find("playbooks of"), std::string::npos);  // all trade
  EXPECT_EQ(joined(describe_settings(s)).find("score weighs"), std::string::npos);  // defaults
  s.validator.weight_confluence = 0.5;
  s.validator.weight_higher_timeframe = 0;
  s.validator.min_stop_distance_pct = 0.8;
  s.validator.traded_regimes =
      regime_bit(core::MarketRegime::kStrongTrendBear) | regime_bit(core::MarketRegime::kRanging);
  const std::string text = joined(describe_settings(s));
  for (const char* part :
       {"14-candle swing + 0.5 ATR", "clamped to 1.25-2.5 ATR", "TP1..TP4 at 1, 2, 3.5, 6 R",
        "the 65% quantile of the last 100", "within 4 candles", "regime detection on, model on",
        "a stop nearer than 0.8% of entry is rejected",
        "only the playbooks of strong_trend_bear, ranging trade",
        "the score weighs confluence 0.5, regime 0.2, higher timeframe 0, volume 0.15, risk "
        "0.15"}) {
    EXPECT_NE(text.find(part), std::string::npos) << part << " in\n" << text;
  }
}

}  // namespace
}  // namespace alphapulse::strategy

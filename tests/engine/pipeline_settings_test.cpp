#include "engine/pipeline_settings.hpp"

#include <gtest/gtest.h>

namespace alphapulse::engine {
namespace {

TEST(PipelineSettingsFromConfig, NothingConfiguredGivesTheStrategyDefaults) {
  const strategy::PipelineSettings defaults;
  const auto built = pipeline_settings(config::Settings{});
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built.settings.levels.target_r, defaults.levels.target_r);
  EXPECT_EQ(built.settings.levels.stop_min_atr, defaults.levels.stop_min_atr);
  EXPECT_EQ(built.settings.levels.stop_max_atr, defaults.levels.stop_max_atr);
  EXPECT_EQ(built.settings.levels.swing_lookback, defaults.levels.swing_lookback);
  EXPECT_EQ(built.settings.levels.swing_buffer_atr, defaults.levels.swing_buffer_atr);
  EXPECT_EQ(built.settings.validator.target_filter_rate, defaults.validator.target_filter_rate);
  EXPECT_EQ(built.settings.validator.score_window, defaults.validator.score_window);
  EXPECT_EQ(built.settings.validator.cooldown_candles, defaults.validator.cooldown_candles);
  EXPECT_EQ(built.settings.enable_ml, defaults.enable_ml);
  EXPECT_EQ(built.settings.enable_regime_detection, defaults.enable_regime_detection);
}

TEST(PipelineSettingsFromConfig, EachOverrideLandsInItsField) {
  config::Settings c;
  c.strategy.swing_lookback_candles = 14;
  c.strategy.swing_buffer_atr = 0.5;
  c.strategy.stop_min_atr = 1.5;
  c.strategy.stop_max_atr = 2;
  c.strategy.take_profit_r = std::array<double, 4>{1, 2, 3, 5};
  c.strategy.target_filter_rate = 0.6;
  c.strategy.score_window_candidates = 120;
  c.strategy.cooldown_candles = 3;
  c.strategy.min_stop_distance_pct = 0.75;
  c.strategy.traded_regimes =
      std::vector<core::MarketRegime>{core::MarketRegime::kWeakTrend, core::MarketRegime::kRanging};
  c.strategy.score_weights = std::array<double, 5>{0.4, 0.1, 0.2, 0.2, 0.1};
  c.enable_ml = true;
  c.enable_regime_detection = false;
  const auto built = pipeline_settings(c);
  ASSERT_TRUE(built.ok()) << built.errors.front();
  const auto& s = built.settings;
  EXPECT_EQ(s.levels.swing_lookback, 14);
  EXPECT_EQ(s.levels.swing_buffer_atr, 0.5);
  EXPECT_EQ(s.levels.stop_min_atr, 1.5);
  EXPECT_EQ(s.levels.stop_max_atr, 2.0);
  EXPECT_EQ(s.levels.target_r, (std::array<double, 4>{1, 2, 3, 5}));
  EXPECT_EQ(s.validator.target_filter_rate, 0.6);
  EXPECT_EQ(s.validator.score_window, 120);
  EXPECT_EQ(s.validator.cooldown_candles, 3);
  EXPECT_EQ(s.validator.min_stop_distance_pct, 0.75);
  EXPECT_EQ(s.validator.traded_regimes, 0b001100);  // bits 1 << regime: weak_trend 2, ranging 3
  EXPECT_EQ(s.validator.weight_confluence, 0.4);
  EXPECT_EQ(s.validator.weight_regime, 0.1);
  EXPECT_EQ(s.validator.weight_higher_timeframe, 0.2);
  EXPECT_EQ(s.validator.weight_volume, 0.2);
  EXPECT_EQ(s.validator.weight_risk, 0.1);
  EXPECT_TRUE(s.enable_ml);
  EXPECT_FALSE(s.enable_regime_detection);
  // What the user did not set keeps its default.
  EXPECT_EQ(s.validator.min_history, strategy::ValidatorSettings{}.min_history);
}

TEST(PipelineSettingsFromConfig, AFloorAboveTheDefaultCeilingIsAnError) {
  // Each key alone is in range; together with the ceiling's default (6 ATR) they cannot hold.
  config::Settings c;
  c.strategy.stop_min_atr = 6.5;
  const auto built = pipeline_settings(c);
  ASSERT_EQ(built.errors.size(), 1u);
  EXPECT_NE(built.errors[0].find("stop_min_atr (6.5) is above stop_max_atr (6)"), std::string::npos)
      << built.errors[0];
}

}  // namespace
}  // namespace alphapulse::engine

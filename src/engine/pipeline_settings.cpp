#include "engine/pipeline_settings.hpp"

#include "strategy/pipeline_settings_check.hpp"

namespace alphapulse::engine {

PipelineSettingsResult pipeline_settings(const config::Settings& configured) {
  PipelineSettingsResult out;
  strategy::PipelineSettings& s = out.settings;
  const config::StrategyOverrides& o = configured.strategy;
  if (o.swing_lookback_candles) s.levels.swing_lookback = *o.swing_lookback_candles;
  if (o.swing_buffer_atr) s.levels.swing_buffer_atr = *o.swing_buffer_atr;
  if (o.stop_min_atr) s.levels.stop_min_atr = *o.stop_min_atr;
  if (o.stop_max_atr) s.levels.stop_max_atr = *o.stop_max_atr;
  if (o.take_profit_r) s.levels.target_r = *o.take_profit_r;
  if (o.target_filter_rate) s.validator.target_filter_rate = *o.target_filter_rate;
  if (o.score_window_candidates) s.validator.score_window = *o.score_window_candidates;
  if (o.cooldown_candles) s.validator.cooldown_candles = *o.cooldown_candles;
  if (o.min_stop_distance_pct) s.validator.min_stop_distance_pct = *o.min_stop_distance_pct;
  if (o.score_weights) {
    const auto& w = *o.score_weights;
    s.validator.weight_confluence = w[0];
    s.validator.weight_regime = w[1];
    s.validator.weight_higher_timeframe = w[2];
    s.validator.weight_volume = w[3];
    s.validator.weight_risk = w[4];
  }
  if (o.traded_regimes) {
    s.validator.traded_regimes = 0;
    for (const auto regime : *o.traded_regimes)
      s.validator.traded_regimes |= strategy::regime_bit(regime);
  }
  s.enable_regime_detection = configured.enable_regime_detection;
  s.enable_ml = configured.enable_ml;
  out.errors = strategy::settings_problems(s);
  return out;
}

}  // namespace alphapulse::engine

// ta/indicator_columns: the stable column names of `alphapulse indicators` output, the same
// names as the TA-Lib reference files (tests/data/talib/README.upstream.md), mapped to the
// fields of IndicatorValues. Changing a name breaks every consumer of the CSV.
#pragma once

#include <array>
#include <cmath>
#include <string_view>

#include "ta/indicator_set.hpp"

namespace alphapulse::ta {

struct IndicatorColumn {
  std::string_view name;
  double (*get)(const IndicatorValues&);
};

// +2/+1: hidden/regular bullish divergence confirmed at this candle; -1/-2 bearish; else 0.
inline double divergence_code(const Divergence& d) {
  if (d.candles_since_confirmation != 0) return 0;
  switch (d.kind) {
    case DivergenceKind::kRegularBullish:
      return 1;
    case DivergenceKind::kHiddenBullish:
      return 2;
    case DivergenceKind::kRegularBearish:
      return -1;
    case DivergenceKind::kHiddenBearish:
      return -2;
    case DivergenceKind::kNone:
      break;
  }
  return 0;
}

// The TA-Lib named columns first (a checker may compare them), then the project's own.
inline constexpr std::array<IndicatorColumn, 31> kIndicatorColumns{{
    {"rsi14", [](const IndicatorValues& v) { return v.rsi; }},
    {"macd_8_24_9", [](const IndicatorValues& v) { return v.macd.macd; }},
    {"macdsignal_8_24_9", [](const IndicatorValues& v) { return v.macd.signal; }},
    {"macdhist_8_24_9", [](const IndicatorValues& v) { return v.macd.histogram; }},
    {"macd_12_26_9", [](const IndicatorValues& v) { return v.macd_standard.macd; }},
    {"macdsignal_12_26_9", [](const IndicatorValues& v) { return v.macd_standard.signal; }},
    {"macdhist_12_26_9", [](const IndicatorValues& v) { return v.macd_standard.histogram; }},
    {"bb_upper_20_2", [](const IndicatorValues& v) { return v.bollinger.upper; }},
    {"bb_middle_20_2", [](const IndicatorValues& v) { return v.bollinger.middle; }},
    {"bb_lower_20_2", [](const IndicatorValues& v) { return v.bollinger.lower; }},
    {"atr14", [](const IndicatorValues& v) { return v.atr.atr; }},
    {"natr14", [](const IndicatorValues& v) { return v.atr.natr; }},
    {"adx14", [](const IndicatorValues& v) { return v.directional.adx; }},
    {"plus_di14", [](const IndicatorValues& v) { return v.directional.plus_di; }},
    {"minus_di14", [](const IndicatorValues& v) { return v.directional.minus_di; }},
    {"ema20", [](const IndicatorValues& v) { return v.ema_fast; }},
    {"ema50", [](const IndicatorValues& v) { return v.ema_slow; }},
    {"sma20", [](const IndicatorValues& v) { return v.sma; }},
    {"obv", [](const IndicatorValues& v) { return v.obv; }},
    {"mfi14", [](const IndicatorValues& v) { return v.mfi; }},
    {"stoch_slowk_14_3_3", [](const IndicatorValues& v) { return v.stochastic.slow_k; }},
    {"stoch_slowd_14_3_3", [](const IndicatorValues& v) { return v.stochastic.slow_d; }},
    {"cci20", [](const IndicatorValues& v) { return v.cci; }},
    {"willr14", [](const IndicatorValues& v) { return v.williams_r; }},
    {"volume_sma20", [](const IndicatorValues& v) { return v.volume.volume_sma; }},
    {"relative_volume20", [](const IndicatorValues& v) { return v.volume.relative_volume; }},
    {"trend_t20", [](const IndicatorValues& v) { return v.trend.t_statistic; }},
    {"trend_r2_20", [](const IndicatorValues& v) { return v.trend.r_squared; }},
    {"breakout20",
     [](const IndicatorValues& v) {
       return std::isnan(v.breakout.channel_high) ? v.breakout.channel_high
                                                  : static_cast<double>(v.breakout.signal);
     }},
    {"breakout_strength20", [](const IndicatorValues& v) { return v.breakout.strength; }},
    {"rsi_divergence", [](const IndicatorValues& v) { return divergence_code(v.divergence); }},
}};

}  // namespace alphapulse::ta

// ta/indicator_columns: the stable column names of `alphapulse indicators` output, the same
// names as the TA-Lib reference files (tests/data/talib/README.upstream.md), mapped to the
// fields of IndicatorValues. Changing a name breaks every consumer of the CSV.
#pragma once

#include <array>
#include <string_view>

#include "ta/indicator_set.hpp"

namespace alphapulse::ta {

struct IndicatorColumn {
  std::string_view name;
  double (*get)(const IndicatorValues&);
};

inline constexpr std::array<IndicatorColumn, 24> kIndicatorColumns{{
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
}};

}  // namespace alphapulse::ta

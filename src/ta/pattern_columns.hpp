// ta/pattern_columns: the stable CSV column names of the candlestick patterns, as in the
// TA-Lib reference files (cdl_doji, cdl_3whitesoldiers, ...).
#pragma once

#include <array>
#include <string_view>

#include "ta/candle_patterns.hpp"

namespace alphapulse::ta {

struct PatternColumn {
  std::string_view name;
  CandlePattern pattern;
};

inline constexpr std::array<PatternColumn, kCandlePatternCount> kPatternColumns{{
    {"cdl_doji", CandlePattern::kDoji},
    {"cdl_hammer", CandlePattern::kHammer},
    {"cdl_shootingstar", CandlePattern::kShootingStar},
    {"cdl_engulfing", CandlePattern::kEngulfing},
    {"cdl_harami", CandlePattern::kHarami},
    {"cdl_morningstar", CandlePattern::kMorningStar},
    {"cdl_eveningstar", CandlePattern::kEveningStar},
    {"cdl_3whitesoldiers", CandlePattern::kThreeWhiteSoldiers},
    {"cdl_3blackcrows", CandlePattern::kThreeBlackCrows},
    {"cdl_piercing", CandlePattern::kPiercing},
    {"cdl_darkcloudcover", CandlePattern::kDarkCloudCover},
}};

}  // namespace alphapulse::ta

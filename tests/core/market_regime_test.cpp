// Tests for core/market_regime: names round-trip and parse in any case.
#include "core/market_regime.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace alphapulse::core {
namespace {

TEST(MarketRegime, RoundTripsEveryRegime) {
  for (int i = 0; i < kMarketRegimeCount; ++i) {
    const auto regime = static_cast<MarketRegime>(i);
    EXPECT_EQ(parse_market_regime(to_string(regime)), regime) << to_string(regime);
  }
}

TEST(MarketRegime, SpellsNamesLowerCase) {
  EXPECT_EQ(to_string(MarketRegime::kStrongTrendBull), "strong_trend_bull");
  EXPECT_EQ(to_string(MarketRegime::kStrongTrendBear), "strong_trend_bear");
  EXPECT_EQ(to_string(MarketRegime::kWeakTrend), "weak_trend");
  EXPECT_EQ(to_string(MarketRegime::kRanging), "ranging");
  EXPECT_EQ(to_string(MarketRegime::kVolatileBreakout), "volatile_breakout");
  EXPECT_EQ(to_string(MarketRegime::kChoppy), "choppy");
}

TEST(MarketRegime, ParsesAnyCase) {
  EXPECT_EQ(parse_market_regime("ranging"), MarketRegime::kRanging);
  EXPECT_EQ(parse_market_regime("RANGING"), MarketRegime::kRanging);
  EXPECT_EQ(parse_market_regime("Strong_Trend_Bull"), MarketRegime::kStrongTrendBull);
  EXPECT_EQ(parse_market_regime("VOLATILE_BREAKOUT"), MarketRegime::kVolatileBreakout);
}

TEST(MarketRegime, RejectsUnknownNames) {
  for (std::string_view bad : {"", "trend", "strong trend bull", "strong-trend-bull", " ranging",
                               "ranging ", "choppyy", "StrongTrendBull"}) {
    EXPECT_FALSE(parse_market_regime(bad).has_value()) << '"' << bad << '"';
  }
}

}  // namespace
}  // namespace alphapulse::core

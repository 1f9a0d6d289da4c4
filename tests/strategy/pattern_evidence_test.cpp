// strategy/evidence: the candlestick patterns' evidence, from a table unrolled at compile time.
// Each pattern alone, in each direction, gives its named evidence or none (doji, and the
// direction a one-sided pattern never takes), and all of them at once come in the table's order
// (the order the playbook sums the weights in).
#include <gtest/gtest.h>

#include <cmath>
#include <string_view>
#include <vector>

#include "strategy/evidence.hpp"

namespace alphapulse::strategy {
namespace {

using ta::CandlePattern;

struct Expected {
  CandlePattern pattern;
  std::string_view bullish;  // empty: no evidence when the value is positive
  std::string_view bearish;
  double weight;
  bool continuation;
};

// Written out from the design (doji says nothing), not from the table under test.
const std::vector<Expected> kExpected = {
    {CandlePattern::kEngulfing, "bullish_engulfing", "bearish_engulfing", 1.0, true},
    {CandlePattern::kMorningStar, "morning_star", "", 1.0, false},
    {CandlePattern::kEveningStar, "", "evening_star", 1.0, false},
    {CandlePattern::kThreeWhiteSoldiers, "three_white_soldiers", "", 1.0, true},
    {CandlePattern::kThreeBlackCrows, "", "three_black_crows", 1.0, true},
    {CandlePattern::kPiercing, "piercing", "", 0.8, false},
    {CandlePattern::kDarkCloudCover, "", "dark_cloud_cover", 0.8, false},
    {CandlePattern::kHammer, "hammer", "", 0.7, false},
    {CandlePattern::kShootingStar, "", "shooting_star", 0.7, false},
    {CandlePattern::kHarami, "bullish_harami", "bearish_harami", 0.5, false},
};

EvidenceList evidence_of(const ta::PatternValues& patterns) {
  const double nan = std::nan("");
  ta::DecisionValues v{};
  v.rsi = v.macd_histogram = v.atr = v.adx = v.ema_fast = v.ema_slow = nan;
  v.bollinger = {nan, nan, nan};
  v.relative_volume = v.trend_t_statistic = v.breakout_channel_high = nan;
  v.divergence_kind = ta::DivergenceKind::kNone;
  v.divergence_candles_since_confirmation = 1;
  core::Candle candle;
  candle.open = candle.high = candle.low = candle.close = 100;
  return collect_evidence({candle, v, nan, patterns});
}

TEST(PatternEvidence, EachPatternAloneInEachDirection) {
  for (const int value : {100, 80, -80, -100}) {
    ta::PatternValues doji;
    doji[CandlePattern::kDoji] = value;
    EXPECT_TRUE(evidence_of(doji).empty());
    for (const Expected& e : kExpected) {
      ta::PatternValues patterns;
      patterns[e.pattern] = value;
      const EvidenceList list = evidence_of(patterns);
      const std::string_view name = value > 0 ? e.bullish : e.bearish;
      if (name.empty()) {
        EXPECT_TRUE(list.empty()) << static_cast<int>(e.pattern) << " " << value;
        continue;
      }
      ASSERT_EQ(list.size(), 1u) << name;
      const Evidence& got = *list.begin();
      EXPECT_EQ(got.name, name);
      EXPECT_EQ(got.kind, EvidenceKind::kReversalPattern);
      EXPECT_EQ(got.direction, value > 0 ? +1 : -1);
      EXPECT_EQ(got.weight, e.weight);
      EXPECT_EQ(got.trend_continuation, e.continuation);
    }
  }
}

TEST(PatternEvidence, AllPatternsComeInTheTablesOrder) {
  for (const int value : {100, -100}) {
    ta::PatternValues patterns;
    for (int& v : patterns.values) v = value;
    std::vector<std::string_view> expected;
    for (const Expected& e : kExpected) {
      const std::string_view name = value > 0 ? e.bullish : e.bearish;
      if (!name.empty()) expected.push_back(name);
    }
    std::vector<std::string_view> got;
    for (const Evidence& e : evidence_of(patterns)) got.push_back(e.name);
    EXPECT_EQ(got, expected);
  }
}

}  // namespace
}  // namespace alphapulse::strategy

// engine/decision_path_warmer: runs only when its interval has passed, feeds valid candles in
// time order that stay in a sane price range however long it runs, and its pipeline is past
// its warm-up from the start (so every run takes the full decision path).
#include "engine/decision_path_warmer.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace alphapulse::engine {
namespace {

constexpr std::int64_t kIntervalNs = 50'000;

DecisionPathWarmer make_warmer() {
  return DecisionPathWarmer(core::Symbol("BTCUSDT"), core::Timeframe::k15m, {}, kIntervalNs);
}

TEST(DecisionPathWarmer, RunsOnlyOnceItsIntervalHasPassed) {
  DecisionPathWarmer warmer = make_warmer();
  EXPECT_FALSE(warmer.run_if_due(kIntervalNs - 1));  // the clock starts at 0
  EXPECT_TRUE(warmer.run_if_due(kIntervalNs));
  EXPECT_FALSE(warmer.run_if_due(2 * kIntervalNs - 1));
  EXPECT_TRUE(warmer.run_if_due(2 * kIntervalNs));
  EXPECT_TRUE(warmer.run_if_due(10 * kIntervalNs));
  EXPECT_EQ(warmer.runs(), 3u);
}

TEST(DecisionPathWarmer, ItsPipelineIsPastWarmUpFromTheStart) {
  const DecisionPathWarmer warmer = make_warmer();
  const ta::IndicatorValues values = warmer.pipeline().indicator_values();
  EXPECT_TRUE(std::isfinite(values.rsi));
  EXPECT_TRUE(std::isfinite(values.atr.atr));
  EXPECT_TRUE(std::isfinite(values.macd.histogram));
  EXPECT_TRUE(std::isfinite(values.directional.adx));
  EXPECT_GT(warmer.pipeline().regime().duration_candles, 0);
}

TEST(DecisionPathWarmer, CandlesAreValidInOrderAndStayInRangeOverManyRuns) {
  DecisionPathWarmer warmer = make_warmer();
  const std::int64_t step = core::duration(core::Timeframe::k15m).count;
  core::Candle previous = warmer.last_candle();
  double lowest = previous.close;
  double highest = previous.close;
  for (std::int64_t run = 1; run <= 200'000; ++run) {
    ASSERT_TRUE(warmer.run_if_due(run * kIntervalNs));
    const core::Candle& c = warmer.last_candle();
    ASSERT_EQ(core::validate(c), core::CandleError::kNone) << "run " << run;
    ASSERT_EQ(c.open_time.ms, previous.open_time.ms + step) << "run " << run;
    ASSERT_EQ(c.close_time.ms, c.open_time.ms + step - 1);
    ASSERT_EQ(c.open, previous.close);
    lowest = std::min(lowest, c.low);
    highest = std::max(highest, c.high);
    previous = c;
  }
  // Mean-reverting around 100 with ~0.4% moves: far from zero and from overflow.
  EXPECT_GT(lowest, 10.0);
  EXPECT_LT(highest, 1000.0);
  EXPECT_LT(lowest, 95.0);  // and it does move
  EXPECT_GT(highest, 105.0);
}

}  // namespace
}  // namespace alphapulse::engine

// Tests for evaluation/baseline: reproducible draws seeded from signal_id, directions near
// 50/50, candles spread over the whole span, distances kept, open draws flagged.
#include "evaluation/baseline.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "evaluation/candle_path.hpp"

namespace alphapulse::evaluation {
namespace {

using core::Direction;

std::vector<core::Candle> zigzag(std::size_t count) {
  std::vector<core::Candle> candles;
  for (std::size_t i = 0; i < count; ++i) {
    const double mid = 100 + 5 * std::sin(static_cast<double>(i) / 7.0);
    test::append(candles, 1, {mid * 1.004, mid * 0.996, mid});
  }
  return candles;
}

TEST(Baseline, SeedIsFnv1aOfTheSignalId) {
  EXPECT_EQ(baseline_seed(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(baseline_seed("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_NE(baseline_seed("sig-1"), baseline_seed("sig-2"));
}

TEST(Baseline, SplitMix64MatchesTheReferenceSequence) {
  SplitMix64 random(0);
  EXPECT_EQ(random.next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(random.next(), 0x6e789e6aa1b965f4ULL);
  SplitMix64 bounded(7);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(bounded.below(13), 13u);
}

TEST(Baseline, SameSignalIdGivesTheSameDraws) {
  const auto candles = zigzag(500);
  const auto signal = test::make_signal(Direction::kLong, "BTCUSDT-15m-1709294400000-long");
  const auto a = draw_baseline(signal, candles);
  const auto b = draw_baseline(signal, candles);
  ASSERT_EQ(a.size(), kBaselineSamplesPerSignal);
  ASSERT_EQ(b.size(), a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].candle_index, b[i].candle_index);
    EXPECT_EQ(a[i].plan.direction, b[i].plan.direction);
    EXPECT_EQ(a[i].result.outcome, b[i].result.outcome);
    const double x = a[i].result.return_pct;
    const double y = b[i].result.return_pct;
    EXPECT_TRUE(x == y || (std::isnan(x) && std::isnan(y)));
  }
  const auto other = draw_baseline(test::make_signal(Direction::kLong, "another-id"), candles);
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i].candle_index == other[i].candle_index;
  EXPECT_LT(same, 3u);
}

TEST(Baseline, DirectionsAreHalfAndHalfAndCandlesSpreadOverTheSpan) {
  const auto candles = zigzag(1000);
  std::size_t longs = 0;
  std::size_t total = 0;
  std::array<std::size_t, 10> buckets{};
  for (int n = 0; n < 1000; ++n) {
    const auto signal = test::make_signal(Direction::kShort, "id-" + std::to_string(n));
    for (const auto& sample : draw_baseline(signal, candles)) {
      ++total;
      longs += sample.plan.direction == Direction::kLong;
      ++buckets[sample.candle_index * buckets.size() / candles.size()];
    }
  }
  ASSERT_EQ(total, 20'000u);
  // Binomial(20000, 0.5): sd ~ 71, so +-500 is 7 sd.
  EXPECT_NEAR(static_cast<double>(longs), 10'000.0, 500.0);
  for (std::size_t count : buckets) EXPECT_NEAR(static_cast<double>(count), 2'000.0, 300.0);
}

TEST(Baseline, KeepsDistancesAsFractionsOfEntryAndEntersAtTheClose) {
  const auto candles = zigzag(300);
  auto signal = test::make_signal(Direction::kLong, "distances");
  signal.entry_price = 50;
  signal.take_profits = {51, 52, 53.5, 55};  // +2%, +4%, +7%, +10%
  signal.stop_loss = 49;                     // -2%
  const double tp_fraction[] = {0.02, 0.04, 0.07, 0.10};
  for (const auto& sample : draw_baseline(signal, candles)) {
    const double entry = candles[sample.candle_index].close;
    EXPECT_EQ(sample.plan.entry, entry);
    const double dir = sample.plan.direction == Direction::kLong ? 1.0 : -1.0;
    for (std::size_t k = 0; k < 4; ++k) {
      EXPECT_NEAR(sample.plan.take_profits[k] / entry - 1.0, dir * tp_fraction[k], 1e-12);
    }
    EXPECT_NEAR(sample.plan.stop_loss / entry - 1.0, -dir * 0.02, 1e-12);
    // Judged by the same rules on the candles after the drawn one.
    const auto again = evaluate_outcome(
        sample.plan, std::span<const core::Candle>(candles).subspan(sample.candle_index + 1));
    EXPECT_EQ(again.outcome, sample.result.outcome);
  }
}

TEST(Baseline, DrawsNearTheEndAreOpen) {
  const auto candles = zigzag(100);  // most draws have fewer than 96 candles after them
  std::size_t open = 0;
  for (int n = 0; n < 50; ++n) {
    auto signal = test::make_signal(Direction::kLong, "near-end-" + std::to_string(n));
    signal.take_profits = {150, 160, 170, 180};  // never reached
    signal.stop_loss = 50;
    for (const auto& sample : draw_baseline(signal, candles)) {
      const bool too_close = candles.size() - sample.candle_index - 1 < kOutcomeWindow;
      EXPECT_EQ(sample.result.outcome,
                too_close ? core::SignalOutcome::kOpen : core::SignalOutcome::kExpired);
      open += too_close;
    }
  }
  EXPECT_GT(open, 900u);
}

TEST(Baseline, DrawsOnlyFromTheDrawableCandlesAndWalksPastThem) {
  // A span judged up to candle 100 of 400: the twins' candles lie inside it, and their walks
  // use the candles after it, so none is open though 96 candles do not fit before 100.
  const auto candles = zigzag(400);
  std::size_t drawn = 0, past_half = 0;
  for (int n = 0; n < 50; ++n) {
    auto signal = test::make_signal(Direction::kLong, "bounded-" + std::to_string(n));
    signal.take_profits = {150, 160, 170, 180};  // never reached
    signal.stop_loss = 50;
    for (const auto& sample :
         draw_baseline(signal, candles, kBaselineSamplesPerSignal, kFeeRatePerSide, 100)) {
      EXPECT_LT(sample.candle_index, 100u);
      EXPECT_EQ(sample.result.outcome, core::SignalOutcome::kExpired);
      past_half += sample.candle_index >= 50;
      ++drawn;
    }
    // Drawable beyond the span: the same draws as without a bound.
    const auto whole = draw_baseline(signal, candles);
    const auto beyond =
        draw_baseline(signal, candles, kBaselineSamplesPerSignal, kFeeRatePerSide, 1000);
    ASSERT_EQ(whole.size(), beyond.size());
    for (std::size_t i = 0; i < whole.size(); ++i)
      EXPECT_EQ(whole[i].candle_index, beyond[i].candle_index);
  }
  EXPECT_EQ(drawn, 50 * kBaselineSamplesPerSignal);
  EXPECT_GT(past_half, 350u);  // spread over the whole drawable span, not its start
  EXPECT_TRUE(draw_baseline(test::make_signal(Direction::kLong), candles, kBaselineSamplesPerSignal,
                            kFeeRatePerSide, 0)
                  .empty());
}

TEST(Baseline, NothingToDrawFrom) {
  const auto signal = test::make_signal(Direction::kLong);
  EXPECT_TRUE(draw_baseline(signal, {}).empty());
  auto bad = signal;
  bad.entry_price = 0;
  EXPECT_TRUE(draw_baseline(bad, zigzag(10)).empty());
}

}  // namespace
}  // namespace alphapulse::evaluation

// ta/cci: the streaming CCI against a naive O(n) reference written from the definition (mean of
// the window's typical prices, mean absolute deviation from that mean, (tp - mean) / (0.015 md)),
// for the default period (its window sums are a separate, fully unrolled copy) and for periods
// whose windows are not a multiple of the four sum lanes (the generic copy and its tail).
#include "ta/cci.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/candle.hpp"

namespace alphapulse::ta {
namespace {

std::vector<core::Candle> wavy_candles(int count) {
  std::vector<core::Candle> candles;
  double close = 100;
  for (int i = 0; i < count; ++i) {
    const double open = close;
    close = open * (1.0 + 0.01 * std::sin(0.37 * i) + 0.004 * std::cos(1.9 * i));
    core::Candle c{};
    c.open_time = core::TimestampMs{std::int64_t{i} * 60'000};
    c.open = open;
    c.close = close;
    c.high = std::max(open, close) * 1.003;
    c.low = std::min(open, close) * 0.996;
    c.volume = 10 + i % 7;
    candles.push_back(c);
  }
  return candles;
}

double naive_cci(const std::vector<double>& typical, std::size_t end, int period) {
  const std::size_t begin = end - static_cast<std::size_t>(period);
  double sum = 0;
  for (std::size_t i = begin; i < end; ++i) sum += typical[i];
  const double mean = sum / period;
  double deviation = 0;
  for (std::size_t i = begin; i < end; ++i) deviation += std::fabs(typical[i] - mean);
  const double mean_deviation = deviation / period;
  return (typical[end - 1] - mean) / (0.015 * mean_deviation);
}

void expect_matches_naive(int period) {
  const std::vector<core::Candle> candles = wavy_candles(300);
  Cci cci(period);
  std::vector<double> typical;
  int compared = 0;
  for (const core::Candle& c : candles) {
    const double peeked = cci.peek(c);
    ASSERT_EQ(cci.update(c), InputStatus::kAccepted);
    typical.push_back((c.high + c.low + c.close) / 3.0);
    if (typical.size() < static_cast<std::size_t>(period)) {
      EXPECT_FALSE(cci.ready());
      continue;
    }
    ASSERT_TRUE(cci.ready());
    const double expected = naive_cci(typical, typical.size(), period);
    EXPECT_NEAR(cci.value(), expected, 1e-9 * std::max(1.0, std::fabs(expected)))
        << "period " << period << ", candle " << typical.size();
    // peek sums the window in another order (it skips the slot the push overwrites).
    EXPECT_NEAR(peeked, cci.value(), 1e-9 * std::max(1.0, std::fabs(expected)));
    ++compared;
  }
  EXPECT_EQ(compared, 300 - period + 1);
}

TEST(Cci, DefaultPeriodMatchesTheDefinition) {
  expect_matches_naive(20);
}

TEST(Cci, PeriodsWithATailMatchTheDefinition) {
  for (int period : {3, 7, 14, 21, 24}) expect_matches_naive(period);
}

TEST(Cci, FlatWindowIsZero) {
  Cci cci(20);
  core::Candle c{};
  c.open = c.high = c.low = c.close = 5;
  c.volume = 1;
  for (int i = 0; i < 25; ++i) {
    c.open_time = core::TimestampMs{std::int64_t{i} * 60'000};
    cci.update(c);
  }
  EXPECT_EQ(cci.value(), 0.0);
}

}  // namespace
}  // namespace alphapulse::ta

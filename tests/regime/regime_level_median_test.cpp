// Tests of regime/regime_level_median: after every push the median is within one bin of the
// weighted median computed directly (sorting the values with their weights), with equal weights,
// with forgetting, when the level drifts far beyond the histogram's span, and through the
// rescaling of the weights; shifting every value shifts the median; reset forgets everything.
#include "regime/regime_level_median.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "regime/random.hpp"

namespace alphapulse::regime {
namespace {

constexpr double kBin = LongRunLogMedian::kBinWidth;

// The weighted median of values[i] with weights growth^max(0, i + 1 - floor(horizon)) (the
// weights the median gives: equal for the first `horizon` entries, then growing), computed in
// log space.
double direct_median(const std::vector<double>& values, double horizon) {
  const double log_growth = -std::log1p(-1.0 / horizon);
  std::vector<std::pair<double, double>> weighted;  // (value, log weight)
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double steps = std::max(0.0, static_cast<double>(i + 1) - std::floor(horizon));
    weighted.emplace_back(values[i], steps * log_growth);
  }
  double top = -1e300;
  for (const auto& [value, log_weight] : weighted) top = std::max(top, log_weight);
  std::sort(weighted.begin(), weighted.end());
  double total = 0;
  for (const auto& [value, log_weight] : weighted) total += std::exp(log_weight - top);
  double cumulative = 0;
  for (const auto& [value, log_weight] : weighted) {
    cumulative += std::exp(log_weight - top);
    if (cumulative > 0.5 * total) return value;
  }
  return weighted.back().first;
}

// Pushes `values` one by one and checks the median against the direct one after each push
// (every `every` pushes, for speed with long series).
void expect_direct_medians(const std::vector<double>& values, double horizon, int every = 1) {
  LongRunLogMedian median(horizon);
  std::vector<double> pushed;
  for (std::size_t i = 0; i < values.size(); ++i) {
    median.push(values[i]);
    pushed.push_back(values[i]);
    if (i % static_cast<std::size_t>(every) != 0 && i + 1 != values.size()) continue;
    ASSERT_NEAR(median.median(), direct_median(pushed, horizon), kBin * (1 + 1e-9))
        << "push " << i << " horizon " << horizon;
  }
}

TEST(LongRunLogMedian, EqualWeightsGiveTheMedianOfEverythingPushed) {
  RandomSource rng(3);
  std::vector<double> values;
  values.reserve(3000);
  for (int i = 0; i < 3000; ++i) values.push_back(0.1 * rng.normal() - 1.7);
  expect_direct_medians(values, 1e9);
}

TEST(LongRunLogMedian, SkewedValuesGiveTheMedianNotTheMean) {
  // Nine in ten near 0, one in ten near +0.5 (as breakouts among ordinary windows): the median
  // stays with the bulk, where the mean is pulled up by ~0.05.
  RandomSource rng(5);
  std::vector<double> values;
  values.reserve(2000);
  for (int i = 0; i < 2000; ++i) values.push_back((i % 10 == 9 ? 0.5 : 0.0) + 0.02 * rng.normal());
  LongRunLogMedian median(1e9);
  for (const double v : values) median.push(v);
  EXPECT_NEAR(median.median(), direct_median(values, 1e9), kBin);
  EXPECT_LT(std::abs(median.median()), 0.01);
}

TEST(LongRunLogMedian, ForgettingFollowsALevelShift) {
  RandomSource rng(7);
  std::vector<double> values;
  values.reserve(3000);
  for (int i = 0; i < 1500; ++i) values.push_back(0.05 * rng.normal());
  for (int i = 0; i < 1500; ++i) values.push_back(0.3 + 0.05 * rng.normal());
  expect_direct_medians(values, 200);
  LongRunLogMedian median(200);
  for (const double v : values) median.push(v);
  EXPECT_NEAR(median.median(), 0.3, 0.02);  // 1,500 entries after the shift: the old ones gone
}

TEST(LongRunLogMedian, FollowsALevelThatDriftsFarBeyondTheSpan) {
  // A drift of 4 log units, six times the histogram's half span: the bins recentre.
  RandomSource rng(11);
  std::vector<double> values;
  double level = 0;
  for (int i = 0; i < 20000; ++i) {
    level += 0.0002;
    values.push_back(level + 0.05 * rng.normal());
  }
  expect_direct_medians(values, 300, 31);
  std::vector<double> falling;
  falling.reserve(values.size());
  for (const double v : values) falling.push_back(-v);
  expect_direct_medians(falling, 300, 31);
}

TEST(LongRunLogMedian, WeightsRescaledBeforeTheyOverflow) {
  // Horizon 1.5: each entry weighs three times the one before, so 1e100 is passed every ~210
  // pushes, and the median is the last value's (it outweighs all before it together).
  RandomSource rng(13);
  std::vector<double> values;
  values.reserve(5000);
  for (int i = 0; i < 5000; ++i) values.push_back(0.05 * rng.normal());
  expect_direct_medians(values, 1.5, 3);
  LongRunLogMedian median(1.5);
  for (const double v : values) median.push(v);
  EXPECT_TRUE(std::isfinite(median.median()));
  EXPECT_NEAR(median.median(), values.back(), kBin);
}

TEST(LongRunLogMedian, ShiftingEveryValueShiftsTheMedian) {
  // What makes the regime features scale-free: a price or volume factor adds a constant to
  // every log level.
  RandomSource rng(17);
  LongRunLogMedian median(500), shifted(500);
  const double shift = std::log(12345.0);
  for (int i = 0; i < 4000; ++i) {
    const double v = 0.1 * rng.normal();
    median.push(v);
    shifted.push(v + shift);
    ASSERT_NEAR(shifted.median() - median.median(), shift, kBin) << "push " << i;
  }
}

TEST(LongRunLogMedian, ResetForgetsEverything) {
  LongRunLogMedian median(100);
  EXPECT_TRUE(median.empty());
  for (int i = 0; i < 300; ++i) median.push(5.0 + 0.001 * i);
  EXPECT_FALSE(median.empty());
  median.reset();
  EXPECT_TRUE(median.empty());
  LongRunLogMedian fresh(100);
  for (const double v : {-2.0, -2.1, -1.9}) {
    median.push(v);
    fresh.push(v);
    EXPECT_EQ(median.median(), fresh.median());
  }
  EXPECT_NEAR(median.median(), -2.0, kBin);
}

}  // namespace
}  // namespace alphapulse::regime

// Tests of regime/regime_features: the window features equal their definitions computed
// directly from the candles (before and after the windows are full, across the periodic
// rebuilds of the running sums), and the detector's path (advance / commit, the state stepped in
// place) gives the same bits as prepare / apply (a copy stepped, then copied back), also across a
// reset; the reference age feature follows the returns seen.
#include "regime/regime_features.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "regime/regime_generator.hpp"

namespace alphapulse::regime {
namespace {

std::vector<LabelledCandle> test_series(std::uint64_t seed, std::int64_t candles) {
  RegimeSeriesOptions o;
  o.seed = seed;
  o.candles = candles;
  o.fat_tails = true;
  o.vol_clustering = true;
  return generate_regime_series(o);
}

// The definitions of docs/regime.md over the last n returns (all of them if fewer), directly.
struct DirectWindow {
  double t_statistic, efficiency, autocorrelation, range_ratio;
};
DirectWindow direct_window(const std::vector<double>& log_closes, int window) {
  const std::size_t returns = log_closes.size() - 1;
  const std::size_t n = std::min<std::size_t>(returns, static_cast<std::size_t>(window));
  const std::size_t first = returns - n;  // the first return's index (from log_closes[first])
  double sum = 0, squares = 0, absolute = 0, lag = 0;
  for (std::size_t j = first; j < returns; ++j) {
    const double r = log_closes[j + 1] - log_closes[j];
    sum += r;
    squares += r * r;
    absolute += std::abs(r);
    // The lag product of the stream's first return is 0 (it has no predecessor).
    if (j > 0) lag += r * (log_closes[j] - log_closes[j - 1]);
  }
  const double count = static_cast<double>(n);
  const double mean = sum / count;
  const double variance = squares / count - mean * mean;
  const double sd = std::sqrt(variance);
  const auto [low, high] =
      std::minmax_element(log_closes.end() - static_cast<long>(n + 1), log_closes.end());
  return {mean / (sd / std::sqrt(count)), std::abs(sum) / absolute,
          (lag / count - mean * mean) / variance, (*high - *low) / (sd * std::sqrt(count))};
}

TEST(RegimeFeatures, WindowFeaturesEqualTheirDefinitions) {
  const auto series = test_series(11, 1200);
  RegimeFeatures features;
  std::vector<double> log_closes;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto step = features.prepare(series[i].candle);
    features.apply(step);
    log_closes.push_back(std::log(series[i].candle.close));
    if (i < 3) continue;  // at least three returns: a spread and an autocorrelation
    for (std::size_t w = 0; w < kFeatureWindows.size(); ++w) {
      const int slot = static_cast<int>(w);
      const DirectWindow expected = direct_window(log_closes, kFeatureWindows[w]);
      // Relative 1e-7: log_fast against std::log and the running sums' rounding.
      const auto near = [](double a, double b) {
        return std::abs(a - b) <= 1e-7 * (1 + std::abs(b));
      };
      ASSERT_TRUE(near(step.features[feature_index(slot, kTStat)],
                       std::clamp(expected.t_statistic, -12.0, 12.0)))
          << "window " << kFeatureWindows[w] << " candle " << i;
      ASSERT_TRUE(near(step.features[feature_index(slot, kEfficiency)], expected.efficiency))
          << "window " << kFeatureWindows[w] << " candle " << i;
      ASSERT_TRUE(near(step.features[feature_index(slot, kAutocorrelation)],
                       std::clamp(expected.autocorrelation, -1.0, 1.0)))
          << "window " << kFeatureWindows[w] << " candle " << i;
      ASSERT_TRUE(near(step.features[feature_index(slot, kRangeRatio)],
                       std::min(expected.range_ratio, 10.0)))
          << "window " << kFeatureWindows[w] << " candle " << i;
    }
  }
}

// The reference age: log of the returns seen, held at kReadyReturns below and at the long-run
// references' horizon above (past which their weights stop growing); a reset starts it over.
TEST(RegimeFeatures, ReferenceAgeIsTheLogOfTheReturnsSeenWithinItsBounds) {
  const auto series = test_series(13, 20100);
  RegimeFeatures features;
  const auto expected_age = [](std::size_t returns) {
    return std::log(std::clamp(static_cast<double>(returns), 20.0, 20000.0));
  };
  features.apply(features.prepare(series[0].candle));  // the first candle has no return
  for (std::size_t i = 1; i < series.size(); ++i) {
    const auto step = features.prepare(series[i].candle);
    features.apply(step);
    ASSERT_NEAR(step.features[kReferenceAgeIndex], expected_age(i), 1e-12) << "candle " << i;
  }
  features.reset();
  features.apply(features.prepare(series[0].candle));
  for (std::size_t i = 1; i <= 30; ++i) {
    const auto step = features.prepare(series[i].candle);
    features.apply(step);
    ASSERT_NEAR(step.features[kReferenceAgeIndex], expected_age(i), 1e-12)
        << "candle " << i << " after the reset";
  }
}

TEST(RegimeFeatures, StepsInPlaceGiveTheBitsOfCopiedStates) {
  const auto series = test_series(12, 3000);
  RegimeFeatures copied, in_place;
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (i == 1700) {  // a reset in the middle restarts both the same way
      copied.reset();
      in_place.reset();
    }
    const auto expected = copied.prepare(series[i].candle);
    copied.apply(expected);
    RegimeFeatures::Step step;
    in_place.advance(series[i].candle, step);
    ASSERT_EQ(std::memcmp(step.features.data(), expected.features.data(), sizeof step.features), 0)
        << "candle " << i;
    ASSERT_EQ(step.returns_seen, expected.returns_seen) << "candle " << i;
    ASSERT_EQ(step.volatility_level_ratio, expected.volatility_level_ratio) << "candle " << i;
    in_place.commit(step);
    ASSERT_EQ(in_place.ready(), copied.ready()) << "candle " << i;
  }
  EXPECT_TRUE(in_place.ready());
}

}  // namespace
}  // namespace alphapulse::regime

// TrendStrength: hand-derived fits, the documented degenerate values (straight line, flat
// window), a naive long-double O(n) refit at the end of a 200k-candle random walk (the test
// of the running update's numerical stability), chunked streaming and peek, 2^k scale
// invariance and rejection of bad input.
#include "ta/trend_strength.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace alphapulse::ta {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kLn2 = std::log(2.0);

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

void expect_same(const TrendStrengthValue& a, const TrendStrengthValue& b, std::size_t row) {
  ASSERT_TRUE(same_bits(a.t_statistic, b.t_statistic))
      << "row " << row << ": " << a.t_statistic << " vs " << b.t_statistic;
  ASSERT_TRUE(same_bits(a.r_squared, b.r_squared))
      << "row " << row << ": " << a.r_squared << " vs " << b.r_squared;
  ASSERT_TRUE(same_bits(a.slope, b.slope)) << "row " << row << ": " << a.slope << " vs " << b.slope;
}

// Geometric random walk with valid OHLCV; `drift` is the mean log return per candle.
std::vector<core::Candle> random_walk(std::size_t n, std::uint64_t seed, double drift = 0.0,
                                      double volatility = 0.01) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> log_return(drift, volatility);
  std::exponential_distribution<double> wick(400.0);
  std::lognormal_distribution<double> volume(5.0, 1.0);
  std::vector<core::Candle> out;
  out.reserve(n);
  double close = 100;
  for (std::size_t i = 0; i < n; ++i) {
    core::Candle c;
    c.open = close;
    close *= std::exp(log_return(rng));
    c.close = close;
    c.high = std::max(c.open, c.close) * std::exp(wick(rng));
    c.low = std::min(c.open, c.close) * std::exp(-wick(rng));
    c.volume = volume(rng);
    out.push_back(c);
  }
  return out;
}

// The textbook fit, computed from scratch in long double over the last `period` closes:
// residuals summed directly rather than through the running-sum identities under test.
TrendStrengthValue naive_fit(const std::vector<core::Candle>& candles, std::size_t end,
                             int period) {
  const std::size_t n = static_cast<std::size_t>(period);
  const long double nd = period;
  std::vector<long double> y(n);
  long double mean = 0;
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = std::log(static_cast<long double>(candles[end - n + i].close));
    mean += y[i];
  }
  mean /= nd;
  long double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const long double x = static_cast<long double>(i) - (nd - 1) / 2;
    sxy += x * (y[i] - mean);
    sxx += x * x;
    syy += (y[i] - mean) * (y[i] - mean);
  }
  const long double slope = sxy / sxx;
  long double ssr = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const long double x = static_cast<long double>(i) - (nd - 1) / 2;
    const long double residual = y[i] - mean - slope * x;
    ssr += residual * residual;
  }
  const long double t = slope / std::sqrt(ssr / (nd - 2) / sxx);
  return {static_cast<double>(std::clamp<long double>(t, -1000, 1000)),
          static_cast<double>(1 - ssr / syy), static_cast<double>(slope)};
}

double relative_error(double actual, double expected) {
  return std::fabs(actual - expected) / std::fabs(expected);
}

TEST(TrendStrength, HandDerivedFits) {
  TrendStrength trend(5);
  EXPECT_EQ(trend.warmup(), 5);
  for (double close : {1.0, 1.0, 1.0, 1.0}) {
    trend.update(close);
    EXPECT_FALSE(trend.ready());
    EXPECT_TRUE(std::isnan(trend.t_statistic()));
  }
  // Window 1,1,1,1,2: y = ln(close) = (0,0,0,0,a), a = ln 2; x = -2..2, Σx² = 10, ȳ = a/5.
  // Sxy = Σx·y = 2a, slope = a/5; Syy = 4(a/5)² + (4a/5)² = 0.8a²; explained = slope·Sxy =
  // 0.4a², so SSR = 0.4a², R² = 0.5 and t = Sxy / sqrt(SSR·Σx²/(n-2)) = 2/sqrt(4/3) = √3.
  trend.update(2.0);
  ASSERT_TRUE(trend.ready());
  EXPECT_NEAR(trend.t_statistic(), std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(trend.r_squared(), 0.5, 1e-12);
  EXPECT_NEAR(trend.slope(), kLn2 / 5, 1e-14);
  // Slide to 1,1,1,2,4: y = (0,0,0,a,2a), ȳ = 3a/5, Sxy = a + 4a = 5a, slope = a/2;
  // Syy = 5a² - 5(3a/5)² = 3.2a², explained 2.5a², SSR = 0.7a²: R² = 2.5/3.2 = 0.78125,
  // t = 5/sqrt(0.7·10/3) = 5·sqrt(3/7).
  trend.update(4.0);
  EXPECT_NEAR(trend.t_statistic(), 5 * std::sqrt(3.0 / 7.0), 1e-12);
  EXPECT_NEAR(trend.r_squared(), 0.78125, 1e-12);
  EXPECT_NEAR(trend.slope(), kLn2 / 2, 1e-14);
  // Slide to 1,1,2,4,8: y = (0,0,a,2a,3a), ȳ = 1.2a, Sxy = 2a + 6a = 8a, slope = 0.8a;
  // Syy = 14a² - 5(1.2a)² = 6.8a², explained 6.4a², SSR = 0.4a²: R² = 16/17, t = 4√3.
  trend.update(8.0);
  EXPECT_NEAR(trend.t_statistic(), 4 * std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(trend.r_squared(), 16.0 / 17.0, 1e-12);
  EXPECT_NEAR(trend.slope(), 0.8 * kLn2, 1e-14);
}

TEST(TrendStrength, SymmetricValleyHasNoTrend) {
  TrendStrength trend(5);
  // y = a·(2,1,0,1,2): Sxy = a(-4 - 1 + 0 + 1 + 4) = 0, so slope, R² and t are all 0.
  for (double close : {4.0, 2.0, 1.0, 2.0, 4.0}) trend.update(close);
  EXPECT_NEAR(trend.t_statistic(), 0.0, 1e-12);
  EXPECT_NEAR(trend.r_squared(), 0.0, 1e-12);
  EXPECT_NEAR(trend.slope(), 0.0, 1e-15);
}

TEST(TrendStrength, StraightLogLineIsCappedAtTheDocumentedValue) {
  // Closes 2^i: ln(close) is exactly linear, SSR is 0 up to rounding, t is infinite in
  // theory and reported as ±kMaxAbsTStatistic; R² is 1 and the slope ln 2 per candle.
  for (double direction : {1.0, -1.0}) {
    TrendStrength trend(10);
    for (int i = 0; i < 40; ++i) {
      trend.update(std::ldexp(1.0, static_cast<int>(direction) * i));
      if (!trend.ready()) continue;
      EXPECT_EQ(trend.t_statistic(), direction * TrendStrength::kMaxAbsTStatistic) << i;
      EXPECT_NEAR(trend.r_squared(), 1.0, 1e-12) << i;
      EXPECT_LE(trend.r_squared(), 1.0) << i;
      EXPECT_NEAR(trend.slope(), direction * kLn2, 1e-14) << i;
    }
  }
}

TEST(TrendStrength, FlatWindowIsExactlyZeroAfterAnyHistory) {
  const auto candles = random_walk(137, 5);
  TrendStrength trend(12);
  for (const auto& c : candles) trend.update(c);
  const double flat = candles.back().close;
  // The window is flat once it holds 12 equal closes: the last random one and 11 repeats.
  for (int repeat = 1; repeat <= 30; ++repeat) {
    trend.update(flat);
    if (repeat < 11) {
      EXPECT_NE(trend.r_squared(), 0.0) << repeat;
      continue;
    }
    EXPECT_EQ(trend.t_statistic(), 0.0) << repeat;
    EXPECT_EQ(trend.r_squared(), 0.0) << repeat;
    EXPECT_EQ(trend.slope(), 0.0) << repeat;
  }
}

// The numerical-stability proof: after 200k candles the O(1) running fit agrees with a
// from-scratch long-double fit to better than 1e-9 relative, and so it does all along.
TEST(TrendStrength, MatchesNaiveRefitAtTheEndOfALongRandomWalk) {
  struct Case {
    double drift;
    double volatility;
    int period;
  };
  for (const Case& test_case : {Case{0.0, 0.01, 20}, Case{0.0005, 0.02, 50}, Case{0.002, 0.001, 20},
                                Case{-0.0001, 0.03, 7}}) {
    const auto candles = random_walk(200000, 424242, test_case.drift, test_case.volatility);
    TrendStrength trend(test_case.period);
    for (std::size_t t = 0; t < candles.size(); ++t) {
      ASSERT_EQ(trend.update(candles[t]), InputStatus::kAccepted);
      const bool checkpoint = t % 997 == 0 || t + 1 == candles.size();
      if (!checkpoint || !trend.ready()) continue;
      const TrendStrengthValue expected = naive_fit(candles, t + 1, test_case.period);
      const TrendStrengthValue& actual = trend.value();
      // Away from zero a relative bound; at a t-statistic near 0 relative error is not
      // meaningful, so an absolute 1e-9 there.
      const auto within = [](double a, double e) {
        return std::fabs(a - e) <= 1e-9 * std::max(std::fabs(e), 1.0);
      };
      ASSERT_TRUE(within(actual.t_statistic, expected.t_statistic))
          << t << ": " << actual.t_statistic << " vs " << expected.t_statistic;
      ASSERT_TRUE(within(actual.r_squared, expected.r_squared))
          << t << ": " << actual.r_squared << " vs " << expected.r_squared;
      ASSERT_NEAR(actual.slope, expected.slope, 1e-9 * std::fabs(expected.slope) + 1e-15) << t;
    }
    // The end of the walk, strictly relative.
    const TrendStrengthValue expected = naive_fit(candles, candles.size(), test_case.period);
    EXPECT_LT(relative_error(trend.t_statistic(), expected.t_statistic), 1e-9);
    EXPECT_LT(relative_error(trend.r_squared(), expected.r_squared), 1e-9);
    EXPECT_LT(relative_error(trend.slope(), expected.slope), 1e-9);
  }
}

TEST(TrendStrength, CandleAndCloseOverloadsAgree) {
  const auto candles = random_walk(500, 8);
  TrendStrength from_candles(20);
  TrendStrength from_closes(20);
  for (std::size_t t = 0; t < candles.size(); ++t) {
    expect_same(from_candles.peek(candles[t]), from_closes.peek(candles[t].close), t);
    from_candles.update(candles[t]);
    from_closes.update(candles[t].close);
    expect_same(from_candles.value(), from_closes.value(), t);
  }
}

TEST(TrendStrength, ChunkedStreamingAndPeekEqualOnePass) {
  const auto candles = random_walk(5000, 77);
  TrendStrength reference(20);
  std::vector<TrendStrengthValue> expected;
  for (const auto& c : candles) {
    reference.update(c);
    expected.push_back(reference.value());
  }
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::size_t chunk : {1u, 2u, 19u, 20u, 21u, 1000u}) {
    TrendStrength carried(20);
    std::size_t row = 0;
    while (row < candles.size()) {
      TrendStrength worker = carried;  // value type: a copy carries the stream on
      const std::size_t end = std::min(candles.size(), row + chunk);
      for (; row < end; ++row) {
        // A still-forming candle: its close somewhere between open and the final close.
        for (int partial = 0; partial < 3; ++partial) {
          core::Candle forming = candles[row];
          const double u = unit(rng);
          forming.close = forming.open + u * (forming.close - forming.open);
          const TrendStrengthValue peeked = worker.peek(forming);
          TrendStrength probe = worker;
          probe.update(forming);
          expect_same(peeked, probe.value(), row);
        }
        const TrendStrengthValue peeked = worker.peek(candles[row]);
        worker.update(candles[row]);
        expect_same(peeked, worker.value(), row);
        expect_same(worker.value(), expected[row], row);
      }
      carried = worker;
    }
  }
}

TEST(TrendStrength, ScalingPricesByPowersOfTwoIsBitExact) {
  const auto candles = random_walk(30000, 12, 0.0001, 0.01);
  for (int k : {-20, 7}) {
    TrendStrength plain(20);
    TrendStrength scaled(20);
    for (std::size_t t = 0; t < candles.size(); ++t) {
      core::Candle s = candles[t];
      s.open = std::ldexp(s.open, k);
      s.high = std::ldexp(s.high, k);
      s.low = std::ldexp(s.low, k);
      s.close = std::ldexp(s.close, k);
      s.volume = std::ldexp(s.volume, k);
      plain.update(candles[t]);
      scaled.update(s);
      expect_same(scaled.value(), plain.value(), t);
    }
  }
}

TEST(TrendStrength, InvalidInputIsRejectedAndLeavesStateUntouched) {
  const auto candles = random_walk(300, 3);
  TrendStrength clean(10);
  TrendStrength dirty(10);
  core::Candle nan_close = candles[0];
  nan_close.close = kNaN;
  core::Candle inf_high = candles[0];
  inf_high.high = std::numeric_limits<double>::infinity();
  core::Candle negative_low = candles[0];
  negative_low.low = -1;
  core::Candle negative_volume = candles[0];
  negative_volume.volume = -1;
  core::Candle low_above_body = candles[0];
  low_above_body.low = std::max(low_above_body.open, low_above_body.close) * 1.5;
  for (std::size_t t = 0; t < candles.size(); ++t) {
    const TrendStrengthValue before = dirty.value();
    EXPECT_EQ(dirty.update(nan_close), InputStatus::kRejectedNonFinite);
    EXPECT_EQ(dirty.update(inf_high), InputStatus::kRejectedNonFinite);
    EXPECT_EQ(dirty.update(negative_low), InputStatus::kRejectedNegative);
    EXPECT_EQ(dirty.update(negative_volume), InputStatus::kRejectedNegative);
    EXPECT_EQ(dirty.update(low_above_body), InputStatus::kRejectedInvalidCandle);
    EXPECT_EQ(dirty.update(kNaN), InputStatus::kRejectedNonFinite);
    EXPECT_EQ(dirty.update(std::numeric_limits<double>::infinity()),
              InputStatus::kRejectedNonFinite);
    EXPECT_EQ(dirty.update(0.0), InputStatus::kRejectedNegative);
    EXPECT_EQ(dirty.update(-5.0), InputStatus::kRejectedNegative);
    expect_same(dirty.value(), before, t);
    expect_same(dirty.peek(nan_close), before, t);  // update would change nothing
    expect_same(dirty.peek(-5.0), before, t);
    clean.update(candles[t]);
    dirty.update(candles[t]);
    expect_same(dirty.value(), clean.value(), t);
  }
}

TEST(TrendStrength, ResetStartsOverAndShortPeriodsAreClamped) {
  const auto candles = random_walk(100, 5);
  TrendStrength trend(9);
  for (const auto& c : candles) trend.update(c);
  trend.reset();
  EXPECT_FALSE(trend.ready());
  TrendStrength fresh(9);
  for (std::size_t t = 0; t < 40; ++t) {
    trend.update(candles[t]);
    fresh.update(candles[t]);
    expect_same(trend.value(), fresh.value(), t);
  }
  EXPECT_EQ(TrendStrength(1).period(), 3);  // the standard error needs period - 2 > 0
}

}  // namespace
}  // namespace alphapulse::ta

// RelativeVolume: hand-derived series, a naive O(n) recomputation over a long random series
// (with dead stretches of zero volume), chunked streaming and peek, 2^k scale invariance and
// rejection of bad input.
#include "ta/relative_volume.hpp"

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

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

void expect_same(const RelativeVolumeValue& a, const RelativeVolumeValue& b, std::size_t row) {
  ASSERT_TRUE(same_bits(a.volume_sma, b.volume_sma))
      << "row " << row << ": " << a.volume_sma << " vs " << b.volume_sma;
  ASSERT_TRUE(same_bits(a.relative_volume, b.relative_volume))
      << "row " << row << ": " << a.relative_volume << " vs " << b.relative_volume;
}

core::Candle with_volume(double volume) {
  core::Candle c;
  c.open = c.high = c.low = c.close = 100;
  c.volume = volume;
  return c;
}

// Geometric random walk with valid OHLCV; now and then a dead stretch of zero volume.
std::vector<core::Candle> random_walk(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> log_return(0.0, 0.01);
  std::exponential_distribution<double> wick(400.0);
  std::lognormal_distribution<double> volume(5.0, 1.5);
  std::uniform_int_distribution<int> dead_length(5, 45);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<core::Candle> out;
  out.reserve(n);
  double close = 100;
  int dead_left = 0;
  for (std::size_t i = 0; i < n; ++i) {
    core::Candle c;
    c.open = close;
    close *= std::exp(log_return(rng));
    c.close = close;
    c.high = std::max(c.open, c.close) * std::exp(wick(rng));
    c.low = std::min(c.open, c.close) * std::exp(-wick(rng));
    if (dead_left == 0 && unit(rng) < 0.003) dead_left = dead_length(rng);
    c.volume = dead_left > 0 ? 0.0 : volume(rng);
    if (dead_left > 0) --dead_left;
    out.push_back(c);
  }
  return out;
}

TEST(RelativeVolume, HandBuiltSeries) {
  RelativeVolume rv(3);
  EXPECT_EQ(rv.warmup(), 4);
  rv.update(with_volume(1));
  rv.update(with_volume(2));
  EXPECT_TRUE(std::isnan(rv.volume_sma()));
  EXPECT_FALSE(rv.volume_sma_ready());
  rv.update(with_volume(3));
  // (1 + 2 + 3) / 3; no previous window for the relative volume yet.
  EXPECT_EQ(rv.volume_sma(), 2.0);
  EXPECT_TRUE(std::isnan(rv.relative_volume()));
  EXPECT_FALSE(rv.ready());
  rv.update(with_volume(6));
  ASSERT_TRUE(rv.ready());
  // Previous window 1, 2, 3 has mean 2, so 6 is 3x; the SMA includes the 6: (2+3+6)/3.
  EXPECT_EQ(rv.relative_volume(), 3.0);
  EXPECT_DOUBLE_EQ(rv.volume_sma(), 11.0 / 3.0);
  rv.update(with_volume(0));
  EXPECT_EQ(rv.relative_volume(), 0.0);  // 0 / mean(2, 3, 6)
  EXPECT_EQ(rv.volume_sma(), 3.0);       // (3 + 6 + 0) / 3
  rv.update(with_volume(1.5));
  EXPECT_EQ(rv.relative_volume(), 0.5);  // 1.5 / mean(3, 6, 0) = 1.5 / 3
}

TEST(RelativeVolume, SpikeIsNotDilutedByItself) {
  RelativeVolume rv(4);
  for (int i = 0; i < 4; ++i) rv.update(with_volume(10));
  rv.update(with_volume(50));
  // Against the previous four (mean 10) a 50 is 5x; had it been in its own mean
  // ((10*3 + 50) / 4 = 20) it would read only 2.5x.
  EXPECT_EQ(rv.relative_volume(), 5.0);
  EXPECT_EQ(rv.volume_sma(), 20.0);
}

TEST(RelativeVolume, ZeroVolumeWindowsHaveDecidedValues) {
  RelativeVolume rv(2);
  // 0.1 + 0.7 - 0.1 - 0.7 in running-sum arithmetic need not be exactly 0; a window with no
  // volume must still have a mean of exactly 0.
  rv.update(with_volume(0.1));
  rv.update(with_volume(0.7));
  rv.update(with_volume(0.0));
  EXPECT_EQ(rv.relative_volume(), 0.0);  // 0 / mean(0.1, 0.7)
  rv.update(with_volume(0.0));
  EXPECT_EQ(rv.volume_sma(), 0.0);
  EXPECT_EQ(rv.relative_volume(), 0.0);  // 0 / mean(0.7, 0)
  rv.update(with_volume(0.0));
  EXPECT_EQ(rv.volume_sma(), 0.0);
  EXPECT_EQ(rv.relative_volume(), 1.0);  // 0 after nothing: 0/0 decided as "as usual"
  rv.update(with_volume(0.0));
  EXPECT_EQ(rv.relative_volume(), 1.0);
  rv.update(with_volume(7));
  EXPECT_EQ(rv.relative_volume(), RelativeVolume::kMaxRelativeVolume);  // x/0, capped
  EXPECT_EQ(rv.volume_sma(), 3.5);
  rv.update(with_volume(7));
  EXPECT_EQ(rv.relative_volume(), 2.0);  // 7 / mean(0, 7)
  // Ratios above the cap are capped too, so the cap is never below a finite ratio.
  RelativeVolume tiny(1);
  tiny.update(with_volume(1e-9));
  tiny.update(with_volume(1.0));
  EXPECT_EQ(tiny.relative_volume(), RelativeVolume::kMaxRelativeVolume);
}

TEST(RelativeVolume, MatchesNaiveRecomputationOverLongRandomSeries) {
  const auto candles = random_walk(100000, 20240611);
  for (int period : {1, 5, 20}) {
    RelativeVolume rv(period);
    std::size_t dead_windows = 0;
    for (std::size_t t = 0; t < candles.size(); ++t) {
      ASSERT_EQ(rv.update(candles[t]), InputStatus::kAccepted);
      const std::size_t n = static_cast<std::size_t>(period);
      if (t + 1 < n) {
        ASSERT_TRUE(std::isnan(rv.volume_sma()));
        continue;
      }
      long double current = 0;
      for (std::size_t i = t + 1 - n; i <= t; ++i) current += candles[i].volume;
      const double expected_sma = static_cast<double>(current / n);
      ASSERT_NEAR(rv.volume_sma(), expected_sma, 1e-13 * expected_sma) << "t " << t;
      if (t < n) {
        ASSERT_TRUE(std::isnan(rv.relative_volume()));
        continue;
      }
      long double previous = 0;
      for (std::size_t i = t - n; i < t; ++i) previous += candles[i].volume;
      const double v = candles[t].volume;
      double expected;
      if (previous == 0) {
        ++dead_windows;
        expected = v == 0 ? 1.0 : RelativeVolume::kMaxRelativeVolume;
        ASSERT_EQ(rv.relative_volume(), expected) << "t " << t;
      } else {
        expected =
            std::min(static_cast<double>(v / (previous / n)), RelativeVolume::kMaxRelativeVolume);
        ASSERT_NEAR(rv.relative_volume(), expected, 1e-13 * expected) << "t " << t;
      }
    }
    EXPECT_GT(dead_windows, 100u) << "the series should exercise zero-volume windows";
  }
}

TEST(RelativeVolume, ChunkedStreamingAndPeekEqualOnePass) {
  const auto candles = random_walk(5000, 7);
  RelativeVolume reference(20);
  std::vector<RelativeVolumeValue> expected;
  for (const auto& c : candles) {
    reference.update(c);
    expected.push_back(reference.value());
  }
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::size_t chunk : {1u, 3u, 20u, 21u, 777u}) {
    RelativeVolume carried(20);
    std::size_t row = 0;
    while (row < candles.size()) {
      RelativeVolume worker = carried;  // value type: a copy carries the stream on
      const std::size_t end = std::min(candles.size(), row + chunk);
      for (; row < end; ++row) {
        // A still-forming candle: a fraction of the final volume, peeked several times.
        for (int partial = 0; partial < 3; ++partial) {
          core::Candle forming = candles[row];
          forming.volume *= unit(rng);
          const RelativeVolumeValue peeked = worker.peek(forming);
          RelativeVolume probe = worker;
          probe.update(forming);
          expect_same(peeked, probe.value(), row);
        }
        const RelativeVolumeValue peeked = worker.peek(candles[row]);
        worker.update(candles[row]);
        expect_same(peeked, worker.value(), row);
        expect_same(worker.value(), expected[row], row);
      }
      carried = worker;
    }
  }
}

TEST(RelativeVolume, ScalingPricesOrVolumesByPowersOfTwoIsBitExact) {
  const auto candles = random_walk(20000, 11);
  for (int k : {-20, 7}) {
    RelativeVolume plain(20);
    RelativeVolume prices_scaled(20);
    RelativeVolume volumes_scaled(20);
    for (std::size_t t = 0; t < candles.size(); ++t) {
      core::Candle p = candles[t];
      p.open = std::ldexp(p.open, k);
      p.high = std::ldexp(p.high, k);
      p.low = std::ldexp(p.low, k);
      p.close = std::ldexp(p.close, k);
      core::Candle v = candles[t];
      v.volume = std::ldexp(v.volume, k);
      plain.update(candles[t]);
      prices_scaled.update(p);
      volumes_scaled.update(v);
      expect_same(prices_scaled.value(), plain.value(), t);
      ASSERT_TRUE(same_bits(volumes_scaled.volume_sma(), std::ldexp(plain.volume_sma(), k)));
      ASSERT_TRUE(same_bits(volumes_scaled.relative_volume(), plain.relative_volume()));
    }
  }
}

TEST(RelativeVolume, InvalidInputIsRejectedAndLeavesStateUntouched) {
  const auto candles = random_walk(300, 3);
  RelativeVolume clean(10);
  RelativeVolume dirty(10);
  core::Candle nan_volume = candles[0];
  nan_volume.volume = kNaN;
  core::Candle inf_volume = candles[0];
  inf_volume.volume = std::numeric_limits<double>::infinity();
  core::Candle negative_volume = candles[0];
  negative_volume.volume = -1;
  core::Candle zero_price = candles[0];
  zero_price.low = 0;
  core::Candle nan_close = candles[0];
  nan_close.close = kNaN;
  core::Candle high_below_body = candles[0];
  high_below_body.high = std::min(high_below_body.open, high_below_body.close) * 0.5;
  for (std::size_t t = 0; t < candles.size(); ++t) {
    const RelativeVolumeValue before = dirty.value();
    EXPECT_EQ(dirty.update(nan_volume), InputStatus::kRejectedNonFinite);
    EXPECT_EQ(dirty.update(inf_volume), InputStatus::kRejectedNonFinite);
    EXPECT_EQ(dirty.update(negative_volume), InputStatus::kRejectedNegative);
    EXPECT_EQ(dirty.update(zero_price), InputStatus::kRejectedNegative);
    EXPECT_EQ(dirty.update(nan_close), InputStatus::kRejectedNonFinite);
    EXPECT_EQ(dirty.update(high_below_body), InputStatus::kRejectedInvalidCandle);
    expect_same(dirty.value(), before, t);
    expect_same(dirty.peek(negative_volume), before, t);  // update would change nothing
    clean.update(candles[t]);
    dirty.update(candles[t]);
    expect_same(dirty.value(), clean.value(), t);
  }
}

TEST(RelativeVolume, ResetStartsOver) {
  const auto candles = random_walk(100, 5);
  RelativeVolume rv(7);
  for (const auto& c : candles) rv.update(c);
  rv.reset();
  EXPECT_FALSE(rv.ready());
  EXPECT_TRUE(std::isnan(rv.volume_sma()));
  RelativeVolume fresh(7);
  for (std::size_t t = 0; t < 30; ++t) {
    rv.update(candles[t]);
    fresh.update(candles[t]);
    expect_same(rv.value(), fresh.value(), t);
  }
}

}  // namespace
}  // namespace alphapulse::ta

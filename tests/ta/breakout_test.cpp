// BreakoutDetector: hand-derived channel breaks, ties and a zero-width channel, a naive
// O(lookback) rescan over a long random series, chunked streaming and peek, 2^k scale
// invariance and rejection of bad input.
#include "ta/breakout.hpp"

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

void expect_same(const BreakoutValue& a, const BreakoutValue& b, std::size_t row) {
  ASSERT_EQ(a.signal, b.signal) << "row " << row;
  ASSERT_TRUE(same_bits(a.strength, b.strength))
      << "row " << row << ": " << a.strength << " vs " << b.strength;
  ASSERT_TRUE(same_bits(a.channel_high, b.channel_high)) << "row " << row;
  ASSERT_TRUE(same_bits(a.channel_low, b.channel_low)) << "row " << row;
}

core::Candle ohlc(double open, double high, double low, double close) {
  core::Candle c;
  c.open = open;
  c.high = high;
  c.low = low;
  c.close = close;
  c.volume = 1;
  return c;
}

std::vector<core::Candle> random_walk(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> log_return(0.0, 0.01);
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

TEST(Breakout, HandBuiltSeries) {
  BreakoutDetector breakout(3);
  EXPECT_EQ(breakout.warmup(), 4);
  breakout.update(ohlc(9, 10, 8, 9));
  breakout.update(ohlc(10, 12, 9, 11));
  breakout.update(ohlc(11, 11, 7, 8));
  // Three candles make a channel for the next one, but none was judged against a full one.
  EXPECT_FALSE(breakout.ready());
  EXPECT_EQ(breakout.signal(), 0);
  EXPECT_TRUE(std::isnan(breakout.channel_high()));

  // Channel of candles 0..2: high 12, low 7, width 5. Close 13 is 1 above: +1, 1/5.
  breakout.update(ohlc(11, 13.5, 11, 13));
  ASSERT_TRUE(breakout.ready());
  EXPECT_EQ(breakout.signal(), 1);
  EXPECT_EQ(breakout.channel_high(), 12.0);
  EXPECT_EQ(breakout.channel_low(), 7.0);
  EXPECT_DOUBLE_EQ(breakout.strength(), 0.2);

  // Channel of candles 1..3 (the breakout candle is in it now): high 13.5, low 7.
  // Close 6 is 1 below the low: -1, strength 1 / 6.5.
  breakout.update(ohlc(8, 8.5, 5.5, 6));
  EXPECT_EQ(breakout.signal(), -1);
  EXPECT_EQ(breakout.channel_high(), 13.5);
  EXPECT_EQ(breakout.channel_low(), 7.0);
  EXPECT_DOUBLE_EQ(breakout.strength(), 1.0 / 6.5);

  // Channel of candles 2..4: high 13.5, low 5.5. A close exactly at the high is no
  // breakout (strict comparison), even though this candle's own high (14) is above it.
  breakout.update(ohlc(13, 14, 12.9, 13.5));
  EXPECT_EQ(breakout.signal(), 0);
  EXPECT_EQ(breakout.strength(), 0.0);
  EXPECT_EQ(breakout.channel_high(), 13.5);
  EXPECT_EQ(breakout.channel_low(), 5.5);

  // Channel of candles 3..5: high 14, low 5.5; close 5.5 touches the low: still 0.
  breakout.update(ohlc(6, 6, 5.5, 5.5));
  EXPECT_EQ(breakout.signal(), 0);
  EXPECT_EQ(breakout.channel_high(), 14.0);
  EXPECT_EQ(breakout.channel_low(), 5.5);
}

TEST(Breakout, ZeroWidthChannelHasDecidedStrength) {
  BreakoutDetector breakout(2);
  breakout.update(ohlc(100, 100, 100, 100));
  breakout.update(ohlc(100, 100, 100, 100));
  // Channel 100..100: closing at 100 is inside (0, strength 0) ...
  EXPECT_EQ(breakout.peek(ohlc(100, 100, 100, 100)).signal, 0);
  EXPECT_EQ(breakout.peek(ohlc(100, 100, 100, 100)).strength, 0.0);
  // ... and any distance beyond a zero-width channel is the cap, not a division by zero.
  const BreakoutValue down = breakout.peek(ohlc(100, 100, 99, 99));
  EXPECT_EQ(down.signal, -1);
  EXPECT_EQ(down.strength, BreakoutDetector::kMaxStrength);
  breakout.update(ohlc(100, 101, 100, 101));
  EXPECT_EQ(breakout.signal(), 1);
  EXPECT_EQ(breakout.strength(), BreakoutDetector::kMaxStrength);
  // Channel now 100..101: a close of 100.5 is inside.
  breakout.update(ohlc(100.5, 100.5, 100.5, 100.5));
  EXPECT_EQ(breakout.signal(), 0);
  // Finite ratios above the cap are capped as well: channel 100..101, close 1e9.
  breakout.update(ohlc(101, 1e9, 101, 1e9));
  EXPECT_EQ(breakout.signal(), 1);
  EXPECT_EQ(breakout.strength(), BreakoutDetector::kMaxStrength);
}

TEST(Breakout, MatchesNaiveRescanOverLongRandomSeries) {
  const auto candles = random_walk(100000, 31337);
  for (int lookback : {1, 2, 20, 55}) {
    BreakoutDetector breakout(lookback);
    int ups = 0, downs = 0;
    for (std::size_t t = 0; t < candles.size(); ++t) {
      ASSERT_EQ(breakout.update(candles[t]), InputStatus::kAccepted);
      const std::size_t n = static_cast<std::size_t>(lookback);
      if (t < n) {
        ASSERT_FALSE(breakout.ready());
        ASSERT_EQ(breakout.signal(), 0);
        continue;
      }
      double high = -std::numeric_limits<double>::infinity();
      double low = std::numeric_limits<double>::infinity();
      for (std::size_t i = t - n; i < t; ++i) {
        high = std::max(high, candles[i].high);
        low = std::min(low, candles[i].low);
      }
      const double close = candles[t].close;
      BreakoutValue expected;
      expected.channel_high = high;
      expected.channel_low = low;
      if (close > high) {
        expected.signal = 1;
        expected.strength = (close - high) / (high - low);
        ++ups;
      } else if (close < low) {
        expected.signal = -1;
        expected.strength = (low - close) / (high - low);
        ++downs;
      }
      expect_same(breakout.value(), expected, t);
    }
    EXPECT_GT(ups, 100);
    EXPECT_GT(downs, 100);
  }
}

TEST(Breakout, ChunkedStreamingAndPeekEqualOnePass) {
  const auto candles = random_walk(5000, 17);
  BreakoutDetector reference(20);
  std::vector<BreakoutValue> expected;
  for (const auto& c : candles) {
    reference.update(c);
    expected.push_back(reference.value());
  }
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::size_t chunk : {1u, 2u, 20u, 21u, 999u}) {
    BreakoutDetector carried(20);
    std::size_t row = 0;
    while (row < candles.size()) {
      BreakoutDetector worker = carried;  // value type: a copy carries the stream on
      const std::size_t end = std::min(candles.size(), row + chunk);
      for (; row < end; ++row) {
        // A still-forming candle: close between open and the final close, wicks partial.
        for (int partial = 0; partial < 3; ++partial) {
          const core::Candle& last = candles[row];
          const double u = unit(rng);
          core::Candle forming = last;
          forming.close = last.open + u * (last.close - last.open);
          forming.high = std::max(forming.open, forming.close) +
                         u * (last.high - std::max(last.open, last.close));
          forming.low = std::min(forming.open, forming.close) -
                        u * (std::min(last.open, last.close) - last.low);
          const BreakoutValue peeked = worker.peek(forming);
          BreakoutDetector probe = worker;
          ASSERT_EQ(probe.update(forming), InputStatus::kAccepted);
          expect_same(peeked, probe.value(), row);
        }
        const BreakoutValue peeked = worker.peek(candles[row]);
        worker.update(candles[row]);
        expect_same(peeked, worker.value(), row);
        expect_same(worker.value(), expected[row], row);
      }
      carried = worker;
    }
  }
}

TEST(Breakout, ScalingPricesByPowersOfTwoIsBitExact) {
  const auto candles = random_walk(30000, 13);
  for (int k : {-20, 7}) {
    BreakoutDetector plain(20);
    BreakoutDetector scaled(20);
    for (std::size_t t = 0; t < candles.size(); ++t) {
      core::Candle s = candles[t];
      s.open = std::ldexp(s.open, k);
      s.high = std::ldexp(s.high, k);
      s.low = std::ldexp(s.low, k);
      s.close = std::ldexp(s.close, k);
      s.volume = std::ldexp(s.volume, k);
      plain.update(candles[t]);
      scaled.update(s);
      BreakoutValue expected = plain.value();
      expected.channel_high = std::ldexp(expected.channel_high, k);
      expected.channel_low = std::ldexp(expected.channel_low, k);
      expect_same(scaled.value(), expected, t);
    }
  }
}

TEST(Breakout, InvalidInputIsRejectedAndLeavesStateUntouched) {
  const auto candles = random_walk(300, 3);
  BreakoutDetector clean(10);
  BreakoutDetector dirty(10);
  core::Candle nan_close = candles[0];
  nan_close.close = kNaN;
  core::Candle inf_low = candles[0];
  inf_low.low = -std::numeric_limits<double>::infinity();
  core::Candle zero_open = candles[0];
  zero_open.open = 0;
  core::Candle negative_volume = candles[0];
  negative_volume.volume = -0.5;
  core::Candle high_below_body = candles[0];
  high_below_body.high = std::min(high_below_body.open, high_below_body.close) * 0.5;
  for (std::size_t t = 0; t < candles.size(); ++t) {
    const BreakoutValue before = dirty.value();
    // A huge close would be a breakout if it were accepted.
    core::Candle huge_but_nan_volume = candles[t];
    huge_but_nan_volume.close = huge_but_nan_volume.high = 1e12;
    huge_but_nan_volume.volume = kNaN;
    EXPECT_EQ(dirty.update(huge_but_nan_volume), InputStatus::kRejectedNonFinite);
    EXPECT_EQ(dirty.update(nan_close), InputStatus::kRejectedNonFinite);
    EXPECT_EQ(dirty.update(inf_low), InputStatus::kRejectedNonFinite);
    EXPECT_EQ(dirty.update(zero_open), InputStatus::kRejectedNegative);
    EXPECT_EQ(dirty.update(negative_volume), InputStatus::kRejectedNegative);
    EXPECT_EQ(dirty.update(high_below_body), InputStatus::kRejectedInvalidCandle);
    expect_same(dirty.value(), before, t);
    expect_same(dirty.peek(huge_but_nan_volume), before, t);  // update would change nothing
    clean.update(candles[t]);
    dirty.update(candles[t]);
    expect_same(dirty.value(), clean.value(), t);
  }
}

TEST(Breakout, ResetStartsOver) {
  const auto candles = random_walk(100, 5);
  BreakoutDetector breakout(6);
  for (const auto& c : candles) breakout.update(c);
  breakout.reset();
  EXPECT_FALSE(breakout.ready());
  BreakoutDetector fresh(6);
  for (std::size_t t = 0; t < 40; ++t) {
    breakout.update(candles[t]);
    fresh.update(candles[t]);
    expect_same(breakout.value(), fresh.value(), t);
  }
}

}  // namespace
}  // namespace alphapulse::ta

// Tests for strategy/higher_timeframe_trend: the close-only aggregation agrees with
// core::CandleAggregator on every candle (what it finishes, and the forming close), through
// gaps, short buckets, duplicates, out-of-order and misaligned candles and negative times, and
// the trend built on it agrees with one built on CandleAggregator (the previous design).
#include "strategy/higher_timeframe_trend.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "core/candle_aggregator.hpp"
#include "ta/ema.hpp"

namespace alphapulse::strategy {
namespace {

using core::Timeframe;

// A stream of `source` candles with every irregularity the aggregator has a rule for.
std::vector<core::Candle> irregular_stream(Timeframe source, std::int64_t start_ms,
                                           std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> event(0, 99);
  std::uniform_int_distribution<int> gap(1, 12);
  std::normal_distribution<double> move(0.0, 1.0);
  const std::int64_t step = core::duration(source).count;
  std::vector<core::Candle> out;
  std::int64_t open = start_ms;
  double close = 100;
  for (int i = 0; i < 4000; ++i) {
    const int e = event(rng);
    std::int64_t t = open;
    if (e < 8) {
      open += step * gap(rng);  // a gap: short buckets
      t = open;
    } else if (e < 10) {
      open += step * 500;  // far ahead: the bucket recomputed from scratch
      t = open;
    } else if (e < 13) {
      t = open - step * (e - 10);  // a duplicate or out of order: ignored
    } else if (e < 15) {
      t = open + 1000;  // misaligned: ignored
    }
    close += move(rng);
    core::Candle c;
    c.open_time = core::TimestampMs{t};
    c.close_time = c.open_time + core::duration(source) - core::DurationMs{1};
    c.open = c.high = c.low = c.close = close;
    out.push_back(c);
    if (t == open) open += step;
  }
  return out;
}

TEST(HigherTimeframeCloses, AgreeWithTheCandleAggregator) {
  const std::pair<Timeframe, Timeframe> pairs[] = {
      {Timeframe::k15m, Timeframe::k1h}, {Timeframe::k1h, Timeframe::k4h},
      {Timeframe::k4h, Timeframe::k1d},  {Timeframe::k1m, Timeframe::k15m},
      {Timeframe::k5m, Timeframe::k15m}, {Timeframe::k15m, Timeframe::k15m}};
  std::uint64_t seed = 1;
  for (const auto& [source, target] : pairs) {
    for (const std::int64_t start : {std::int64_t{1'641'600'000'000}, std::int64_t{-86'400'000}}) {
      core::CandleAggregator reference(source, target);
      HigherTimeframeCloses closes(source, target);
      int finished = 0, short_buckets = 0;
      for (const core::Candle& c : irregular_stream(source, start, seed++)) {
        const auto expected = reference.update(c);
        const std::optional<double> got = closes.update(c);
        ASSERT_EQ(got.has_value(), expected.has_value()) << c.open_time.ms;
        if (expected) {
          ASSERT_EQ(std::bit_cast<std::uint64_t>(*got),
                    std::bit_cast<std::uint64_t>(expected->candle.close));
          ++finished;
          short_buckets += expected->complete ? 0 : 1;
        }
        const auto forming = reference.forming();
        const std::optional<double> forming_close = closes.forming_close();
        ASSERT_EQ(forming_close.has_value(), forming.has_value()) << c.open_time.ms;
        if (forming) {
          ASSERT_EQ(*forming_close, forming->close);
        }
      }
      EXPECT_GT(finished, 100);
      if (target != source) {
        EXPECT_GT(short_buckets, 10);
      }
    }
  }
}

// The trend as it was built before: CandleAggregator's finished candles into the two EMAs.
TEST(HigherTimeframeTrend, DirectionAgreesWithATrendOnTheCandleAggregator) {
  HigherTimeframeTrend trend(Timeframe::k15m);
  core::CandleAggregator aggregator(Timeframe::k15m, Timeframe::k1h);
  ta::Ema fast(20), slow(50);
  int known = 0;
  for (const core::Candle& c : irregular_stream(Timeframe::k15m, 1'641'600'000'000, 99)) {
    trend.update(c);
    if (const auto finished = aggregator.update(c)) {
      fast.update(finished->candle.close);
      slow.update(finished->candle.close);
    }
    int expected = 0;
    if (slow.ready()) {
      double f = fast.value(), s = slow.value();
      if (const auto forming = aggregator.forming()) {
        f = fast.peek(forming->close);
        s = slow.peek(forming->close);
      }
      expected = f > s ? 1 : (f < s ? -1 : 0);
    }
    ASSERT_EQ(trend.direction(), expected) << c.open_time.ms;
    known += expected != 0;
  }
  EXPECT_GT(known, 1000);
}

}  // namespace
}  // namespace alphapulse::strategy

// Properties every streaming indicator must have, checked on the whole IndicatorSet over
// real candles: chunked streaming equals one pass, peek() is exactly the next update()
// without side effects, scaling prices by 2^k scales price-unit outputs by exactly 2^k and
// leaves oscillators bit-identical, degenerate inputs have decided values, and bad input
// changes nothing.
#include "ta/indicator_set.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "support/csv_table.hpp"
#include "ta/indicator_columns.hpp"

namespace alphapulse::ta {
namespace {

constexpr std::int64_t k15m = 15 * 60 * 1000;

const std::vector<core::Candle>& sample_candles() {
  static const auto candles =
      test::candles_from_table(test::load_csv_table(test::sample_data("BTCUSDT_15m.csv")), k15m);
  return candles;
}

// Bitwise equality that treats NaN == NaN (both "not ready").
bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

void expect_same_values(const IndicatorValues& a, const IndicatorValues& b, std::size_t row) {
  for (const auto& column : kIndicatorColumns) {
    ASSERT_TRUE(same_bits(column.get(a), column.get(b)))
        << column.name << " row " << row << ": " << column.get(a) << " vs " << column.get(b);
  }
}

std::vector<IndicatorValues> one_pass(const std::vector<core::Candle>& candles) {
  IndicatorSet set;
  std::vector<IndicatorValues> out;
  for (const auto& c : candles) {
    set.update(c);
    out.push_back(set.values());
  }
  return out;
}

TEST(IndicatorSet, ChunkedStreamingEqualsOnePass) {
  const auto& candles = sample_candles();
  const auto expected = one_pass(candles);
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 13u, 100u, 5000u}) {
    // Each chunk is processed by a fresh copy of the state carried over from the last one,
    // as when a stream moves between workers, and the next candle is peeked before it.
    IndicatorSet carried;
    std::size_t row = 0;
    while (row < candles.size()) {
      IndicatorSet worker = carried;
      (void)worker.peek(candles[row]);
      const std::size_t end = std::min(candles.size(), row + chunk);
      for (; row < end; ++row) {
        worker.update(candles[row]);
        expect_same_values(worker.values(), expected[row], row);
        if (HasFatalFailure()) return;
      }
      carried = worker;
    }
  }
}

// The standalone stochastic and Williams %R (each with its own window) read what IndicatorSet
// reads off its one shared window, which the TA-Lib reference tests check; peek is the next
// update (to rounding), and a rejected candle changes nothing.
TEST(IndicatorSet, StandaloneStochasticAndWilliamsREqualTheSetsValues) {
  const auto& candles = sample_candles();
  const auto expected = one_pass(candles);
  Stochastic stochastic(14, 3, 3);
  WilliamsR williams(14);
  core::Candle broken = candles.front();
  broken.high = broken.low / 2;  // high below the body
  for (std::size_t row = 0; row < candles.size(); ++row) {
    const StochasticValue peeked = stochastic.peek(candles[row]);
    const double peeked_r = williams.peek(candles[row]);
    ASSERT_EQ(stochastic.update(candles[row]), InputStatus::kAccepted);
    ASSERT_EQ(williams.update(candles[row]), InputStatus::kAccepted);
    ASSERT_EQ(stochastic.update(broken), InputStatus::kRejectedInvalidCandle);
    ASSERT_EQ(williams.update(broken), InputStatus::kRejectedInvalidCandle);
    if (stochastic.ready()) {
      ASSERT_EQ(stochastic.value().slow_k, expected[row].stochastic.slow_k) << row;
      ASSERT_EQ(stochastic.value().slow_d, expected[row].stochastic.slow_d) << row;
      // peek sums a copy, update its running state: rounding apart (as IndicatorSet's peek).
      ASSERT_NEAR(peeked.slow_k, stochastic.value().slow_k, 1e-9 * 100) << row;
      ASSERT_NEAR(peeked.slow_d, stochastic.value().slow_d, 1e-9 * 100) << row;
    }
    if (williams.ready()) {
      ASSERT_EQ(williams.value(), expected[row].williams_r) << row;
      ASSERT_EQ(peeked_r, williams.value()) << row;
    }
  }
  EXPECT_TRUE(stochastic.ready());
  EXPECT_TRUE(williams.ready());
  EXPECT_EQ(stochastic.warmup(), 14 + 3 + 3 - 2);
  EXPECT_EQ(williams.warmup(), 14);
}

TEST(IndicatorSet, PeekIsTheNextUpdateWithoutChangingState) {
  IndicatorSet set;
  for (std::size_t row = 0; row < sample_candles().size(); ++row) {
    const auto& c = sample_candles()[row];
    const IndicatorValues before = set.values();
    const IndicatorValues peeked = set.peek(c);
    expect_same_values(set.values(), before, row);
    set.update(c);
    // peek and update take different code paths (copy vs commit); allow only rounding
    // differences, none in readiness.
    for (const auto& column : kIndicatorColumns) {
      const double p = column.get(peeked);
      const double u = column.get(set.values());
      ASSERT_EQ(std::isnan(p), std::isnan(u)) << column.name << " row " << row;
      if (!std::isnan(u)) {
        ASSERT_NEAR(p, u, 1e-9 * std::max(1.0, std::fabs(u))) << column.name << " row " << row;
      }
    }
  }
}

// decision_values() is the snapshot's fields a decision reads, bit for bit, NaN while warming
// up included, from the first candle (every indicator still warming up) to the last (all ready).
TEST(IndicatorSet, DecisionValuesAreTheSnapshotsFields) {
  IndicatorSet set;
  DecisionValues d{};
  for (std::size_t row = 0; row < sample_candles().size(); ++row) {
    set.update(sample_candles()[row]);
    set.decision_values(d);
    const IndicatorValues v = set.values();
    const std::pair<double, double> fields[] = {
        {d.rsi, v.rsi},
        {d.macd_histogram, v.macd.histogram},
        {d.bollinger.upper, v.bollinger.upper},
        {d.bollinger.middle, v.bollinger.middle},
        {d.bollinger.lower, v.bollinger.lower},
        {d.atr, v.atr.atr},
        {d.adx, v.directional.adx},
        {d.ema_fast, v.ema_fast},
        {d.ema_slow, v.ema_slow},
        {d.relative_volume, v.volume.relative_volume},
        {d.trend_t_statistic, v.trend.t_statistic},
        {d.breakout_channel_high, v.breakout.channel_high},
    };
    for (std::size_t f = 0; f < std::size(fields); ++f) {
      ASSERT_TRUE(same_bits(fields[f].first, fields[f].second))
          << "field " << f << " row " << row << ": " << fields[f].first << " vs "
          << fields[f].second;
    }
    ASSERT_EQ(d.breakout_signal, v.breakout.signal) << "row " << row;
    ASSERT_EQ(d.divergence_kind, v.divergence.kind) << "row " << row;
    ASSERT_EQ(d.divergence_candles_since_confirmation, v.divergence.candles_since_confirmation)
        << "row " << row;
  }
  // The sample covers both halves: warming up (NaN) and every indicator ready.
  IndicatorSet fresh;
  fresh.update(sample_candles()[0]);
  fresh.decision_values(d);
  EXPECT_TRUE(std::isnan(d.rsi));
  EXPECT_FALSE(std::isnan(set.values().directional.adx));
}

TEST(IndicatorSet, ScalingPricesByPowersOfTwoIsExact) {
  const auto& candles = sample_candles();
  const auto base = one_pass(candles);
  for (int k : {-30, -7, 5, 20}) {
    const double factor = std::ldexp(1.0, k);
    auto scaled = candles;
    for (auto& c : scaled) {
      c.open *= factor;
      c.high *= factor;
      c.low *= factor;
      c.close *= factor;
    }
    const auto out = one_pass(scaled);
    for (std::size_t row = 0; row < out.size(); ++row) {
      const auto& a = base[row];
      const auto& b = out[row];
      // Oscillators: bit-identical.
      for (auto get : {+[](const IndicatorValues& v) { return v.rsi; },
                       +[](const IndicatorValues& v) { return v.stochastic.slow_k; },
                       +[](const IndicatorValues& v) { return v.stochastic.slow_d; },
                       +[](const IndicatorValues& v) { return v.williams_r; },
                       +[](const IndicatorValues& v) { return v.cci; },
                       +[](const IndicatorValues& v) { return v.mfi; },
                       +[](const IndicatorValues& v) { return v.directional.adx; },
                       +[](const IndicatorValues& v) { return v.directional.plus_di; },
                       +[](const IndicatorValues& v) { return v.directional.minus_di; },
                       +[](const IndicatorValues& v) { return v.atr.natr; },
                       +[](const IndicatorValues& v) { return v.obv; }}) {
        ASSERT_TRUE(same_bits(get(a), get(b))) << "k=" << k << " row " << row;
      }
      // Price-unit outputs: exactly times 2^k.
      for (auto get : {+[](const IndicatorValues& v) { return v.macd.macd; },
                       +[](const IndicatorValues& v) { return v.macd.signal; },
                       +[](const IndicatorValues& v) { return v.bollinger.upper; },
                       +[](const IndicatorValues& v) { return v.bollinger.lower; },
                       +[](const IndicatorValues& v) { return v.atr.atr; },
                       +[](const IndicatorValues& v) { return v.ema_slow; },
                       +[](const IndicatorValues& v) { return v.sma; }}) {
        ASSERT_TRUE(same_bits(get(a) * factor, get(b))) << "k=" << k << " row " << row;
      }
    }
  }
}

core::Candle flat_candle(std::int64_t i, double price) {
  core::Candle c;
  c.open_time = {i * k15m};
  c.close_time = {i * k15m + k15m - 1};
  c.open = c.high = c.low = c.close = price;
  c.volume = 1.5;
  return c;
}

TEST(IndicatorSet, FlatSeriesHasNeutralOscillators) {
  IndicatorSet set;
  for (int i = 0; i < 200; ++i) set.update(flat_candle(i, 0.00012345));
  const auto v = set.values();
  EXPECT_EQ(v.rsi, 50.0);  // no gains, no losses: neutral, not 0 or NaN
  EXPECT_EQ(v.stochastic.slow_k, 50.0);
  EXPECT_EQ(v.williams_r, -50.0);
  EXPECT_EQ(v.mfi, 50.0);
  EXPECT_EQ(v.cci, 0.0);
  EXPECT_EQ(v.atr.atr, 0.0);
  EXPECT_EQ(v.directional.plus_di, 0.0);
  EXPECT_EQ(v.bollinger.upper, v.bollinger.lower);
  EXPECT_EQ(v.macd.macd, 0.0);
}

TEST(IndicatorSet, BadInputIsRejectedAndChangesNothing) {
  const auto& candles = sample_candles();
  IndicatorSet clean;
  IndicatorSet dirty;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t row = 0; row < 600; ++row) {
    clean.update(candles[row]);
    dirty.update(candles[row]);
    if (row % 50 != 10) continue;
    core::Candle bad = candles[row];
    bad.close = nan;
    EXPECT_EQ(dirty.update(bad), InputStatus::kRejectedNonFinite);
    bad = candles[row];
    bad.low = -bad.low;
    EXPECT_EQ(dirty.update(bad), InputStatus::kRejectedNegative);
    bad = candles[row];
    bad.volume = -1;
    EXPECT_EQ(dirty.update(bad), InputStatus::kRejectedNegative);
    bad = candles[row];
    bad.high = std::min(bad.open, bad.close) * 0.5;
    bad.low = bad.high * 0.5;
    EXPECT_EQ(dirty.update(bad), InputStatus::kRejectedInvalidCandle);
    bad = candles[row];
    bad.open = std::numeric_limits<double>::infinity();
    EXPECT_EQ(dirty.update(bad), InputStatus::kRejectedNonFinite);
    expect_same_values(dirty.values(), clean.values(), row);
    EXPECT_EQ(dirty.candles_seen(), clean.candles_seen());
  }
}

TEST(IndicatorSet, WarmupCoversEveryIndicator) {
  IndicatorSet set;
  const auto& candles = sample_candles();
  for (int i = 0; i < set.warmup(); ++i) set.update(candles[static_cast<std::size_t>(i)]);
  for (const auto& column : kIndicatorColumns)
    EXPECT_FALSE(std::isnan(column.get(set.values()))) << column.name;
}

}  // namespace
}  // namespace alphapulse::ta

// RsiDivergence: hand-built series for each divergence kind, confirmed at a known candle and
// never before; the pivot tie rule; the pivot distance limit; a naive rescan over a long
// random series; no look-ahead (a run over the first t candles gives exactly the outputs of
// a run over all of them, for every t); chunked streaming and peek; 2^k scale invariance;
// rejection of bad input (including a NaN RSI).
#include "ta/rsi_divergence.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <tuple>
#include <utility>
#include <vector>

namespace alphapulse::ta {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// Everything the detector shows after one candle.
struct Outputs {
  Divergence value;
  Divergence bullish;
  Divergence bearish;
  SwingPivot swing_low;
  SwingPivot swing_high;
  bool operator==(const Outputs&) const = default;
};

Outputs outputs_of(const RsiDivergence& d) {
  return {d.value(), d.bullish(), d.bearish(), d.last_swing_low(), d.last_swing_high()};
}

struct Series {
  std::vector<core::Candle> candles;
  std::vector<double> rsi;
};

core::Candle bar(double low, double high) {
  core::Candle c;
  c.low = low;
  c.high = high;
  c.open = c.close = (low + high) / 2;
  c.volume = 1;
  return c;
}

// Candles whose lows follow `lows` (high = low + 1), RSI 50 except where given.
Series from_lows(const std::vector<double>& lows) {
  Series s;
  for (double low : lows) {
    s.candles.push_back(bar(low, low + 1));
    s.rsi.push_back(50);
  }
  return s;
}
Series from_highs(const std::vector<double>& highs) {
  Series s;
  for (double high : highs) {
    s.candles.push_back(bar(high - 1, high));
    s.rsi.push_back(50);
  }
  return s;
}

// A geometric random walk with valid OHLCV, and a Wilder RSI(14) of its closes computed
// here (so this test does not lean on ta/rsi); candles before the RSI is ready are dropped.
Series random_series(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> log_return(0.0, 0.01);
  std::exponential_distribution<double> wick(400.0);
  std::lognormal_distribution<double> volume(5.0, 1.0);
  std::uniform_int_distribution<int> tick(0, 9);
  constexpr int kRsiPeriod = 14;
  Series s;
  double close = 100;
  double avg_gain = 0, avg_loss = 0;
  for (std::size_t i = 0; i < n + kRsiPeriod; ++i) {
    core::Candle c;
    c.open = close;
    // Now and then an unchanged close, so that equal lows and highs (ties) occur.
    if (tick(rng) != 0) close *= std::exp(log_return(rng));
    c.close = close;
    c.high =
        tick(rng) < 3 ? std::max(c.open, c.close) : std::max(c.open, c.close) * std::exp(wick(rng));
    c.low = tick(rng) < 3 ? std::min(c.open, c.close)
                          : std::min(c.open, c.close) * std::exp(-wick(rng));
    c.volume = volume(rng);
    if (i > 0) {
      const double change = c.close - c.open;
      const double gain = change > 0 ? change : 0, loss = change < 0 ? -change : 0;
      if (i <= kRsiPeriod) {
        avg_gain += gain / kRsiPeriod;
        avg_loss += loss / kRsiPeriod;
      } else {
        avg_gain = (avg_gain * (kRsiPeriod - 1) + gain) / kRsiPeriod;
        avg_loss = (avg_loss * (kRsiPeriod - 1) + loss) / kRsiPeriod;
      }
    }
    if (i < kRsiPeriod) continue;
    const double total = avg_gain + avg_loss;
    s.candles.push_back(c);
    s.rsi.push_back(total == 0 ? 50.0 : 100.0 * avg_gain / total);
  }
  return s;
}

std::vector<Outputs> run(RsiDivergence detector, const Series& s, std::size_t count) {
  std::vector<Outputs> out;
  for (std::size_t t = 0; t < count; ++t) {
    EXPECT_EQ(detector.update(s.candles[t], s.rsi[t]), InputStatus::kAccepted);
    out.push_back(outputs_of(detector));
  }
  return out;
}

// The definition, rescanned from scratch at every candle.
std::vector<Outputs> naive(const Series& s, int left, int right, int max_distance) {
  std::vector<Outputs> out;
  Outputs o;
  const auto age = [](Divergence& d) {
    if (d.kind != DivergenceKind::kNone) ++d.candles_since_confirmation;
  };
  for (std::size_t t = 0; t < s.candles.size(); ++t) {
    age(o.bullish);
    age(o.bearish);
    const auto L = static_cast<std::size_t>(left), R = static_cast<std::size_t>(right);
    if (t >= L + R) {
      const std::size_t p = t - R;
      bool is_low = true, is_high = true;
      for (std::size_t i = p - L; i < p; ++i) {
        is_low = is_low && s.candles[p].low < s.candles[i].low;
        is_high = is_high && s.candles[p].high > s.candles[i].high;
      }
      for (std::size_t i = p + 1; i <= t; ++i) {
        is_low = is_low && s.candles[p].low <= s.candles[i].low;
        is_high = is_high && s.candles[p].high >= s.candles[i].high;
      }
      const auto index = static_cast<std::int64_t>(p);
      const auto make = [&](DivergenceKind kind, const SwingPivot& first, double price) {
        Divergence d;
        d.kind = kind;
        d.pivot_distance = static_cast<int>(index - first.candle_index);
        d.first_pivot_price = first.price;
        d.second_pivot_price = price;
        d.first_pivot_rsi = first.rsi;
        d.second_pivot_rsi = s.rsi[p];
        return d;
      };
      if (is_low) {
        const SwingPivot& q = o.swing_low;
        const double price = s.candles[p].low;
        if (q.candle_index >= 0 && index - q.candle_index <= max_distance) {
          if (price < q.price && s.rsi[p] > q.rsi) {
            o.bullish = make(DivergenceKind::kRegularBullish, q, price);
          } else if (price > q.price && s.rsi[p] < q.rsi) {
            o.bullish = make(DivergenceKind::kHiddenBullish, q, price);
          }
        }
        o.swing_low = {index, price, s.rsi[p]};
      }
      if (is_high) {
        const SwingPivot& q = o.swing_high;
        const double price = s.candles[p].high;
        if (q.candle_index >= 0 && index - q.candle_index <= max_distance) {
          if (price > q.price && s.rsi[p] < q.rsi) {
            o.bearish = make(DivergenceKind::kRegularBearish, q, price);
          } else if (price < q.price && s.rsi[p] > q.rsi) {
            o.bearish = make(DivergenceKind::kHiddenBearish, q, price);
          }
        }
        o.swing_high = {index, price, s.rsi[p]};
      }
    }
    // The more recent side; the bullish one on a tie.
    if (o.bearish.kind == DivergenceKind::kNone) {
      o.value = o.bullish;
    } else if (o.bullish.kind == DivergenceKind::kNone) {
      o.value = o.bearish;
    } else {
      o.value = o.bearish.candles_since_confirmation < o.bullish.candles_since_confirmation
                    ? o.bearish
                    : o.bullish;
    }
    out.push_back(o);
  }
  return out;
}

// Lows with swing lows at candles 3 (low 10) and 9 (low 9), L = R = 2; the only swing high
// is at candle 6 (high 12.5). Checked against the definition candle by candle:
//   candle 3: left 11, 10.5 > 10; right 10.5, 11 >= 10    -> swing low, confirmed at 5
//   candle 8: right has 9 < 10                             -> no
//   candle 9: left 11, 10 > 9;   right 9.5, 10 >= 9        -> swing low, confirmed at 11
const std::vector<double> kTwoTroughs = {12, 11, 10.5, 10,  10.5, 11,  11.5,
                                         11, 10, 9,    9.5, 10,   10.5};

TEST(RsiDivergence, KnownRegularBullishIsReportedAtTheConfirmingCandleOnly) {
  Series s = from_lows(kTwoTroughs);
  s.rsi[3] = 25;
  s.rsi[9] = 32;  // price: lower low (9 < 10); RSI: higher low (32 > 25)
  RsiDivergence detector(2, 2, 60);
  EXPECT_EQ(detector.warmup(), 5);
  for (std::size_t t = 0; t < s.candles.size(); ++t) {
    if (t == 11) {
      const Divergence peeked = detector.peek(s.candles[t], s.rsi[t]);
      EXPECT_EQ(peeked.kind, DivergenceKind::kRegularBullish);
    }
    ASSERT_EQ(detector.update(s.candles[t], s.rsi[t]), InputStatus::kAccepted);
    EXPECT_EQ(detector.ready(), t >= 4) << t;
    // The first trough is knowable only once candle 5 has closed, the second at 11.
    EXPECT_EQ(detector.last_swing_low().candle_index, t < 5 ? -1 : t < 11 ? 3 : 9) << t;
    EXPECT_EQ(detector.last_swing_high().candle_index, t < 8 ? -1 : 6) << t;
    if (t < 11) {
      EXPECT_EQ(detector.value().kind, DivergenceKind::kNone) << t;
      EXPECT_FALSE(detector.just_confirmed()) << t;
      continue;
    }
    const Divergence d = detector.value();
    EXPECT_EQ(d.kind, DivergenceKind::kRegularBullish);
    EXPECT_EQ(d.candles_since_confirmation, static_cast<std::int64_t>(t - 11));
    EXPECT_EQ(detector.just_confirmed(), t == 11);
    EXPECT_EQ(d.pivot_distance, 6);
    EXPECT_EQ(d.first_pivot_price, 10.0);
    EXPECT_EQ(d.second_pivot_price, 9.0);
    EXPECT_EQ(d.first_pivot_rsi, 25.0);
    EXPECT_EQ(d.second_pivot_rsi, 32.0);
    EXPECT_EQ(detector.bearish().kind, DivergenceKind::kNone);
  }
}

TEST(RsiDivergence, HiddenBullish) {
  // Second trough raised to 10.2 (candle 8 to 10.6 so that 9 stays the pivot): a higher
  // low in price, and RSI makes a lower low (20 < 25).
  std::vector<double> lows = kTwoTroughs;
  lows[8] = 10.6;
  lows[9] = 10.2;
  lows[10] = 10.5;
  lows[11] = 11;
  Series s = from_lows(lows);
  s.rsi[3] = 25;
  s.rsi[9] = 20;
  const auto outputs = run(RsiDivergence(2, 2, 60), s, s.candles.size());
  EXPECT_EQ(outputs[10].value.kind, DivergenceKind::kNone);
  EXPECT_EQ(outputs[11].value.kind, DivergenceKind::kHiddenBullish);
  EXPECT_EQ(outputs[11].value.first_pivot_price, 10.0);
  EXPECT_EQ(outputs[11].value.second_pivot_price, 10.2);
}

TEST(RsiDivergence, RegularAndHiddenBearish) {
  // The mirror image of kTwoTroughs: swing highs at 3 (20) and 9 (21, a higher high).
  std::vector<double> highs;
  for (double low : kTwoTroughs) highs.push_back(30 - low);
  Series regular = from_highs(highs);
  regular.rsi[3] = 75;
  regular.rsi[9] = 68;  // RSI lower high
  auto outputs = run(RsiDivergence(2, 2, 60), regular, regular.candles.size());
  EXPECT_EQ(outputs[10].value.kind, DivergenceKind::kNone);
  EXPECT_EQ(outputs[11].value.kind, DivergenceKind::kRegularBearish);
  EXPECT_EQ(outputs[11].value.first_pivot_price, 20.0);
  EXPECT_EQ(outputs[11].value.second_pivot_price, 21.0);
  EXPECT_EQ(outputs[11].bullish.kind, DivergenceKind::kNone);

  // Second peak lowered to 19.8: a lower high in price while RSI makes a higher high.
  highs[8] = 19.4;
  highs[9] = 19.8;
  highs[10] = 19.5;
  highs[11] = 19;
  Series hidden = from_highs(highs);
  hidden.rsi[3] = 75;
  hidden.rsi[9] = 80;
  outputs = run(RsiDivergence(2, 2, 60), hidden, hidden.candles.size());
  EXPECT_EQ(outputs[10].value.kind, DivergenceKind::kNone);
  EXPECT_EQ(outputs[11].value.kind, DivergenceKind::kHiddenBearish);
  EXPECT_EQ(outputs[11].value.second_pivot_rsi, 80.0);
}

TEST(RsiDivergence, EqualPriceOrRsiIsNoDivergence) {
  std::vector<double> lows = kTwoTroughs;
  Series s = from_lows(lows);
  s.rsi[3] = 25;
  s.rsi[9] = 25;  // lower low but the same RSI
  EXPECT_EQ(run(RsiDivergence(2, 2, 60), s, s.candles.size())[11].value.kind,
            DivergenceKind::kNone);
  lows[9] = 10;  // equal lows; candles 8 and 10 raised so that 9 stays a pivot
  lows[8] = 10.4;
  lows[10] = 10.5;
  s = from_lows(lows);
  s.rsi[3] = 25;
  s.rsi[9] = 40;
  const auto outputs = run(RsiDivergence(2, 2, 60), s, s.candles.size());
  EXPECT_EQ(outputs[11].swing_low.candle_index, 9);
  EXPECT_EQ(outputs[11].value.kind, DivergenceKind::kNone);
}

TEST(RsiDivergence, OnlyPivotsWithinMaxDistanceCount) {
  Series s = from_lows(kTwoTroughs);
  s.rsi[3] = 25;
  s.rsi[9] = 32;
  // The pivots are 6 candles apart.
  EXPECT_EQ(run(RsiDivergence(2, 2, 5), s, s.candles.size())[11].value.kind, DivergenceKind::kNone);
  EXPECT_EQ(run(RsiDivergence(2, 2, 6), s, s.candles.size())[11].value.kind,
            DivergenceKind::kRegularBullish);
}

TEST(RsiDivergence, TiesMakeTheEarliestCandleThePivot) {
  // Flat bottom at candles 2 and 3: 2 is strictly below its left side and equal-or-below its
  // right side, so it is the pivot (confirmed at 4); 3 is not strictly below 2.
  auto outputs = run(RsiDivergence(2, 2, 60), from_lows({12, 11, 10, 10, 11, 12, 13}), 7);
  EXPECT_EQ(outputs[3].swing_low.candle_index, -1);
  for (std::size_t t = 4; t < 7; ++t) EXPECT_EQ(outputs[t].swing_low.candle_index, 2) << t;
  // Equal lows two apart (10, 10.5, 10): again only the first.
  outputs = run(RsiDivergence(2, 2, 60), from_lows({12, 11, 10, 10.5, 10, 11, 12, 13}), 8);
  for (std::size_t t = 4; t < 8; ++t) EXPECT_EQ(outputs[t].swing_low.candle_index, 2) << t;
  // Candle 2 (10.5) is no pivot with a lower low on its left (10) or on its right (10).
  for (const auto& lows : {std::vector<double>{12, 10, 10.5, 11, 12, 13},
                           std::vector<double>{12, 11, 10.5, 11, 10, 13}}) {
    outputs = run(RsiDivergence(2, 2, 60), from_lows(lows), lows.size());
    for (const auto& o : outputs) EXPECT_NE(o.swing_low.candle_index, 2);
  }
}

TEST(RsiDivergence, BothSidesOnOneCandle) {
  // L = R = 1. Candle 1 and candle 4 are each both a swing low and a swing high (outside
  // bars), both confirmed by the next candle. Lows 9 -> 8.5 with RSI 40 -> 45: regular
  // bullish; highs 13 -> 12.8 with RSI 40 -> 45: hidden bearish. Both at candle 5.
  Series s;
  const double bars[][3] = {{10, 12, 50},    {9, 13, 40},   {9.5, 12.5, 50}, {9.6, 12.4, 50},
                            {8.5, 12.8, 45}, {9, 12.5, 50}, {10, 12, 50}};
  for (const auto& b : bars) {
    s.candles.push_back(bar(b[0], b[1]));
    s.rsi.push_back(b[2]);
  }
  const auto outputs = run(RsiDivergence(1, 1, 60), s, s.candles.size());
  EXPECT_EQ(outputs[4].value.kind, DivergenceKind::kNone);
  EXPECT_EQ(outputs[5].bullish.kind, DivergenceKind::kRegularBullish);
  EXPECT_EQ(outputs[5].bearish.kind, DivergenceKind::kHiddenBearish);
  EXPECT_EQ(outputs[5].value.kind, DivergenceKind::kRegularBullish);  // tie: bullish
  EXPECT_EQ(outputs[5].bearish.first_pivot_price, 13.0);
  EXPECT_EQ(outputs[5].bearish.second_pivot_price, 12.8);
  EXPECT_EQ(outputs[6].value.candles_since_confirmation, 1);
}

TEST(RsiDivergence, MatchesNaiveRescanOverLongRandomSeries) {
  const Series s = random_series(60000, 555);
  for (const auto& [left, right, distance] :
       {std::tuple{5, 5, 60}, std::tuple{1, 1, 10}, std::tuple{3, 7, 40}, std::tuple{8, 2, 25}}) {
    const auto expected = naive(s, left, right, distance);
    const auto actual = run(RsiDivergence(left, right, distance), s, s.candles.size());
    int confirmations[5] = {};
    for (std::size_t t = 0; t < expected.size(); ++t) {
      ASSERT_EQ(actual[t], expected[t]) << "t " << t << " (" << left << "," << right << ")";
      if (actual[t].value.kind != DivergenceKind::kNone &&
          actual[t].value.candles_since_confirmation == 0) {
        ++confirmations[static_cast<int>(actual[t].value.kind)];
      }
    }
    for (int kind = 1; kind < 5; ++kind) EXPECT_GT(confirmations[kind], 10) << kind;
  }
}

TEST(RsiDivergence, NoLookAheadTruncatedRunsGiveTheSameOutputs) {
  const Series s = random_series(1200, 808);
  for (const auto& [left, right] : {std::pair{5, 5}, std::pair{2, 3}}) {
    const RsiDivergence prototype(left, right, 60);
    const auto full = run(prototype, s, s.candles.size());
    for (std::size_t t = 1; t <= s.candles.size(); ++t) {
      const auto truncated = run(prototype, s, t);
      for (std::size_t i = 0; i < t; ++i) {
        ASSERT_EQ(truncated[i], full[i]) << "first " << t << " candles, output " << i;
      }
    }
  }
}

TEST(RsiDivergence, ChunkedStreamingAndPeekEqualOnePass) {
  const Series s = random_series(5000, 21);
  const auto expected = run(RsiDivergence(3, 3, 60), s, s.candles.size());
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::size_t chunk : {1u, 2u, 7u, 100u, 4999u}) {
    RsiDivergence carried(3, 3, 60);
    std::size_t row = 0;
    while (row < s.candles.size()) {
      RsiDivergence worker = carried;  // value type: a copy carries the stream on
      const std::size_t end = std::min(s.candles.size(), row + chunk);
      for (; row < end; ++row) {
        // A still-forming candle (partial wicks, partial close) with its own RSI reading.
        for (int partial = 0; partial < 3; ++partial) {
          const core::Candle& last = s.candles[row];
          const double u = unit(rng);
          core::Candle forming = last;
          forming.close = last.open + u * (last.close - last.open);
          forming.high = std::max(forming.open, forming.close) +
                         u * (last.high - std::max(last.open, last.close));
          forming.low = std::min(forming.open, forming.close) -
                        u * (std::min(last.open, last.close) - last.low);
          const double rsi = 100 * unit(rng);
          const Divergence peeked = worker.peek(forming, rsi);
          RsiDivergence probe = worker;
          ASSERT_EQ(probe.update(forming, rsi), InputStatus::kAccepted);
          ASSERT_EQ(peeked, probe.value()) << row;
        }
        const Divergence peeked = worker.peek(s.candles[row], s.rsi[row]);
        worker.update(s.candles[row], s.rsi[row]);
        ASSERT_EQ(peeked, worker.value()) << row;
        ASSERT_EQ(outputs_of(worker), expected[row]) << row;
      }
      carried = worker;
    }
  }
}

TEST(RsiDivergence, ScalingPricesByPowersOfTwoIsBitExact) {
  const Series s = random_series(30000, 34);
  const auto plain = run(RsiDivergence(), s, s.candles.size());
  for (int k : {-20, 7}) {
    Series scaled = s;
    for (auto& c : scaled.candles) {
      c.open = std::ldexp(c.open, k);
      c.high = std::ldexp(c.high, k);
      c.low = std::ldexp(c.low, k);
      c.close = std::ldexp(c.close, k);
      c.volume = std::ldexp(c.volume, k);
    }
    const auto outputs = run(RsiDivergence(), scaled, scaled.candles.size());
    for (std::size_t t = 0; t < plain.size(); ++t) {
      for (auto [a, b] : {std::pair{outputs[t].bullish, plain[t].bullish},
                          std::pair{outputs[t].bearish, plain[t].bearish},
                          std::pair{outputs[t].value, plain[t].value}}) {
        ASSERT_EQ(a.kind, b.kind) << t;
        ASSERT_EQ(a.candles_since_confirmation, b.candles_since_confirmation) << t;
        ASSERT_EQ(a.pivot_distance, b.pivot_distance) << t;
        ASSERT_TRUE(same_bits(a.first_pivot_price, std::ldexp(b.first_pivot_price, k))) << t;
        ASSERT_TRUE(same_bits(a.second_pivot_price, std::ldexp(b.second_pivot_price, k))) << t;
        ASSERT_TRUE(same_bits(a.first_pivot_rsi, b.first_pivot_rsi)) << t;
        ASSERT_TRUE(same_bits(a.second_pivot_rsi, b.second_pivot_rsi)) << t;
      }
      ASSERT_EQ(outputs[t].swing_low.candle_index, plain[t].swing_low.candle_index) << t;
      ASSERT_EQ(outputs[t].swing_high.candle_index, plain[t].swing_high.candle_index) << t;
    }
  }
}

TEST(RsiDivergence, InvalidInputIsRejectedAndLeavesStateUntouched) {
  const Series s = random_series(1000, 9);
  RsiDivergence clean(3, 3, 60);
  RsiDivergence dirty(3, 3, 60);
  core::Candle nan_low = s.candles[0];
  nan_low.low = kNaN;
  core::Candle zero_close = s.candles[0];
  zero_close.close = 0;
  core::Candle negative_volume = s.candles[0];
  negative_volume.volume = -1;
  core::Candle low_above_body = s.candles[0];
  low_above_body.low = std::max(low_above_body.open, low_above_body.close) * 1.5;
  for (std::size_t t = 0; t < s.candles.size(); ++t) {
    const Outputs before = outputs_of(dirty);
    // The true next candle, but with an RSI that is not a number.
    EXPECT_EQ(dirty.update(s.candles[t], kNaN), InputStatus::kRejectedNonFinite);
    EXPECT_EQ(dirty.update(s.candles[t], std::numeric_limits<double>::infinity()),
              InputStatus::kRejectedNonFinite);
    EXPECT_EQ(dirty.update(nan_low, 50), InputStatus::kRejectedNonFinite);
    EXPECT_EQ(dirty.update(zero_close, 50), InputStatus::kRejectedNegative);
    EXPECT_EQ(dirty.update(negative_volume, 50), InputStatus::kRejectedNegative);
    EXPECT_EQ(dirty.update(low_above_body, 50), InputStatus::kRejectedInvalidCandle);
    ASSERT_EQ(outputs_of(dirty), before) << t;
    ASSERT_EQ(dirty.peek(s.candles[t], kNaN), before.value) << t;  // update changes nothing
    clean.update(s.candles[t], s.rsi[t]);
    dirty.update(s.candles[t], s.rsi[t]);
    ASSERT_EQ(outputs_of(dirty), outputs_of(clean)) << t;
  }
}

TEST(RsiDivergence, ResetStartsOverAndParametersAreClamped) {
  const Series s = random_series(300, 5);
  RsiDivergence detector(2, 2, 30);
  for (std::size_t t = 0; t < s.candles.size(); ++t) detector.update(s.candles[t], s.rsi[t]);
  detector.reset();
  EXPECT_FALSE(detector.ready());
  EXPECT_EQ(outputs_of(detector), Outputs{});
  const auto fresh = run(RsiDivergence(2, 2, 30), s, 100);
  EXPECT_EQ(run(detector, s, 100), fresh);
  const RsiDivergence clamped(0, -3, 0);
  EXPECT_EQ(clamped.pivot_left(), 1);
  EXPECT_EQ(clamped.pivot_right(), 1);
  EXPECT_EQ(clamped.max_pivot_distance(), 1);
}

}  // namespace
}  // namespace alphapulse::ta

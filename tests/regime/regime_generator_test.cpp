// Tests of regime/regime_generator: determinism per seed, and that each regime's segments have
// the lengths and statistics regime_synth.py's definition says.
#include "regime/regime_generator.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <vector>

namespace alphapulse::regime {
namespace {

using core::MarketRegime;

struct Segment {
  MarketRegime regime;
  std::size_t begin, end;  // [begin, end) candle indices
};

std::vector<Segment> segments_of(const std::vector<LabelledCandle>& s) {
  std::vector<Segment> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == 0 || s[i].regime != s[i - 1].regime) out.push_back({s[i].regime, i, i});
    out.back().end = i + 1;
  }
  return out;
}

std::vector<LabelledCandle> series(std::uint64_t seed, std::int64_t candles = 20000) {
  RegimeSeriesOptions o;
  o.seed = seed;
  o.candles = candles;
  return generate_regime_series(o);
}

double log_return(const std::vector<LabelledCandle>& s, std::size_t i) {
  return std::log(s[i].candle.close / s[i].candle.open);  // open = previous close
}

TEST(RegimeGenerator, IsDeterministicPerSeed) {
  const auto a = series(7, 3000), b = series(7, 3000), c = series(8, 3000);
  ASSERT_EQ(a.size(), 3000u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].candle.close, b[i].candle.close);
    ASSERT_EQ(a[i].regime, b[i].regime);
  }
  EXPECT_NE(a[100].candle.close, c[100].candle.close);
}

TEST(RegimeGenerator, CandlesAreValidAndContiguous) {
  RegimeSeriesOptions o;
  o.candles = 5000;
  o.start_price = 1e-4;
  o.fat_tails = o.vol_clustering = true;
  const auto s = generate_regime_series(o);
  EXPECT_NEAR(s.front().candle.open / 1e-4, 1.0, 1e-12);  // exp(log(p)) may differ in the last bit
  for (std::size_t i = 0; i < s.size(); ++i) {
    ASSERT_EQ(core::validate(s[i].candle), core::CandleError::kNone) << i;
    if (i > 0) {
      ASSERT_EQ(s[i].candle.open_time.ms - s[i - 1].candle.open_time.ms, 15 * 60'000);
      ASSERT_EQ(s[i].candle.open, s[i - 1].candle.close);
    }
  }
}

TEST(RegimeGenerator, SegmentsFollowTheDefinition) {
  const auto s = series(11, 60000);
  const auto segs = segments_of(s);
  ASSERT_GT(segs.size(), 100u);
  double bull_drift = 0, bear_drift = 0, choppy_lag_product = 0, choppy_square = 0;
  double ranging_pull =
      0;  // sum of r_t * (segment start - log price before t): > 0 when mean-reverting
  double breakout_volume = 0, trend_volume = 0;
  std::size_t breakout_n = 0, trend_n = 0;
  for (std::size_t k = 0; k + 1 < segs.size(); ++k) {  // the last segment may be cut short
    const Segment& g = segs[k];
    const std::size_t length = g.end - g.begin;
    if (k > 0) {
      EXPECT_NE(g.regime, segs[k - 1].regime);
    }
    switch (g.regime) {
      case MarketRegime::kStrongTrendBull:
      case MarketRegime::kStrongTrendBear:
      case MarketRegime::kRanging:
        EXPECT_TRUE(length >= 80 && length <= 250) << length;
        break;
      case MarketRegime::kWeakTrend:
        EXPECT_TRUE(length >= 80 && length <= 200) << length;
        break;
      case MarketRegime::kVolatileBreakout:
        EXPECT_TRUE(length >= 20 && length <= 60) << length;
        break;
      case MarketRegime::kChoppy:
        EXPECT_TRUE(length >= 60 && length <= 150) << length;
        break;
    }
    const double anchor = std::log(s[g.begin].candle.open);
    for (std::size_t i = g.begin; i < g.end; ++i) {
      const double r = log_return(s, i);
      if (g.regime == MarketRegime::kStrongTrendBull) bull_drift += r;
      if (g.regime == MarketRegime::kStrongTrendBear) bear_drift += r;
      if (g.regime == MarketRegime::kChoppy && i > g.begin) {
        choppy_lag_product += r * log_return(s, i - 1);
        choppy_square += r * r;
      }
      if (g.regime == MarketRegime::kRanging)
        ranging_pull += r * (anchor - std::log(s[i].candle.open));
      if (g.regime == MarketRegime::kVolatileBreakout) {
        breakout_volume += s[i].candle.volume;
        ++breakout_n;
      }
      if (g.regime == MarketRegime::kStrongTrendBull ||
          g.regime == MarketRegime::kStrongTrendBear) {
        trend_volume += s[i].candle.volume;
        ++trend_n;
      }
    }
  }
  EXPECT_GT(bull_drift, 0);
  EXPECT_LT(bear_drift, 0);
  // MA(1) with -0.6: lag-1 autocorrelation -0.6 / 1.36 = -0.44.
  EXPECT_LT(choppy_lag_product / choppy_square, -0.3);
  EXPECT_GT(ranging_pull, 0);
  EXPECT_GT(breakout_volume / static_cast<double>(breakout_n),
            2 * trend_volume / static_cast<double>(trend_n));
}

// The segment-length prior of the change-point model, against the definition's ranges:
// breakout 20-60, choppy 60-150, weak 80-200, the other three 80-250, each regime 1/6.
TEST(RegimeGenerator, SegmentLengthProbabilitiesFollowTheDefinition) {
  const std::vector<double> p = segment_length_probabilities(300);
  ASSERT_EQ(p.size(), 300u);
  double total = 0;
  for (const double x : p) total += x;
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_EQ(p[19], 0.0);
  EXPECT_EQ(p[251], 0.0);
  const double sixth = 1.0 / 6;
  EXPECT_NEAR(p[30], sixth / 41, 1e-15);               // breakout only
  EXPECT_NEAR(p[60], sixth / 41 + sixth / 91, 1e-15);  // breakout, choppy
  EXPECT_NEAR(p[70], sixth / 91, 1e-15);               // choppy only
  EXPECT_NEAR(p[120], sixth / 91 + sixth / 121 + 3 * sixth / 171, 1e-15);
  EXPECT_NEAR(p[220], 3 * sixth / 171, 1e-15);                // 80-250 regimes only
  EXPECT_EQ(segment_length_probabilities(100).size(), 100u);  // cut, not grown
}

TEST(RegimeGenerator, CsvHasTheLabelledColumnsAndExactNumbers) {
  RegimeSeriesOptions o;
  o.candles = 3;
  o.start_price = 0.00012345678901;
  const auto s = generate_regime_series(o);
  std::ostringstream out;
  ASSERT_TRUE(write_labelled_csv(out, s));
  std::istringstream in(out.str());
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "open_time_ms,open,high,low,close,volume,regime");
  std::getline(in, line);
  // Shortest round-trip: the text reads back to the very same double, whatever the price level.
  const std::size_t open_at = line.find(',') + 1;
  EXPECT_EQ(line.substr(0, open_at), "1672531200000,");
  EXPECT_EQ(std::strtod(line.c_str() + open_at, nullptr), s[0].candle.open) << line;
  EXPECT_EQ(line.substr(line.rfind(',') + 1), core::to_string(s[0].regime));
}

}  // namespace
}  // namespace alphapulse::regime

// Tests of regime/regime_detector: accuracy on fixed test seeds, scale invariance, streaming
// equivalences (copy, peek, truncation), rejection of invalid candles and hysteresis.
#include "regime/regime_detector.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "regime/random.hpp"
#include "regime/regime_generator.hpp"
#include "regime/regime_scoring.hpp"

namespace alphapulse::regime {
namespace {

using core::MarketRegime;

#ifdef NDEBUG
constexpr std::int64_t kCandles = 20000;
#else
constexpr std::int64_t kCandles = 10000;  // sanitizer builds are ~20x slower
#endif

std::vector<LabelledCandle> series(std::uint64_t seed, double base_vol = 0.003, bool fat = false,
                                   bool clustering = false, std::int64_t candles = kCandles) {
  RegimeSeriesOptions o;
  o.seed = seed;
  o.candles = candles;
  o.base_vol = base_vol;
  o.fat_tails = fat;
  o.vol_clustering = clustering;
  return generate_regime_series(o);
}

std::vector<RegimeState> run(const std::vector<LabelledCandle>& s) {
  RegimeDetector d;
  std::vector<RegimeState> out;
  for (const auto& row : s) {
    EXPECT_EQ(d.update(row.candle), ta::InputStatus::kAccepted);
    out.push_back(d.state());
  }
  return out;
}

std::vector<MarketRegime> regimes_of(const std::vector<RegimeState>& states) {
  std::vector<MarketRegime> out;
  for (const auto& s : states) out.push_back(s.regime);
  return out;
}

std::vector<LabelledCandle> scaled(std::vector<LabelledCandle> s, double factor) {
  for (auto& row : s) {
    row.candle.open *= factor;
    row.candle.high *= factor;
    row.candle.low *= factor;
    row.candle.close *= factor;
  }
  return s;
}

void expect_same_state(const RegimeState& a, const RegimeState& b, std::size_t i) {
  ASSERT_EQ(a.regime, b.regime) << i;
  ASSERT_EQ(a.confidence, b.confidence) << i;
  ASSERT_EQ(a.duration_candles, b.duration_candles) << i;
  ASSERT_EQ(a.changed, b.changed) << i;
  ASSERT_EQ(a.metrics.trend_t_statistic, b.metrics.trend_t_statistic) << i;
}

// Test seeds (1-999) only: the model was fitted on seeds 1000-1999.
TEST(RegimeDetector, AccuracyOnTestSeeds) {
  struct Setting {
    double base_vol;
    bool fat, clustering;
  };
  double total = 0;
  int runs = 0;
  for (const Setting& setting :
       {Setting{0.003, false, false}, Setting{0.001, true, true}, Setting{0.01, true, false}}) {
    for (std::uint64_t seed : {101, 202, 303}) {
      const auto s = series(seed, setting.base_vol, setting.fat, setting.clustering);
      std::vector<MarketRegime> labels;
      for (const auto& row : s) labels.push_back(row.regime);
      const double accuracy = score_regimes(labels, regimes_of(run(s))).accuracy();
      // Per seed the share of hard segments (strong vs weak trend) varies: a looser floor (the
      // lowest run is 0.859, 0.831 in the sanitizer build; 0.849, 0.850 and 0.835 with the
      // models before, the floor then 0.80).
      std::printf("seed %d base vol %g: %.4f\n", static_cast<int>(seed), setting.base_vol,
                  accuracy);
      EXPECT_GE(accuracy, 0.815) << "seed " << seed << " base vol " << setting.base_vol;
      total += accuracy;
      ++runs;
    }
  }
  // Session 13's model (decisions from the 20th return, the reference age) reaches 0.8979 here
  // (lowest run 0.8649; 0.9024 on seeds 1-50 in docs/regime.md); session 12's (the long-run
  // levels as medians) 0.8972 (lowest 0.8655, 0.9003 on seeds 1-50); session 11's 0.8929
  // (lowest 0.8551, 0.8957 on seeds 1-50). The one before (change point) reached
  // 0.8872 here (20,000 candles; 0.8915 on seeds 1-50) and 0.8830 on the sanitizer build's 10,000
  // candles, its lowest run 0.859 and 0.831; the previous one 0.8812, the ones before 0.881 and
  // 0.877. An older one reached 0.874 here and 0.865 on the sanitizer build with the floor at
  // 0.855; the floor rose by the same 0.003 then and is kept (the sanitizer build's runs are
  // shorter and noisier).
  std::printf("mean accuracy over %d runs: %.4f\n", runs, total / runs);
  EXPECT_GE(total / runs, 0.858);
}

// The confidence is a probability: over the candles the scoring rule counts, the reported
// regime is right as often as the confidence says, on average and within each band of it, and
// it says so with a range of values rather than a constant vote. (The filter's posterior, the
// confidence until session 16, averages ~0.97 here against an accuracy of ~0.90.)
TEST(RegimeDetector, ConfidenceIsCalibrated) {
  double confidence_sum = 0;
  std::int64_t counted = 0, right = 0, below_090 = 0;
  double band_confidence = 0;
  std::int64_t band_count = 0, band_right = 0;  // confidence in [0.5, 0.8)
  for (std::uint64_t seed : {404, 505}) {
    for (const bool fat : {false, true}) {
      const auto s = series(seed, 0.003, fat, !fat);
      const auto states = run(s);
      int into_segment = 0;
      for (std::size_t i = 0; i < s.size(); ++i) {
        into_segment = i > 0 && s[i - 1].regime == s[i].regime ? into_segment + 1 : 0;
        if (into_segment < 20 || i < 100) continue;  // the scoring rule; past the warm-up
        const double c = states[i].confidence;
        ASSERT_TRUE(c >= 0 && c <= 1) << c;
        const bool hit = states[i].regime == s[i].regime;
        confidence_sum += c;
        right += hit;
        below_090 += c < 0.9;
        ++counted;
        if (c >= 0.5 && c < 0.8) {
          band_confidence += c;
          band_right += hit;
          ++band_count;
        }
      }
    }
  }
  const double mean_confidence = confidence_sum / static_cast<double>(counted);
  const double accuracy = static_cast<double>(right) / static_cast<double>(counted);
  std::printf(
      "mean confidence %.4f, accuracy %.4f over %lld candles; [0.5, 0.8): %.4f vs %.4f "
      "over %lld\n",
      mean_confidence, accuracy, static_cast<long long>(counted),
      band_confidence / static_cast<double>(band_count),
      static_cast<double>(band_right) / static_cast<double>(band_count),
      static_cast<long long>(band_count));
  // 0.9023 against 0.8973 here (20,000 candles), 0.8993 against 0.8841 on the sanitizer build's
  // 10,000: four series' outcomes are autocorrelated, their sampling error about 0.01 (over the
  // 200 test series the gap is 0.003, docs/regime.md). The posterior was 0.08 off.
  EXPECT_NEAR(mean_confidence, accuracy, 0.02);
  ASSERT_GT(band_count, 1000);
  EXPECT_NEAR(band_confidence / static_cast<double>(band_count),
              static_cast<double>(band_right) / static_cast<double>(band_count), 0.04);
  EXPECT_GT(static_cast<double>(below_090) / static_cast<double>(counted), 0.15);
}

TEST(RegimeDetector, IsScaleInvariant) {
  const auto base = series(5, 0.003, true, true, 6000);
  const auto expected = regimes_of(run(base));
  for (double factor : {1e-4, 1e4, 0.125, 1024.0}) {
    EXPECT_EQ(regimes_of(run(scaled(base, factor))), expected) << factor;
  }
  // Another volatility level is the same random stream scaled in log space: same regimes.
  EXPECT_EQ(regimes_of(run(series(5, 0.0003, true, true, 6000))), expected);
}

TEST(RegimeDetector, DefaultStateBeforeReady) {
  const auto s = series(9, 0.003, false, false, 200);
  RegimeDetector d;
  for (int i = 0; i + 1 < d.warmup(); ++i) {
    d.update(s[i].candle);
    EXPECT_FALSE(d.ready());
    EXPECT_EQ(d.state().regime, MarketRegime::kRanging);
    EXPECT_EQ(d.state().confidence, 0.0);
    EXPECT_FALSE(d.state().changed);
  }
  d.update(s[d.warmup() - 1].candle);
  EXPECT_TRUE(d.ready());
  EXPECT_GT(d.state().confidence, 0.0);
}

TEST(RegimeDetector, CopiedStateAndPeekMatchOnePass) {
  const auto s = series(12, 0.002, true, false, 3000);
  const auto one_pass = run(s);
  RegimeDetector first;
  for (std::size_t i = 0; i < 1234; ++i) first.update(s[i].candle);
  RegimeDetector copy = first;  // e.g. a stream moved to another worker
  for (std::size_t i = 1234; i < s.size(); ++i) {
    const RegimeState peeked = copy.peek(s[i].candle);
    copy.update(s[i].candle);
    expect_same_state(peeked, copy.state(), i);
    expect_same_state(copy.state(), one_pass[i], i);
  }
  // reset() gives a fresh detector.
  copy.reset();
  for (std::size_t i = 0; i < 500; ++i) {
    copy.update(s[i].candle);
    expect_same_state(copy.state(), one_pass[i], i);
  }
}

TEST(RegimeDetector, NoLookAhead) {
  const auto s = series(13, 0.004, false, true, 3000);
  const auto full = run(s);
  for (std::size_t cut : {150u, 999u, 2100u}) {
    const auto prefix =
        run(std::vector<LabelledCandle>(s.begin(), s.begin() + static_cast<long>(cut)));
    for (std::size_t i = 0; i < cut; ++i) expect_same_state(prefix[i], full[i], i);
  }
}

TEST(RegimeDetector, RejectsInvalidCandlesWithoutStateChange) {
  const auto s = series(14, 0.003, false, false, 400);
  const auto full = run(s);
  RegimeDetector d;
  for (std::size_t i = 0; i < s.size(); ++i) {
    core::Candle bad = s[i].candle;
    bad.high = bad.low * 0.5;  // high below the body
    EXPECT_EQ(d.update(bad), ta::InputStatus::kRejectedInvalidCandle);
    core::Candle nan = s[i].candle;
    nan.close = std::nan("");
    EXPECT_EQ(d.update(nan), ta::InputStatus::kRejectedNonFinite);
    core::Candle zero = s[i].candle;
    zero.volume = -1;
    EXPECT_EQ(d.update(zero), ta::InputStatus::kRejectedNegative);
    expect_same_state(d.peek(bad), d.state(), i);
    d.update(s[i].candle);
    expect_same_state(d.state(), full[i], i);
  }
}

// A steady bull trend with one large adverse candle in the middle: the regime holds.
TEST(RegimeDetector, SingleOutlierDoesNotChangeATrend) {
  RandomSource rng(77);
  std::vector<core::Candle> candles;
  double log_p = std::log(100.0);
  const double sigma = 0.003;
  for (int i = 0; i < 600; ++i) {
    double r = 0.4 * sigma + sigma * rng.normal();
    if (i == 400) r = -4 * sigma;  // the outlier
    core::Candle c;
    c.open_time = core::TimestampMs{i * 900'000LL};
    c.close_time = c.open_time + core::DurationMs{899'999};
    c.open = std::exp(log_p);
    c.close = std::exp(log_p + r);
    c.high = std::max(c.open, c.close) * std::exp(0.5 * sigma);
    c.low = std::min(c.open, c.close) * std::exp(-0.5 * sigma);
    c.volume = 100 * std::exp(0.35 * rng.normal());
    candles.push_back(c);
    log_p += r;
  }
  RegimeDetector d;
  for (int i = 0; i < 400; ++i) d.update(candles[i]);
  ASSERT_EQ(d.state().regime, MarketRegime::kStrongTrendBull);
  for (int i = 400; i < 420; ++i) {
    d.update(candles[i]);
    EXPECT_EQ(d.state().regime, MarketRegime::kStrongTrendBull) << i;
  }
}

TEST(RegimeDetector, ChangeRecordCarriesTheEndedDuration) {
  const auto s = series(15, 0.003, false, false, 5000);
  RegimeDetector d;
  std::int64_t changes = 0, previous_duration = 0;
  for (const auto& row : s) {
    d.update(row.candle);
    const RegimeState& st = d.state();
    if (st.changed) {
      ASSERT_TRUE(d.change().has_value());
      EXPECT_EQ(d.change()->time, row.candle.open_time);
      EXPECT_EQ(d.change()->regime_type, st.regime);
      EXPECT_EQ(d.change()->duration_candles, previous_duration);
      EXPECT_EQ(st.duration_candles, 1);
      ++changes;
    } else {
      EXPECT_FALSE(d.change().has_value());
      if (d.ready()) {
        EXPECT_EQ(st.duration_candles, previous_duration + 1);
      }
    }
    EXPECT_GE(st.confidence, 0.0);
    EXPECT_LE(st.confidence, 1.0);
    previous_duration = st.duration_candles;
  }
  EXPECT_GT(changes, 20);
  EXPECT_LT(changes, 200);  // 5000 candles hold ~35 segments: no flapping
}

}  // namespace
}  // namespace alphapulse::regime

// The decision pipeline on real candles: no decision uses a later candle, reruns are
// identical, levels are ordered for every emitted signal, and bad input is ignored.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "feed/candle_csv.hpp"
#include "strategy/signal_pipeline.hpp"
#include "support/csv_table.hpp"

namespace alphapulse::strategy {
namespace {

const std::vector<core::Candle>& sample() {
  static const auto candles = feed::read_candle_file(test::sample_data("BTCUSDT_15m.csv")).candles;
  return candles;
}

struct Record {
  bool has_candidate;
  bool emitted;
  int reason;
  double score;
  double threshold;
  std::string id;
  double stop;
  core::MarketRegime regime;
  bool operator==(const Record&) const = default;
};

std::vector<Record> run(std::size_t count) {
  SignalPipeline pipeline(core::Symbol("BTCUSDT"), core::Timeframe::k15m);
  std::vector<Record> out;
  for (std::size_t i = 0; i < count; ++i) {
    const Decision& d = pipeline.on_closed_candle(sample()[i]);
    out.push_back({d.has_candidate, d.emitted, d.has_candidate ? static_cast<int>(d.verdict.reason) : -1,
                   d.has_candidate ? d.verdict.score : 0, d.has_candidate ? d.verdict.threshold : 0,
                   d.emitted ? d.signal.signal_id.str() : "", d.emitted ? d.signal.stop_loss : 0,
                   d.regime.regime});
  }
  return out;
}

TEST(SignalPipeline, EmitsSignalsWithOrderedLevelsOnRealData) {
  SignalPipeline pipeline(core::Symbol("BTCUSDT"), core::Timeframe::k15m);
  int emitted = 0;
  for (const auto& c : sample()) {
    const Decision& d = pipeline.on_closed_candle(c);
    if (!d.emitted) continue;
    ++emitted;
    const core::Signal& s = d.signal;
    EXPECT_EQ(s.entry_price, c.close);
    EXPECT_EQ(s.candle_open_time, c.open_time);
    const double sign = s.direction == core::Direction::kLong ? 1.0 : -1.0;
    EXPECT_GT(sign * (s.entry_price - s.stop_loss), 0) << s.signal_id.view();
    EXPECT_GT(sign * (s.take_profits[0] - s.entry_price), 0);
    for (int k = 0; k < 3; ++k) EXPECT_GT(sign * (s.take_profits[k + 1] - s.take_profits[k]), 0);
    EXPECT_GE(s.confidence, 0);
    EXPECT_LE(s.confidence, 1);
    EXPECT_FALSE(s.pattern_type.empty());
    EXPECT_TRUE(s.indicators.find("rsi14").has_value());
  }
  EXPECT_GT(emitted, 10);
  const auto& stats = pipeline.filter_stats();
  EXPECT_EQ(stats.accepted, emitted);
  EXPECT_GT(stats.candidates, stats.accepted);
}

TEST(SignalPipeline, NoDecisionUsesALaterCandle) {
  const auto full = run(sample().size());
  for (std::size_t cut : {300u, 777u, 1500u, 2222u, 3001u, 4100u}) {
    const auto truncated = run(cut);
    for (std::size_t t = 0; t < cut; ++t) ASSERT_EQ(truncated[t], full[t]) << "candle " << t << " cut at " << cut;
  }
}

TEST(SignalPipeline, RerunsAreIdentical) { EXPECT_EQ(run(3000), run(3000)); }

TEST(SignalPipeline, OutOfOrderAndInvalidCandlesChangeNothing) {
  SignalPipeline clean(core::Symbol("BTCUSDT"), core::Timeframe::k15m);
  SignalPipeline dirty(core::Symbol("BTCUSDT"), core::Timeframe::k15m);
  for (std::size_t i = 0; i < 2000; ++i) {
    const Decision& a = clean.on_closed_candle(sample()[i]);
    if (i > 0 && i % 97 == 0) {
      EXPECT_TRUE(dirty.on_closed_candle(sample()[i - 1]).out_of_order);  // a duplicate
      core::Candle bad = sample()[i];
      bad.close = std::numeric_limits<double>::quiet_NaN();
      EXPECT_NE(dirty.on_closed_candle(bad).input, ta::InputStatus::kAccepted);
    }
    const Decision& b = dirty.on_closed_candle(sample()[i]);
    ASSERT_EQ(a.emitted, b.emitted) << i;
    if (a.emitted) {
      ASSERT_EQ(a.signal.signal_id, b.signal.signal_id);
    }
  }
  EXPECT_EQ(clean.candles_processed(), dirty.candles_processed());
  EXPECT_GT(dirty.candles_ignored(), 0);
}

}  // namespace
}  // namespace alphapulse::strategy

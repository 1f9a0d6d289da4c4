// The decision pipeline on real candles: no decision uses a later candle (with and without
// the model stage), reruns are identical, levels are ordered for every emitted signal and
// carried for every candidate, bad input is ignored, enable_ml = false makes the pre-model
// decisions, and the model's rejections are counted under their reason.
#include "strategy/signal_pipeline.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

#include "feed/candle_csv.hpp"
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
  double model_p_win;  // -1 when not scored
  double model_threshold;
  bool operator==(const Record&) const = default;
};

PipelineSettings with_ml(bool enable_ml) {
  PipelineSettings settings;
  settings.enable_ml = enable_ml;
  return settings;
}

// `prefetch`: ask for the next candle's lines before each candle, as the engine does for the
// stream it expects to close next.
std::vector<Record> run(std::size_t count, bool enable_ml = true, bool prefetch = false) {
  SignalPipeline pipeline(core::Symbol("BTCUSDT"), core::Timeframe::k15m, with_ml(enable_ml));
  std::vector<Record> out;
  for (std::size_t i = 0; i < count; ++i) {
    if (prefetch) pipeline.prefetch_next_candle();
    const Decision& d = pipeline.on_closed_candle(sample()[i]);
    out.push_back(
        {d.has_candidate, d.emitted, d.has_candidate ? static_cast<int>(d.verdict.reason) : -1,
         d.has_candidate ? d.verdict.score : 0, d.has_candidate ? d.verdict.threshold : 0,
         d.emitted ? d.signal.signal_id.str() : "", d.emitted ? d.signal.stop_loss : 0,
         d.regime.regime, std::isnan(d.model_p_win) ? -1.0 : d.model_p_win, d.model_threshold});
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

TEST(SignalPipeline, EveryCandidateCarriesItsLevels) {
  // The filter check judges rejected candidates by Decision::levels: an accepted one's are its
  // signal's, a rejected one's are ordered levels from the candle's close in its direction.
  SignalPipeline pipeline(core::Symbol("BTCUSDT"), core::Timeframe::k15m);
  int rejected = 0;
  for (const auto& c : sample()) {
    const Decision& d = pipeline.on_closed_candle(c);
    if (!d.has_candidate) continue;
    const Levels& l = d.levels;
    if (d.emitted) {
      EXPECT_EQ(l.entry, d.signal.entry_price);
      EXPECT_EQ(l.stop_loss, d.signal.stop_loss);
      EXPECT_EQ(l.take_profits, d.signal.take_profits);
      continue;
    }
    ++rejected;
    EXPECT_EQ(l.entry, c.close);
    if (d.verdict.reason == RejectionReason::kInvalidLevels) continue;
    const double sign = d.candidate.direction == core::Direction::kLong ? 1.0 : -1.0;
    EXPECT_GT(sign * (l.entry - l.stop_loss), 0);
    for (int k = 0; k < 3; ++k) EXPECT_GT(sign * (l.take_profits[k + 1] - l.take_profits[k]), 0);
  }
  EXPECT_GT(rejected, 100);
}

TEST(SignalPipeline, ASetupRepeatingASignalIsNoCandidate) {
  // Within cooldown_candles after a signal, a setup in the same direction is the same trade:
  // no candidate is counted or judged for it.
  SignalPipeline pipeline(core::Symbol("BTCUSDT"), core::Timeframe::k15m);
  const std::int64_t cooldown = ValidatorSettings{}.cooldown_candles;
  std::int64_t last_signal[2] = {-1'000'000, -1'000'000};  // [long, short], candle numbers
  std::int64_t candidates = 0, index = 0;
  for (const auto& c : sample()) {
    const Decision& d = pipeline.on_closed_candle(c);
    if (d.has_candidate) {
      ++candidates;
      const int side = d.candidate.direction == core::Direction::kLong ? 0 : 1;
      ASSERT_GT(index - last_signal[side], cooldown) << c.open_time.ms;
      if (d.emitted) last_signal[side] = index;
    }
    ++index;
  }
  EXPECT_EQ(pipeline.filter_stats().candidates, candidates);
  EXPECT_GT(candidates, 50);
}

TEST(SignalPipeline, NoDecisionUsesALaterCandle) {
  for (const bool ml : {true, false}) {
    const auto full = run(sample().size(), ml);
    for (std::size_t cut : {300u, 777u, 1500u, 2222u, 3001u, 4100u}) {
      const auto truncated = run(cut, ml);
      for (std::size_t t = 0; t < cut; ++t) {
        ASSERT_EQ(truncated[t], full[t]) << "candle " << t << " cut at " << cut << " ml " << ml;
      }
    }
  }
}

TEST(SignalPipeline, RerunsAreIdentical) {
  EXPECT_EQ(run(3000), run(3000));
  EXPECT_EQ(run(3000, false), run(3000, false));
}

// Prefetching reads nothing and writes nothing: the same decisions, signals included.
TEST(SignalPipeline, PrefetchingTheNextCandleChangesNoDecision) {
  for (const bool ml : {true, false}) {
    const auto plain = run(3000, ml);
    EXPECT_EQ(run(3000, ml, true), plain);
    EXPECT_GT(std::count_if(plain.begin(), plain.end(), [](const Record& r) { return r.emitted; }),
              0);
  }
}

// The signals of the pipeline before the model stage existed (main at 6fafddc, `alphapulse
// backtest --data data/sample/BTCUSDT_15m.csv`): 351 signals, FNV-1a-64 over "id\n" each.
TEST(SignalPipeline, WithoutTheModelTheDecisionsAreThePreModelOnes) {
  // The model's only effect on decisions is its rejections: with a threshold no probability
  // can be under, the model runs (learns, scores) but rejects nothing, and the signals must be
  // exactly those of the pipeline with the stage switched off, which never touches the model.
  PipelineSettings never_rejects = with_ml(true);
  never_rejects.model.threshold_margin = -2.0;  // P(win) >= 0 > base rate - 2
  SignalPipeline off(core::Symbol("BTCUSDT"), core::Timeframe::k15m, with_ml(false));
  SignalPipeline scoring_only(core::Symbol("BTCUSDT"), core::Timeframe::k15m, never_rejects);
  int emitted = 0;
  for (const auto& c : sample()) {
    const Decision& a = off.on_closed_candle(c);
    const Decision& b = scoring_only.on_closed_candle(c);
    if (a.has_candidate) {
      ASSERT_NE(a.verdict.reason, RejectionReason::kLowModelScore);
    }
    ASSERT_EQ(a.emitted, b.emitted) << c.open_time.ms;
    if (!a.emitted) continue;
    ++emitted;
    EXPECT_EQ(a.signal.signal_id.view(), b.signal.signal_id.view());
    EXPECT_EQ(a.signal.stop_loss, b.signal.stop_loss);
    EXPECT_EQ(a.signal.confidence, b.signal.confidence);
    EXPECT_FALSE(a.signal.validation_metrics.find("model_p_win").has_value());
    EXPECT_TRUE(b.signal.validation_metrics.find("model_p_win").has_value());
  }
  EXPECT_GT(emitted, 100);
  EXPECT_GT(scoring_only.model().outcomes(), 1000);  // it did learn
  EXPECT_EQ(off.model().outcomes(), 0);              // the stage is skipped entirely
  EXPECT_EQ(off.model_pending_outcomes(), 0U);
}

TEST(SignalPipeline, TheModelLearnsFromOutcomesAndItsRejectionsAreCounted) {
  SignalPipeline with(core::Symbol("BTCUSDT"), core::Timeframe::k15m, with_ml(true));
  SignalPipeline without(core::Symbol("BTCUSDT"), core::Timeframe::k15m, with_ml(false));
  std::int64_t model_rejections = 0;
  bool diverged = false;
  for (const auto& c : sample()) {
    const Decision& a = with.on_closed_candle(c);
    const Decision& b = without.on_closed_candle(c);
    if (!a.has_candidate) continue;
    if (a.verdict.reason == RejectionReason::kLowModelScore && !a.verdict.accepted) {
      ++model_rejections;
      EXPECT_TRUE(with.model().warm());  // never before the warm-up
      EXPECT_LT(a.model_p_win, a.model_threshold);
    }
    if (a.emitted) {
      const auto p = a.signal.validation_metrics.find("model_p_win");
      ASSERT_TRUE(p.has_value());
      EXPECT_EQ(*p, a.model_p_win);
      EXPECT_GT(*p, 0);
      EXPECT_LT(*p, 1);
      if (with.model().warm()) {
        EXPECT_GE(a.model_p_win, a.model_threshold);
      }
    }
    // Until the model's first rejection, its stage changes nothing.
    diverged =
        diverged || (a.verdict.reason == RejectionReason::kLowModelScore && !a.verdict.accepted);
    if (!diverged) {
      ASSERT_EQ(a.emitted, b.emitted);
    }
  }
  EXPECT_GT(model_rejections, 0);
  EXPECT_EQ(with.filter_stats()
                .rejected_by_reason[static_cast<std::size_t>(RejectionReason::kLowModelScore)],
            model_rejections);
  EXPECT_EQ(without.filter_stats()
                .rejected_by_reason[static_cast<std::size_t>(RejectionReason::kLowModelScore)],
            0);
  // Learned from every decided candidate (accepted and rejected), not only from signals.
  EXPECT_GT(with.model().outcomes(), with.filter_stats().accepted);
  EXPECT_EQ(with.filter_stats()
                .rejected_by_reason[static_cast<std::size_t>(RejectionReason::kInvalidLevels)],
            0);
  EXPECT_EQ(with.model().outcomes() + static_cast<std::int64_t>(with.model_pending_outcomes()),
            with.filter_stats().candidates);
}

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

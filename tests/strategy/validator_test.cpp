#include "strategy/validator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <random>
#include <vector>

namespace alphapulse::strategy {
namespace {

Candidate make_candidate(double supporting, double opposing,
                         Playbook playbook = Playbook::kMeanReversion,
                         core::Direction d = core::Direction::kLong) {
  Candidate c;
  c.direction = d;
  c.playbook = playbook;
  c.supporting_weight = supporting;
  c.opposing_weight = opposing;
  c.supporting_count = 1;
  return c;
}

Levels make_levels() {
  Levels l;
  l.entry = 100;
  l.stop_loss = 98;
  l.take_profits = {101.5, 103, 105, 108};
  l.stop_atr_multiple = 1.5;
  return l;
}

TEST(Validator, HardRejectionsCarryTheirReason) {
  Validator v;
  const Levels levels = make_levels();
  auto judge = [&](const Candidate& c, int htf, std::int64_t index) {
    return v.judge({c, levels, 0.9, htf, 2.0, 45.0, index});
  };
  EXPECT_EQ(judge(make_candidate(1, 0, Playbook::kNone), 1, 0).reason,
            RejectionReason::kNoPlaybook);
  EXPECT_EQ(judge(make_candidate(1, 1), 1, 10).reason, RejectionReason::kConflictingEvidence);
  EXPECT_EQ(judge(make_candidate(1, 0, Playbook::kTrendContinuation), -1, 20).reason,
            RejectionReason::kCounterTrend);
  // Mean reversion may go against the higher timeframe.
  EXPECT_NE(judge(make_candidate(2.5, 0), -1, 30).reason, RejectionReason::kCounterTrend);
  Levels bad = levels;
  bad.stop_loss = -1;
  EXPECT_EQ(v.judge({make_candidate(2, 0), bad, 0.9, 1, 2.0, 45.0, 40}).reason,
            RejectionReason::kInvalidLevels);
  const auto& stats = v.stats();
  EXPECT_EQ(stats.candidates, 5);
  EXPECT_EQ(stats.rejected_by_reason[static_cast<int>(RejectionReason::kNoPlaybook)], 1);
  EXPECT_EQ(stats.rejected_by_reason[static_cast<int>(RejectionReason::kInvalidLevels)], 1);
}

TEST(Validator, AStopTooNearTheEntryIsRejectedOnlyWhenAskedFor) {
  ValidatorSettings settings;
  settings.prior_threshold = 0;  // accept anything that passes the hard rules
  settings.cooldown_candles = 0;
  Levels near = make_levels();  // entry 100
  near.stop_loss = 99.2;        // 0.8% away
  Levels short_near = near;
  short_near.stop_loss = 100.8;
  short_near.take_profits = {99, 98, 97, 96};
  {
    Validator off(settings);  // 0: the rule is off
    EXPECT_TRUE(off.judge({make_candidate(2.5, 0), near, 0.9, 1, 2.0, 45.0, 0}).accepted);
  }
  settings.min_stop_distance_pct = 1.0;
  Validator v(settings);
  const Verdict long_near = v.judge({make_candidate(2.5, 0), near, 0.9, 1, 2.0, 45.0, 0});
  EXPECT_FALSE(long_near.accepted);
  EXPECT_EQ(long_near.reason, RejectionReason::kStopTooClose);
  const Verdict shorts =
      v.judge({make_candidate(2.5, 0, Playbook::kMeanReversion, core::Direction::kShort),
               short_near, 0.9, -1, 2.0, 45.0, 10});
  EXPECT_EQ(shorts.reason, RejectionReason::kStopTooClose);
  // 2% away (make_levels): accepted; exactly 1% away is not nearer than 1%: accepted too.
  EXPECT_TRUE(v.judge({make_candidate(2.5, 0), make_levels(), 0.9, 1, 2.0, 45.0, 20}).accepted);
  Levels at_limit = make_levels();
  at_limit.stop_loss = 99;
  EXPECT_TRUE(v.judge({make_candidate(2.5, 0), at_limit, 0.9, 1, 2.0, 45.0, 30}).accepted);
  Levels short_at_limit = short_near;  // 1% of the entry above it (not 1% of the stop)
  short_at_limit.stop_loss = 101;
  EXPECT_TRUE(v.judge({make_candidate(2.5, 0, Playbook::kMeanReversion, core::Direction::kShort),
                       short_at_limit, 0.9, -1, 2.0, 45.0, 40})
                  .accepted);
  EXPECT_EQ(v.stats().rejected_by_reason[static_cast<int>(RejectionReason::kStopTooClose)], 2);
  EXPECT_EQ(to_string(RejectionReason::kStopTooClose), "stop_too_close");
}

TEST(Validator, ARegimeNotTradedHasItsCandidatesRejected) {
  ValidatorSettings settings;
  settings.prior_threshold = 0;  // accept anything that passes the hard rules
  settings.cooldown_candles = 0;
  auto in_regime = [](core::MarketRegime regime, Playbook playbook) {
    Candidate c = make_candidate(2.5, 0, playbook);
    c.regime = regime;
    return c;
  };
  const Candidate ranging = in_regime(core::MarketRegime::kRanging, Playbook::kMeanReversion);
  const Candidate weak = in_regime(core::MarketRegime::kWeakTrend, Playbook::kTrendContinuation);
  const Levels levels = make_levels();
  {
    Validator every(settings);  // the default: every playbook trades
    EXPECT_TRUE(every.judge({ranging, levels, 0.9, 1, 2.0, 45.0, 0}).accepted);
  }
  settings.traded_regimes = kRegimesWithPlaybook & ~regime_bit(core::MarketRegime::kRanging);
  Validator v(settings);
  const Verdict off = v.judge({ranging, levels, 0.9, 1, 2.0, 45.0, 0});
  EXPECT_FALSE(off.accepted);
  EXPECT_EQ(off.reason, RejectionReason::kRegimeNotTraded);
  EXPECT_TRUE(v.judge({weak, levels, 0.9, 1, 2.0, 45.0, 10}).accepted);
  // A choppy candidate has no playbook to switch off: it stays no_playbook.
  EXPECT_EQ(v.judge({in_regime(core::MarketRegime::kChoppy, Playbook::kNone), levels, 0.9, 1, 2.0,
                     45.0, 20})
                .reason,
            RejectionReason::kNoPlaybook);
  EXPECT_EQ(v.stats().rejected_by_reason[static_cast<int>(RejectionReason::kRegimeNotTraded)], 1);
  EXPECT_EQ(to_string(RejectionReason::kRegimeNotTraded), "regime_not_traded");
}

TEST(Validator, ASetupRepeatingAnAcceptedSignalIsNoNewCandidate) {
  ValidatorSettings settings;
  settings.prior_threshold = 0;  // accept anything that passes the hard rules
  settings.min_history = 1000;
  Validator v(settings);
  const Levels levels = make_levels();
  EXPECT_FALSE(v.repeats_signal(core::Direction::kLong, 100));  // no signal yet
  EXPECT_TRUE(v.judge({make_candidate(2, 0), levels, 0.9, 1, 2.0, 45.0, 100}).accepted);
  // Within cooldown_candles (8) of the signal, a long setup repeats it; from the 9th, not.
  EXPECT_TRUE(v.repeats_signal(core::Direction::kLong, 101));
  EXPECT_TRUE(v.repeats_signal(core::Direction::kLong, 108));
  EXPECT_FALSE(v.repeats_signal(core::Direction::kLong, 109));
  // The other direction repeats nothing.
  EXPECT_FALSE(v.repeats_signal(core::Direction::kShort, 105));
  // A signal overruled after judging (the model stage) starts no repeat window.
  Verdict short_verdict =
      v.judge({make_candidate(2, 0, Playbook::kMeanReversion, core::Direction::kShort), levels, 0.9,
               -1, 2.0, 55.0, 120});
  ASSERT_TRUE(short_verdict.accepted);
  EXPECT_TRUE(v.repeats_signal(core::Direction::kShort, 121));
  v.overrule(short_verdict, RejectionReason::kLowModelScore);
  EXPECT_FALSE(v.repeats_signal(core::Direction::kShort, 121));
  // The validator itself judges a repeat on its merits (the pipeline asks first).
  EXPECT_TRUE(v.judge({make_candidate(2, 0), levels, 0.9, 1, 2.0, 45.0, 105}).accepted);
}

// A candidate overruled after judging (the model stage) counts in the gate's window as a hard
// rejection does (score 0): the thresholds equal those of a validator that saw a hard rejection
// in its place, across the window's wrap, and the filter rate stays near the target with a
// third of the gate's acceptances overruled.
TEST(Validator, AnOverruledCandidateCountsInTheWindowAsAHardRejection) {
  Validator overruling, hard_rejecting;
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> weight(0.5, 3.0), confidence(0.0, 1.0), volume(0.3, 3.0);
  const Levels levels = make_levels();
  int accepted = 0, overruled = 0;
  for (int i = 0; i < 3000; ++i) {
    Candidate candidate = make_candidate(weight(rng), 0);
    const double regime_confidence = confidence(rng), relative_volume = volume(rng);
    const std::int64_t index = i * 100;  // far apart: no repeats
    ASSERT_EQ(overruling.current_threshold(), hard_rejecting.current_threshold())
        << "candidate " << i;
    Verdict verdict =
        overruling.judge({candidate, levels, regime_confidence, 0, relative_volume, 50.0, index});
    const bool overrule = verdict.accepted && ++accepted % 3 == 0;
    if (overrule) {
      overruling.overrule(verdict, RejectionReason::kLowModelScore);
      ++overruled;
      candidate.opposing_weight = candidate.supporting_weight;  // a hard rejection instead
    }
    const Verdict mirrored = hard_rejecting.judge(
        {candidate, levels, regime_confidence, 0, relative_volume, 50.0, index});
    if (overrule) {
      EXPECT_EQ(mirrored.reason, RejectionReason::kConflictingEvidence) << "candidate " << i;
    } else {
      EXPECT_EQ(mirrored.accepted, verdict.accepted) << "candidate " << i;
    }
  }
  EXPECT_GT(overruled, 100);
  EXPECT_EQ(overruling.stats()
                .rejected_by_reason[static_cast<std::size_t>(RejectionReason::kLowModelScore)],
            overruled);
  EXPECT_NEAR(overruling.stats().filter_rate(), 0.70, 0.03);
}

TEST(Validator, WalkForwardThresholdSettlesNearTheTargetFilterRate) {
  Validator v;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> weight(0.5, 3.0), confidence(0.0, 1.0), volume(0.3, 3.0);
  const Levels levels = make_levels();
  for (int i = 0; i < 5000; ++i) {
    // Indices far apart: no cooldown.
    v.judge(
        {make_candidate(weight(rng), 0), levels, confidence(rng), 0, volume(rng), 50.0, i * 100});
  }
  EXPECT_NEAR(v.stats().filter_rate(), 0.70, 0.03);
}

TEST(Validator, ThresholdUsesOnlyPastCandidates) {
  Validator a;
  Validator b;
  const Levels levels = make_levels();
  for (int i = 0; i < 100; ++i) {
    const double w = 0.5 + (i % 7) * 0.3;
    a.judge({make_candidate(w, 0), levels, 0.5, 0, 1.0, 50.0, i * 100});
    b.judge({make_candidate(w, 0), levels, 0.5, 0, 1.0, 50.0, i * 100});
  }
  // The verdict on the next candidate does not depend on what comes after it.
  const Verdict va = a.judge({make_candidate(1.7, 0), levels, 0.5, 0, 1.0, 50.0, 100000});
  const Verdict vb = b.judge({make_candidate(1.7, 0), levels, 0.5, 0, 1.0, 50.0, 100000});
  b.judge({make_candidate(3.0, 0), levels, 1.0, 1, 3.0, 50.0, 200000});
  EXPECT_EQ(va.threshold, vb.threshold);
  EXPECT_EQ(va.accepted, vb.accepted);
}

// The incremental sorted window gives, before every candidate, the same threshold as
// nth_element over the last score_window recorded scores: with many ties (quantized
// confidences), hard rejections (recorded as 0) and, for a while, NaN scores in the window.
TEST(Validator, ThresholdMatchesNthElementOverTheWindow) {
  ValidatorSettings settings;
  settings.score_window = 50;
  settings.min_history = 10;
  Validator v(settings);
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> step(0, 4), kind(0, 9);
  const Levels levels = make_levels();
  std::deque<double> window;
  for (int i = 0; i < 3000; ++i) {
    const bool nan_phase = i >= 1000 && i < 1040;
    const double confidence = nan_phase && kind(rng) == 0 ? std::nan("") : 0.25 * step(rng);
    const Playbook playbook = kind(rng) < 2 ? Playbook::kNone : Playbook::kMeanReversion;
    const bool window_has_nan =
        std::any_of(window.begin(), window.end(), [](double x) { return std::isnan(x); });
    double expected = settings.prior_threshold;
    if (static_cast<int>(window.size()) >= settings.min_history && !window_has_nan) {
      std::vector<double> copy(window.begin(), window.end());
      const auto rank = static_cast<std::size_t>(std::min<double>(
          static_cast<double>(copy.size() - 1),
          std::floor(settings.target_filter_rate * static_cast<double>(copy.size()))));
      std::nth_element(copy.begin(), copy.begin() + static_cast<std::ptrdiff_t>(rank), copy.end());
      expected = copy[rank];
    }
    const Verdict verdict = v.judge({make_candidate(1.0 + 0.5 * step(rng), 0, playbook), levels,
                                     confidence, 0, 1.0, 50.0, i * 100});
    if (!window_has_nan) {
      ASSERT_EQ(verdict.threshold, expected) << "candidate " << i;
    }
    const bool hard = !verdict.accepted && verdict.reason != RejectionReason::kLowQuality;
    window.push_back(hard ? 0.0 : verdict.score);
    if (static_cast<int>(window.size()) > settings.score_window) window.pop_front();
  }
}

// Replacing a score by an equal one skips the sorted window's update when that leaves it as it
// was. +0 and -0 compare equal, but the threshold read from the window carries its sign: with
// both in the window the update reorders them, and the skip must not apply. Scores of -0 come
// from weights of -0 (every term -0), hard rejections record +0. The reference is the window
// the removal at lower_bound and insertion at upper_bound leave, compared bit for bit.
TEST(Validator, ThresholdKeepsTheSignOfZeroScores) {
  ValidatorSettings settings;
  settings.score_window = 40;
  settings.min_history = 5;
  settings.cooldown_candles = 0;
  settings.weight_confluence = settings.weight_regime = settings.weight_higher_timeframe =
      settings.weight_volume = settings.weight_risk = -0.0;
  Validator v(settings);
  std::mt19937_64 rng(17);
  std::uniform_int_distribution<int> kind(0, 9);
  const Levels levels = make_levels();
  std::deque<double> ring;
  std::vector<double> sorted;
  int negative_thresholds = 0;
  for (int i = 0; i < 4000; ++i) {
    // Phases: only hard rejections (+0), mostly hard, mostly -0 scores.
    const int phase = (i / 500) % 3;
    const bool hard = phase == 0 || (phase == 1 ? kind(rng) < 8 : kind(rng) < 2);
    double expected = settings.prior_threshold;
    if (static_cast<int>(sorted.size()) >= settings.min_history) {
      const auto rank = static_cast<std::size_t>(std::min<double>(
          static_cast<double>(sorted.size() - 1),
          std::floor(settings.target_filter_rate * static_cast<double>(sorted.size()))));
      expected = sorted[rank];
    }
    const Verdict verdict =
        v.judge({make_candidate(1.5, 0, hard ? Playbook::kNone : Playbook::kMeanReversion), levels,
                 0.5, 0, 1.0, 50.0, i});
    ASSERT_EQ(verdict.threshold, expected) << "candidate " << i;
    ASSERT_EQ(std::signbit(verdict.threshold), std::signbit(expected)) << "candidate " << i;
    if (std::signbit(expected)) ++negative_thresholds;
    const double recorded = hard ? 0.0 : verdict.score;
    ASSERT_EQ(std::signbit(recorded), !hard);
    if (static_cast<int>(ring.size()) == settings.score_window) {
      sorted.erase(std::lower_bound(sorted.begin(), sorted.end(), ring.front()));
      ring.pop_front();
    }
    sorted.insert(std::upper_bound(sorted.begin(), sorted.end(), recorded), recorded);
    ring.push_back(recorded);
  }
  EXPECT_GT(negative_thresholds, 100);  // both signs were read
}

// score_window is clamped to 1..kMaxScoreWindow: a wider request behaves exactly as the maximum
// and a non-positive one as 1. The reference validators make the test able to fail: a window
// one shorter than the maximum gives other thresholds on the same candidates.
TEST(Validator, ScoreWindowIsClampedToItsBounds) {
  const auto thresholds = [](int score_window) {
    ValidatorSettings settings;
    settings.score_window = score_window;
    settings.min_history = 1;
    settings.cooldown_candles = 0;
    Validator v(settings);
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> confidence(0.0, 1.0);
    const Levels levels = make_levels();
    std::vector<double> seen;
    for (int i = 0; i < 3 * Validator::kMaxScoreWindow; ++i) {
      seen.push_back(
          v.judge({make_candidate(2.0, 0.5), levels, confidence(rng), 0, 1.0, 50.0, i}).threshold);
    }
    return seen;
  };
  EXPECT_EQ(thresholds(5000), thresholds(Validator::kMaxScoreWindow));
  EXPECT_NE(thresholds(Validator::kMaxScoreWindow - 1), thresholds(Validator::kMaxScoreWindow));
  EXPECT_EQ(thresholds(0), thresholds(1));
  EXPECT_EQ(thresholds(-7), thresholds(1));
  EXPECT_NE(thresholds(2), thresholds(1));
}

}  // namespace
}  // namespace alphapulse::strategy

// strategy/outcome_model: the pipeline's learned stage. A per-stream online logistic
// regression estimates P(win) (TP1 before the stop, EVALUATION.md) of a candidate from a
// handful of scale-free features known at the candle's close, and learns from every
// candidate's outcome as soon as a later candle decides it.
//
//  * CandidateFeatures: the model's inputs (docs/strategy.md, "Model").
//  * OnlineOutcomeModel: weights, one SGD step of log-loss per decided outcome, and the
//    running win rate of the decided outcomes (the reference the gate compares P(win) to).
//  * CandidateOutcomeTracker: the stream's candidates of the last 96 candles (accepted AND
//    rejected: a rejected candidate's trade plan has an outcome all the same), walked one
//    candle at a time. The rules are not coded here: each new candle is judged for each
//    pending plan by evaluation::evaluate_outcome on that single candle. Before TP1 or the
//    stop is touched the walk has no memory, so "decided by the k-th candle" on a one-candle
//    span is exactly what evaluate_outcome says on the whole k-candle path; a plan still
//    undecided after kOutcomeWindow candles is expired (a test checks this against
//    evaluate_outcome on full paths).
//
// Walk-forward by construction: at candle t the model has learned only from outcomes decided
// by candles <= t. Fixed size, no allocation, no exceptions, no virtual calls.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/candle.hpp"
#include "evaluation/outcome.hpp"
#include "strategy/levels.hpp"
#include "strategy/playbook.hpp"
#include "strategy/validator.hpp"

namespace alphapulse::strategy {

inline constexpr std::size_t kModelFeatureCount = 16;
using ModelFeatures = std::array<float, kModelFeatureCount>;

struct ModelSettings {
  // Chosen on the design span only (the first 25% of each file; docs/strategy.md, "Model").
  double learning_rate = 0.005;  // constant SGD step: the model keeps adapting
  double l2 = 1e-4;              // weight decay per step
  int warmup_outcomes = 200;     // no rejection before this many decided outcomes
  // Reject when P(win) < base rate + margin, base rate = running win rate of the decided
  // outcomes (the plain mean, then an EMA over ~base_rate_window outcomes).
  double threshold_margin = -0.03;
  int base_rate_window = 500;
  // Learn from every candidate with valid levels (true), or only from those that passed the
  // validator's hard rules (accepted, or rejected by the quality or the model gate).
  bool learn_from_hard_rejections = true;
};

// What the features read, all known at the candle's close.
struct FeatureInputs {
  const Candidate& candidate;
  const Levels& levels;
  const Verdict& verdict;  // the validator's verdict (score, hard rejection)
  double regime_confidence;
  int higher_timeframe_direction;  // +1, -1, 0
  double relative_volume;          // NaN while warming up
  double rsi;
  double trend_t;
  double adx;  // NaN while warming up
  double close;
  double bb_upper, bb_middle, bb_lower;
};

ModelFeatures candidate_features(const FeatureInputs& in) noexcept;

class OnlineOutcomeModel {
 public:
  explicit OnlineOutcomeModel(const ModelSettings& settings = {});

  double predict(const ModelFeatures& x) const noexcept;  // P(win), 0..1
  void learn(const ModelFeatures& x, bool win) noexcept;

  bool warm() const noexcept { return outcomes_ >= settings_.warmup_outcomes; }
  std::int64_t outcomes() const noexcept { return outcomes_; }
  double base_rate() const noexcept { return base_rate_; }
  // P(win) below this is rejected once warm.
  double threshold() const noexcept { return base_rate_ + settings_.threshold_margin; }
  const std::array<double, kModelFeatureCount>& weights() const noexcept { return w_; }
  const ModelSettings& settings() const noexcept { return settings_; }

 private:
  ModelSettings settings_;
  std::array<double, kModelFeatureCount> w_{};
  std::int64_t outcomes_ = 0;
  double base_rate_ = 0.5;
};

class CandidateOutcomeTracker {
 public:
  // Tracks a candidate decided at the candle just fed; its path starts at the next candle.
  // Returns false (and counts it) when full, which cannot happen with one candidate per
  // candle: a plan is decided at the latest on its kOutcomeWindow-th candle.
  bool add(const evaluation::TradePlan& plan, const ModelFeatures& x) noexcept;

  // Walks every pending plan one candle further and calls on_decided(features, win) for each
  // plan that candle decides (win = TP1 before the stop; loss and expired are not wins).
  template <typename OnDecided>
  void on_candle(const core::Candle& c, OnDecided&& on_decided) noexcept {
    for (std::size_t i = 0; i < count_;) {
      Pending& p = pending_[i];
      const evaluation::OutcomeResult r =
          evaluation::evaluate_outcome(p.plan, std::span<const core::Candle>(&c, 1));
      ++p.walked;
      const bool decided = r.outcome == core::SignalOutcome::kWin ||
                           r.outcome == core::SignalOutcome::kLoss ||
                           p.walked >= evaluation::kOutcomeWindow;
      if (!decided) {
        ++i;
        continue;
      }
      on_decided(p.features, r.outcome == core::SignalOutcome::kWin);
      pending_[i] = pending_[--count_];  // order does not matter
    }
  }

  std::size_t pending() const noexcept { return count_; }
  std::int64_t refused() const noexcept { return refused_; }

 private:
  struct Pending {
    evaluation::TradePlan plan;
    ModelFeatures features;
    std::uint32_t walked;
  };
  // Not zeroed: only [0, count_) is ever read, and a pipeline with the stage off never touches
  // these ~12 KB.
  std::array<Pending, evaluation::kOutcomeWindow + 1> pending_;
  std::size_t count_ = 0;
  std::int64_t refused_ = 0;
};

}  // namespace alphapulse::strategy

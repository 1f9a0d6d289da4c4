// strategy/signal_pipeline: the decision pipeline of one (symbol, timeframe) stream, run at
// every closed candle: indicators -> patterns -> regime -> evidence -> candidate (by the
// regime's playbook) -> levels -> validation -> signal. Live, replay and backtest all call
// this one class, so a backtest shows what live would have done.
//
// A decision at a candle's close reads only that candle and earlier ones: the higher
// timeframe's forming candle through peek, the filter threshold from past candidates only,
// and the model (enable_ml) trained only on outcomes that candles up to this one decided.
//
// The model stage (strategy/outcome_model.hpp, docs/strategy.md "Model"): every candidate with
// valid levels, accepted or rejected, is tracked to its outcome and the stream's online model
// takes one learning step when a later candle decides it; a candidate the validator accepted
// is scored (P(win)) and, once the model has learned from enough outcomes, rejected as
// low_model_score when P(win) is below the running win rate plus a margin.
// No allocation after construction, no exceptions, no virtual calls.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>

#include "core/candle.hpp"
#include "core/prefetch.hpp"
#include "core/signal.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "regime/regime_detector.hpp"
#include "strategy/evidence.hpp"
#include "strategy/higher_timeframe_trend.hpp"
#include "strategy/levels.hpp"
#include "strategy/outcome_model.hpp"
#include "strategy/playbook.hpp"
#include "strategy/validator.hpp"
#include "ta/candle_patterns.hpp"
#include "ta/indicator_set.hpp"
#include "ta/rolling_extremes.hpp"

namespace alphapulse::strategy {

struct PipelineSettings {
  ta::IndicatorSettings indicators;
  LevelSettings levels;
  ValidatorSettings validator;
  bool enable_regime_detection = true;  // off: every candle is treated as weak_trend
  // The model stage. Off by default: on the design span it did not beat the decisions
  // without it (docs/strategy.md, "Model"); off skips it entirely (the pre-model decisions).
  bool enable_ml = false;
  ModelSettings model;
};

// What happened at one closed candle.
// (Fields in the order of how often a decision writes them: those of every candle first, in
// two cache lines, then the candidate's, then the signal's: the pipeline keeps its Decision,
// and with many streams each line of it written per candle is one more fetched.)
struct Decision {
  ta::InputStatus input = ta::InputStatus::kAccepted;
  bool out_of_order = false;  // not after the previous candle: ignored entirely
  bool warming_up = true;     // indicators or regime not ready: no candidate possible
  bool has_candidate = false;
  bool emitted = false;
  // The model's P(win) for a candidate the validator accepted, and the threshold it was held
  // to (0 while the model warms up: no rejection); NaN when not scored.
  double model_p_win = std::numeric_limits<double>::quiet_NaN();
  double model_threshold = 0;
  regime::RegimeState regime;
  Candidate candidate;
  Verdict verdict;
  core::Signal signal;  // valid when emitted
  // Valid when has_candidate: the levels the signal carries, or would have carried had the
  // candidate been accepted (the backtest judges rejected candidates too, to check the filter).
  // Last, with the signal's body, outside the lines prefetch_next_candle asks for: it is only
  // written, and only for candidates, and a store does not wait for its line.
  Levels levels;
};

// The indicator values a signal carries and the engine caches per stream, by name (rsi14,
// macd, atr14, bb_upper, ...): 22 of the 24 slots.
void add_indicator_snapshot(const ta::IndicatorValues& values, core::NamedValues<24>& out) noexcept;

// The fields of a signal that follow from its candle and candidate: id, stream, direction,
// confidence, levels, pattern, the verdict's flags, regime and times (not the indicator
// snapshot nor the validation metrics). SignalPipeline writes a signal's with it; the
// backtest's filter check writes a rejected candidate's, the signal it would have been.
void write_candidate_fields(core::Signal& s, const core::Symbol& symbol, core::Timeframe timeframe,
                            const core::Candle& c, const Candidate& candidate, const Levels& levels,
                            const Verdict& verdict, core::MarketRegime regime) noexcept;

class SignalPipeline {
 public:
  SignalPipeline(const core::Symbol& symbol, core::Timeframe timeframe,
                 const PipelineSettings& settings = {});

  // The decision for a closed candle. Candles must come in open-time order; a duplicate or
  // earlier one is ignored (out_of_order) and changes nothing.
  const Decision& on_closed_candle(const core::Candle& c) noexcept;

  // Asks for the lines of this pipeline that the next on_closed_candle will touch, for a caller
  // that knows the next close is this stream's (engine::AlphaPulseCore, from the close order):
  // ~110 of the object's ~300, and the indicators' and the swing window's heap lines (~30).
  // Left out: the signal's body and the candidate's levels in the decision (written only when a
  // signal is emitted or a candidate proposed, a few percent of candles) and the detector's rings
  // but for the slots the next candle uses (RegimeDetector::prefetch_next_candle). Each line asked
  // for costs the caller a few nanoseconds (the core's line fill buffers), so asking for lines a
  // decision does not touch is not free (docs/performance.md, session 10). The validator's score
  // windows (touched by candidates only) are not asked for.
  void prefetch_next_candle() const noexcept {
    core::prefetch_lines(this, &decision_.signal);
    core::prefetch_lines(&indicators_, &regime_);
    regime_.prefetch_next_candle();
    core::prefetch_lines(&higher_timeframe_, this + 1);
    indicators_.prefetch_storage();
    swing_.prefetch_storage();
  }

  // Indicator values for a still-forming candle (peek: no state change).
  ta::IndicatorValues peek(const core::Candle& forming) const noexcept {
    return indicators_.peek(forming);
  }

  const core::Symbol& symbol() const { return symbol_; }
  core::Timeframe timeframe() const { return timeframe_; }
  const FilterStats& filter_stats() const { return validator_.stats(); }
  const regime::RegimeState& regime() const { return regime_.state(); }
  const OnlineOutcomeModel& model() const { return model_; }
  std::size_t model_pending_outcomes() const { return outcomes_ ? outcomes_->pending() : 0; }
  // The whole indicator snapshot at the latest accepted candle (computed on each call: the
  // decisions themselves read only its DecisionValues).
  ta::IndicatorValues indicator_values() const { return indicators_.values(); }
  std::int64_t candles_processed() const { return hot_.candle_index; }
  std::int64_t candles_ignored() const { return ignored_; }
  core::TimestampMs last_open_time() const { return hot_.last_open_time; }

 private:
  void apply_model(const core::Candle& c, const Candidate& candidate, const Levels& levels,
                   double regime_confidence, Verdict& verdict) noexcept;
  // Cold: signals are a few percent of candles, and compiled for size its code leaves more of
  // the instruction cache to the per-candle path.
  [[gnu::cold]] void build_signal(const core::Candle& c, const Candidate& candidate,
                                  const Levels& levels, const Verdict& verdict,
                                  const EvidenceList& evidence) noexcept;

  // Members in the order a candle touches them, what every candle reads or writes first (the
  // scalars, the decision values, the Decision's per-candle fields), what only a candidate,
  // a signal or the model stage reads at the end: with hundreds of streams a stream's state is
  // cold when its candle closes, and every cache line a decision touches is one more fetched.
  struct Hot {
    core::TimestampMs last_open_time{INT64_MIN};
    std::int64_t candle_index = 0;
    std::int64_t indicator_warmup;  // indicators_.warmup(), fixed by the settings
    // The one value the decisions read of the candle before (MACD crosses).
    double previous_macd_histogram = std::numeric_limits<double>::quiet_NaN();
    bool enable_regime_detection;  // settings_'s, read every candle
    bool enable_ml;
  };
  alignas(64) Hot hot_;
  // What the decisions read of the indicators at the latest accepted candle.
  ta::DecisionValues values_{};
  alignas(64) Decision decision_;
  ta::IndicatorSet indicators_;
  ta::CandlestickPatterns patterns_;
  regime::RegimeDetector regime_;
  HigherTimeframeTrend higher_timeframe_;
  ta::RollingExtremes swing_;
  Validator validator_;
  OnlineOutcomeModel model_;
  // Only with enable_ml (12 KB of pending candidates per stream that nothing reads otherwise).
  std::unique_ptr<CandidateOutcomeTracker> outcomes_;
  std::int64_t ignored_ = 0;
  core::Symbol symbol_;
  core::Timeframe timeframe_;
  PipelineSettings settings_;
};

}  // namespace alphapulse::strategy

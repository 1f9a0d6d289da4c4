// evaluation/evaluator: judges a run's signals against the candles they came from and
// keeps the figures of shared/docs/EVALUATION.md (overall and per regime, pattern,
// direction, calendar quarter and stream). Usage:
//
//   Evaluator ev(candles_of_the_stream);      // or a StreamCandleViews map for many streams
//   for (const auto& s : signals) ev.add(s);
//   ev.set_filter_stats(candidates, rejected, reasons);
//   std::cout << to_text(ev.summary());       // evaluation/report.hpp
//
// A signal is located by candle_open_time in its stream's candles (sorted by open time);
// the walk starts at the next candle. A signal whose candle is not there is counted as
// unmatched and judged no further.
//
// The evaluator reads the candles where the caller keeps them (views): they must outlive it.
// Why: a backtest of many streams holds its candles once; when the evaluator and the filter
// check each copied them, a universe's candles were held three times (~106 MB of 166).
#pragma once

#include <limits>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/candle.hpp"
#include "core/signal.hpp"
#include "evaluation/metrics.hpp"

namespace alphapulse::evaluation {

// One stream's candles as the evaluator reads them (the caller's, in open-time order).
using CandleView = std::span<const core::Candle>;
using StreamCandles = std::map<StreamKey, std::vector<core::Candle>>;
using StreamCandleViews = std::map<StreamKey, CandleView>;
// Views of every stream of `streams` (which must outlive what reads the views).
StreamCandleViews views_of(const StreamCandles& streams);
// Per stream, how many of its first candles the baseline may draw from (a stream not named:
// all of them).
using StreamCounts = std::map<StreamKey, std::size_t>;

class Evaluator {
 public:
  // One stream: every signal added is judged on these candles, whatever its symbol.
  // Returns after `fee_rate_per_side` of notional per side (EVALUATION.md's 0.1% unless a
  // trader's own fee tier is given; the baseline pays the same).
  // The baseline's random candles come from the first `baseline_candles` of them (all by
  // default; fewer for a span judged up to a date, whose walks still run on past it).
  explicit Evaluator(CandleView candles, double fee_rate_per_side = kFeeRatePerSide,
                     std::size_t baseline_candles = std::numeric_limits<std::size_t>::max());
  // Not from a temporary: the evaluator would read candles already gone.
  explicit Evaluator(std::vector<core::Candle>&&, double = kFeeRatePerSide,
                     std::size_t = std::numeric_limits<std::size_t>::max()) = delete;
  // Many streams: a signal is judged on the candles of its symbol and timeframe, its baseline
  // drawn from that stream's first `baseline_candles` (as above, per stream).
  explicit Evaluator(const StreamCandleViews& streams, double fee_rate_per_side = kFeeRatePerSide,
                     const StreamCounts& baseline_candles = {});

  // Judges `signal` (outcome, return, baseline) and records it in every figure.
  const JudgedSignal& add(const core::Signal& signal);

  void set_filter_stats(std::uint64_t candidates, std::uint64_t rejected,
                        std::map<std::string, std::uint64_t> rejection_reasons = {});

  const EvaluationSummary& summary() const { return summary_; }
  const std::vector<JudgedSignal>& judged() const { return judged_; }
  // Off: the figures only, every judged signal dropped once counted (judged() stays empty; add
  // still returns the signal just judged). For a caller that exports each as add returns it, or
  // nothing: a universe's backtest would otherwise hold every signal and candidate twice. Set
  // before the first add.
  void keep_judged(bool keep) { keep_judged_ = keep; }

 private:
  struct StreamSpan {
    CandleView candles;
    std::size_t baseline_candles = std::numeric_limits<std::size_t>::max();
  };
  const StreamSpan* span_for(const core::Signal& signal) const;

  std::map<StreamKey, StreamSpan> streams_;
  bool single_stream_ = false;
  std::vector<JudgedSignal> judged_;
  bool keep_judged_ = true;
  JudgedSignal last_;  // the signal just judged, when they are not kept
  EvaluationSummary summary_;
};

}  // namespace alphapulse::evaluation

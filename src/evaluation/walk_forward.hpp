// evaluation/walk_forward: the rolling side of the walk-forward protocol. A single split (design
// span, then judged span) chooses settings once; a trader who re-tunes every few months does
// what this plans: the judged span is cut into folds, and before each fold a setting is chosen
// from the trials by their figures on the span *before* the fold only, then traded through the
// fold. The folds' signals, taken together, are judged like a backtest's.
//
//   plan_walk_forward(candles, first_judged, folds, selection_candles) -> the folds
//   choose_trial(scores, rule)                                         -> the trial to trade
//
// No look-ahead by construction: a fold's selection span ends where the fold begins, and its
// figures are computed on the candles of that span alone (evaluation::Evaluator over them), so
// a signal whose outcome is not decided by the fold's first candle is open there, not counted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace alphapulse::evaluation {

struct WalkForwardFold {
  std::size_t selection_begin = 0;  // the trials are scored on candles [selection_begin, begin)
  std::size_t begin = 0;            // the chosen trial's signals are taken from [begin, end)
  std::size_t end = 0;
};

// `folds` consecutive folds covering candles [first_judged, candles), as equal as whole candles
// allow (the first ones one longer). A fold's selection span is every candle before it
// (anchored) when `selection_candles` is 0, else the last `selection_candles` before it
// (rolling; clipped at candle 0). Empty when there is no candle to judge, no candle before the
// first fold to choose on, or more folds than candles.
std::vector<WalkForwardFold> plan_walk_forward(std::size_t candles, std::size_t first_judged,
                                               std::size_t folds, std::size_t selection_candles);

// Several streams (symbols, timeframes) spanning different dates share one calendar: a trader
// re-tuning all of them at once chooses on every stream's past at the same moment, so the folds
// are cut in time, not in candles. [first_ms, end_ms) is the streams' whole span (the first
// candle's open time to the last one's close); the first fold starts `judge_from` (0..1) of
// the way into it, and `folds` equal spans of time cover the rest. The selection spans are
// anchored (everything before the fold). Empty for a span of no time, judge_from outside
// (0, 1), or no fold.
struct WalkForwardTimeFold {
  std::int64_t selection_begin_ms = 0;
  std::int64_t begin_ms = 0;
  std::int64_t end_ms = 0;
};
std::vector<WalkForwardTimeFold> plan_walk_forward_in_time(std::int64_t first_ms,
                                                           std::int64_t end_ms, double judge_from,
                                                           std::size_t folds);
// The same, the first fold starting at `judged_begin_ms` (a date the user gave) and `folds`
// equal spans of time, to the millisecond, from there to `end_ms`. Empty unless first_ms <
// judged_begin_ms < end_ms (something to choose on, something to judge) and each fold spans
// time.
std::vector<WalkForwardTimeFold> plan_walk_forward_from_time(std::int64_t first_ms,
                                                             std::int64_t judged_begin_ms,
                                                             std::int64_t end_ms,
                                                             std::size_t folds);

// One trial's figures on a fold's selection span.
struct TrialScore {
  std::size_t judged_signals = 0;
  double expectancy_pct = 0;  // mean return after fees, % of entry (EVALUATION.md)
  double filter_rate = 0;     // rejected / candidates over the span, 0..1
};

// Which trials may be chosen: enough judged signals for the expectancy to mean something, and
// a filter rate in the band the filter is meant to keep (the seed's 60-80%).
struct SelectionRule {
  std::size_t min_judged_signals = 30;
  double min_filter_rate = 0.60;
  double max_filter_rate = 0.80;
};

// The eligible trial with the highest expectancy (the first listed among equals); nullopt when
// none is eligible (the caller trades its first trial, the defaults, and says so).
std::optional<std::size_t> choose_trial(std::span<const TrialScore> scores,
                                        const SelectionRule& rule);

// Why a trial was not eligible, for the report: "" when it was.
std::string ineligibility(const TrialScore& score, const SelectionRule& rule);

}  // namespace alphapulse::evaluation

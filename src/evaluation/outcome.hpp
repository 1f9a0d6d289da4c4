// evaluation/outcome: the outcome and the return of one signal, by the rules of
// shared/docs/EVALUATION.md ("Outcome of one signal"). This is the single place those rules
// are coded; the baseline and the report judge everything through it.
//
// Rules (EVALUATION.md) and the readings taken where it is silent:
//  * The walk covers up to kOutcomeWindow (96) candles after the signal's candle, by count:
//    gaps in time do not matter.
//  * Long: stop hit when low <= stop_loss, TP_k when high >= tp_k. Short: high >= stop_loss,
//    low <= tp_k.
//  * win = TP1 before the stop; loss = stop before TP1, or both in one candle; expired =
//    neither within 96 candles; open = fewer than 96 candles left and neither hit.
//  * Return: the position is closed 25% at each of TP1..TP4, taken in order, each at its
//    level's price (no slippage, also when a candle gaps through it). A loss closes
//    everything at stop_loss. After TP1 the stop is the entry price.
//  * Pessimistic intra-candle order for the rest of the position (silent in the contract):
//    whenever one candle touches both the stop in force and a take-profit not yet taken,
//    the stop comes first. This includes the candle that hits TP1: if that candle also
//    reaches back to entry (low <= entry for a long), the path "TP1, then back to entry"
//    is assumed, the remaining 75% is closed at entry and no other TP counts there.
//  * What remains after the 96th candle is closed at its close. A win whose remainder is
//    still open when the data ends before 96 candles is closed at the close of the last
//    candle there is (`closed_at_data_end` says so); the win itself is already decided.
//  * Fees: kFeeRatePerSide (0.1%, the contract's) of notional on the entry and on every exit,
//    or the fee rate a caller passes (a trader's own fee tier; the reported figures use 0.1%).
//    return_pct = 100 * (sum_parts share * dir * (exit - entry) / entry
//                        - fee - sum_parts share * fee * exit / entry).
//  * return_r = (return_pct / 100) / R, R = |entry - stop_loss| / entry (fees included);
//    NaN when R is 0.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "core/candle.hpp"
#include "core/signal.hpp"

namespace alphapulse::evaluation {

inline constexpr std::size_t kOutcomeWindow = 96;
inline constexpr double kFeeRatePerSide = 0.001;
inline constexpr double kPortionPerTakeProfit = 0.25;

// The prices a signal is judged by. Real signals take them from the Signal; baseline
// signals build their own.
struct TradePlan {
  core::Direction direction = core::Direction::kLong;
  double entry = 0;
  std::array<double, 4> take_profits{};
  double stop_loss = 0;
};

TradePlan trade_plan_of(const core::Signal& signal);

struct OutcomeResult {
  core::SignalOutcome outcome = core::SignalOutcome::kOpen;  // kWin, kLoss, kExpired or kOpen
  // 1-based index of the candle that decided win/loss (hit TP1 or the stop); 96 for
  // expired; for open, the number of candles that were there.
  std::size_t candles_to_resolution = 0;
  // 1-based index of the candle where the last part of the position was closed (0 if open).
  std::size_t candles_to_exit = 0;
  std::size_t take_profits_hit = 0;  // 0..4
  bool stopped_at_entry = false;     // the remainder after TP1 was closed at entry
  bool closed_at_data_end = false;   // a win whose remainder ran into the end of the data
  double return_pct = 0;             // after fees, percent of entry; NaN when open
  double return_r = 0;               // return in R; NaN when open or R == 0

  bool judged() const { return outcome != core::SignalOutcome::kOpen; }
};

// `candles_after`: the candles strictly after the signal's candle, in order (may be longer
// than the window; only the first kOutcomeWindow are used).
OutcomeResult evaluate_outcome(const TradePlan& plan, std::span<const core::Candle> candles_after,
                               double fee_rate_per_side = kFeeRatePerSide);
OutcomeResult evaluate_outcome(const core::Signal& signal,
                               std::span<const core::Candle> candles_after,
                               double fee_rate_per_side = kFeeRatePerSide);

}  // namespace alphapulse::evaluation

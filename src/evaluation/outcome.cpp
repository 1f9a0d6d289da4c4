// evaluation/outcome: see outcome.hpp for the rules and the readings taken.
#include "evaluation/outcome.hpp"

#include <cmath>
#include <limits>

namespace alphapulse::evaluation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Price tests in the trade's favour / against it, so the walk is written once for both
// directions.
struct Touches {
  bool is_long;
  bool adverse(const core::Candle& c, double level) const {
    return is_long ? c.low <= level : c.high >= level;
  }
  bool favourable(const core::Candle& c, double level) const {
    return is_long ? c.high >= level : c.low <= level;
  }
};

// Accumulates the exits of one position and turns them into a return after fees.
class PositionLedger {
 public:
  PositionLedger(double entry, double direction_sign, double fee_rate)
      : entry_(entry), sign_(direction_sign), fee_rate_(fee_rate) {}

  void close(double share, double price) {
    remaining_ -= share;
    net_fraction_ += share * (sign_ * (price - entry_) / entry_ - fee_rate_ * price / entry_);
  }
  void close_rest(double price) { close(remaining_, price); }
  double return_pct() const { return 100.0 * (net_fraction_ - fee_rate_); }

 private:
  double entry_;
  double sign_;
  double fee_rate_;
  double remaining_ = 1.0;
  double net_fraction_ = 0;  // before the entry fee
};

}  // namespace

TradePlan trade_plan_of(const core::Signal& signal) {
  return {signal.direction, signal.entry_price, signal.take_profits, signal.stop_loss};
}

OutcomeResult evaluate_outcome(const TradePlan& plan, std::span<const core::Candle> candles_after,
                               double fee_rate_per_side) {
  const bool is_long = plan.direction == core::Direction::kLong;
  const Touches touches{is_long};
  const std::span<const core::Candle> walk =
      candles_after.first(std::min(candles_after.size(), kOutcomeWindow));
  PositionLedger ledger(plan.entry, is_long ? 1.0 : -1.0, fee_rate_per_side);
  OutcomeResult result;

  std::size_t index = 0;  // 1-based index of the current candle after the loop step
  for (const core::Candle& candle : walk) {
    ++index;
    if (result.take_profits_hit == 0) {
      if (touches.adverse(candle, plan.stop_loss)) {  // also when TP1 is in this candle
        ledger.close_rest(plan.stop_loss);
        result.outcome = core::SignalOutcome::kLoss;
        result.candles_to_resolution = result.candles_to_exit = index;
        break;
      }
      if (!touches.favourable(candle, plan.take_profits[0])) continue;
      ledger.close(kPortionPerTakeProfit, plan.take_profits[0]);
      result.take_profits_hit = 1;
      result.outcome = core::SignalOutcome::kWin;
      result.candles_to_resolution = index;
    }
    // Stop at entry now; it wins any tie with a take-profit not yet taken.
    if (touches.adverse(candle, plan.entry)) {
      ledger.close_rest(plan.entry);
      result.stopped_at_entry = true;
      result.candles_to_exit = index;
      break;
    }
    while (result.take_profits_hit < 4 &&
           touches.favourable(candle, plan.take_profits[result.take_profits_hit])) {
      ledger.close(kPortionPerTakeProfit, plan.take_profits[result.take_profits_hit]);
      ++result.take_profits_hit;
    }
    if (result.take_profits_hit == 4) {
      result.candles_to_exit = index;
      break;
    }
  }

  const bool resolved_exit = result.candles_to_exit != 0;
  if (!resolved_exit) {
    const bool full_window = walk.size() == kOutcomeWindow;
    if (result.outcome != core::SignalOutcome::kWin) {
      result.outcome = full_window ? core::SignalOutcome::kExpired : core::SignalOutcome::kOpen;
      result.candles_to_resolution = walk.size();
    }
    if (result.outcome == core::SignalOutcome::kOpen) {
      result.return_pct = result.return_r = kNaN;
      return result;
    }
    ledger.close_rest(walk.back().close);
    result.candles_to_exit = walk.size();
    result.closed_at_data_end = !full_window;
  }

  result.return_pct = ledger.return_pct();
  const double risk = std::abs(plan.entry - plan.stop_loss) / plan.entry;
  result.return_r = risk > 0 ? result.return_pct / 100.0 / risk : kNaN;
  return result;
}

OutcomeResult evaluate_outcome(const core::Signal& signal,
                               std::span<const core::Candle> candles_after,
                               double fee_rate_per_side) {
  return evaluate_outcome(trade_plan_of(signal), candles_after, fee_rate_per_side);
}

}  // namespace alphapulse::evaluation

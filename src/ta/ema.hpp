// ta/ema: exponential moving average with TA-Lib's default seeding: the first value (after
// `period` inputs) is the SMA of those inputs, then prev + k * (x - prev), k = 2 / (period + 1).
#pragma once

#include <cmath>

#include "ta/input_status.hpp"

namespace alphapulse::ta {

class Ema {
 public:
  explicit Ema(int period) : period_(period), k_(2.0 / (period + 1)) {}

  InputStatus update(double x) noexcept {
    if (!std::isfinite(x)) return InputStatus::kRejectedNonFinite;
    apply(x);
    return InputStatus::kAccepted;
  }
  // update() without the check: `x` must be finite (IndicatorSet checks each candle once).
  void apply(double x) noexcept { step(state_, x); }
  double peek(double x) const noexcept {
    State next = state_;
    step(next, x);
    return next.value;
  }

  // Seeds the average directly (MACD starts its fast EMA from an SMA over a later window).
  void seed(double value, int count) noexcept { state_ = {value, 0.0, 0.0, count}; }

  double value() const noexcept { return state_.value; }
  bool ready() const noexcept { return state_.count >= period_; }
  int warmup() const noexcept { return period_; }
  int period() const noexcept { return period_; }
  double smoothing() const noexcept { return k_; }
  void reset() noexcept { state_ = {}; }

 private:
  struct State {
    double value = 0;
    double seed_anchor = 0;  // the first input: the seed sums deviations from it, so a
    double seed_total = 0;   // flat start seeds exactly at its price
    int count = 0;
  };

  // Advances `next` in place: update() passes the live state (no whole-struct copy, whose
  // store-to-load forwarding stalls cost more than the arithmetic), peek() a copy.
  void step(State& next, double x) const noexcept {
    if (next.count < period_) [[unlikely]] {  // seeding: the first `period` inputs only
      if (next.count == 0) next.seed_anchor = x;
      next.seed_total += x - next.seed_anchor;
      if (++next.count == period_) next.value = next.seed_anchor + next.seed_total / period_;
      return;
    }
    // TA-Lib's operation order, so results agree to the last bit where possible.
    // (The count stops at `period`: only ready() reads it past the seed.)
    next.value = (x - next.value) * k_ + next.value;
  }

  int period_;
  double k_;
  State state_;
};

}  // namespace alphapulse::ta

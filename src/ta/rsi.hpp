// ta/rsi: Relative Strength Index with Wilder smoothing (TA_RSI). The first value comes
// after period + 1 closes: the plain averages of the first `period` gains and losses; then
// avg = (avg * (period - 1) + x) / period. A window with no movement at all (gains + losses
// exactly 0) is RSI 50, the neutral reading, as newer TA-Lib does (issue #480); an exact
// zero test rather than TA-Lib's absolute 1e-14 keeps RSI scale-free for 1e-8 prices.
#pragma once

#include "ta/input_status.hpp"

namespace alphapulse::ta {

class Rsi {
 public:
  explicit Rsi(int period = 14)
      : period_(period), kept_weight_(period - 1), inverse_period_(1.0 / period) {}

  InputStatus update(double close) noexcept {
    const InputStatus status = check_price(close);
    if (status != InputStatus::kAccepted) return status;
    apply(close);
    return status;
  }
  // update() without the check, for a caller that validated the input already (IndicatorSet
  // checks each candle once): `close` must have passed check_price.
  void apply(double close) noexcept { step(state_, close); }
  double peek(double close) const noexcept {
    State next = state_;
    step(next, close);
    return value_of(next);
  }

  double value() const noexcept { return value_of(state_); }
  bool ready() const noexcept { return state_.count > period_; }
  int warmup() const noexcept { return period_ + 1; }
  void reset() noexcept { state_ = {}; }

 private:
  struct State {
    double prev_close = 0;
    double avg_gain = 0;  // a plain sum until `period` changes are seen
    double avg_loss = 0;
    int count = 0;  // closes seen
  };

  // In place: update() passes the live state, peek() a copy (see ta/ema.hpp for why).
  void step(State& next, double close) const noexcept {
    if (next.count++ == 0) [[unlikely]] {
      next.prev_close = close;
      return;
    }
    const double change = close - next.prev_close;
    next.prev_close = close;
    // Branch-free: up and down closes alternate like coin flips on real prices. Adding +0.0
    // to the side that did not move leaves it bit-identical, so this is TA-Lib's if/else.
    const double gain = change > 0 ? change : 0.0;
    const double loss = change < 0 ? -change : 0.0;
    const int changes_seen = next.count - 1;
    if (changes_seen <= period_)
        [[unlikely]] {  // seeding: plain sums of the first `period` changes
      next.avg_gain += gain;
      next.avg_loss += loss;
      if (changes_seen == period_) {
        next.avg_gain *= inverse_period_;
        next.avg_loss *= inverse_period_;
      }
      return;
    }
    // A multiply by 1/period instead of TA-Lib's division: within an ulp or two (the Wilder
    // recursion damps it), exact under 2^k price scaling, and much cheaper than a divide.
    next.avg_gain = (next.avg_gain * kept_weight_ + gain) * inverse_period_;
    next.avg_loss = (next.avg_loss * kept_weight_ + loss) * inverse_period_;
  }

  static double value_of(const State& s) noexcept {
    const double total = s.avg_gain + s.avg_loss;
    return total == 0 ? 50.0 : 100.0 * (s.avg_gain / total);
  }

  int period_;
  double kept_weight_;     // period - 1
  double inverse_period_;  // 1 / period
  State state_;
};

}  // namespace alphapulse::ta

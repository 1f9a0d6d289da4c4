// ta/atr: Average True Range with Wilder smoothing (TA_ATR) and its normalised form NATR
// (TA_NATR, percent of close). True range needs the previous close, so the first value is
// at the (period + 1)-th candle: the mean of the first `period` true ranges.
#pragma once

#include "core/candle.hpp"
#include "ta/input_status.hpp"
#include "ta/true_range.hpp"

namespace alphapulse::ta {

struct AtrValue {
  double atr = 0;
  double natr = 0;  // 100 * atr / close
};

class Atr {
 public:
  explicit Atr(int period = 14)
      : period_(period), kept_weight_(period - 1), inverse_period_(1.0 / period) {}

  InputStatus update(const core::Candle& c) noexcept { return checked_update(*this, c); }
  // update() without the check: `c` must have passed check_candle (IndicatorSet checks once).
  void apply(const core::Candle& c) noexcept { step(state_, c); }
  AtrValue peek(const core::Candle& c) const noexcept {
    State next = state_;
    step(next, c);
    return value_of(next);
  }

  AtrValue value() const noexcept { return value_of(state_); }
  bool ready() const noexcept { return state_.count > period_; }
  int warmup() const noexcept { return period_ + 1; }
  void reset() noexcept { state_ = {}; }

 private:
  struct State {
    double prev_close = 0;
    double last_close = 0;
    double atr = 0;  // a plain sum of true ranges while seeding
    int count = 0;
  };

  // In place: update() passes the live state, peek() a copy (see ta/ema.hpp for why).
  void step(State& next, const core::Candle& c) const noexcept {
    next.last_close = c.close;
    if (next.count++ > 0) [[likely]] {
      const double tr = true_range(c.high, c.low, next.prev_close);
      const int ranges_seen = next.count - 1;
      if (ranges_seen < period_) [[unlikely]] {
        next.atr += tr;
      } else if (ranges_seen == period_) [[unlikely]] {
        next.atr = (next.atr + tr) * inverse_period_;
      } else {
        // Times 1/period rather than TA-Lib's division: an ulp apart, exact under 2^k scaling.
        next.atr = (next.atr * kept_weight_ + tr) * inverse_period_;
      }
    }
    next.prev_close = c.close;
  }

  static AtrValue value_of(const State& s) noexcept {
    return {s.atr, s.last_close != 0 ? (s.atr / s.last_close) * 100.0 : 0.0};
  }

  int period_;
  double kept_weight_;     // period - 1
  double inverse_period_;  // 1 / period
  State state_;
};

}  // namespace alphapulse::ta

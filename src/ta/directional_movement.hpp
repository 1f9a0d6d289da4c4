// ta/directional_movement: +DI, -DI (TA_PLUS_DI / TA_MINUS_DI) and ADX (TA_ADX), Wilder's
// directional movement system in one pass since they share the smoothed +DM, -DM and TR.
// +DI/-DI first come at candle period + 1, ADX at candle 2 * period (the mean of the first
// `period` DX values, then Wilder-smoothed). When the smoothed TR is 0 the DIs read 0 and
// that candle's DX is skipped, as in TA-Lib.
#pragma once

#include <cmath>

#include "core/candle.hpp"
#include "ta/input_status.hpp"
#include "ta/true_range.hpp"

namespace alphapulse::ta {

struct DirectionalValue {
  double plus_di = 0;
  double minus_di = 0;
  double adx = 0;
};

class DirectionalMovement {
 public:
  explicit DirectionalMovement(int period = 14)
      : period_(period), kept_weight_(period - 1), inverse_period_(1.0 / period) {}

  InputStatus update(const core::Candle& c) noexcept { return checked_update(*this, c); }
  // update() without the check: `c` must have passed check_candle (IndicatorSet checks once).
  void apply(const core::Candle& c) noexcept { step(state_, c); }
  DirectionalValue peek(const core::Candle& c) const noexcept {
    State next = state_;
    step(next, c);
    return value_of(next);
  }

  DirectionalValue value() const noexcept { return value_of(state_); }
  bool di_ready() const noexcept { return state_.count > period_; }
  bool ready() const noexcept { return state_.count >= 2 * period_; }  // ADX defined
  int warmup() const noexcept { return 2 * period_; }
  void reset() noexcept { state_ = {}; }

 private:
  struct State {
    double prev_high = 0;
    double prev_low = 0;
    double prev_close = 0;
    double plus_dm = 0;  // plain sums while seeding, then Wilder-smoothed
    double minus_dm = 0;
    double tr = 0;
    double adx = 0;  // the sum of DX while seeding ADX
    int count = 0;
  };

  // In place: update() passes the live state, peek() a copy (see ta/ema.hpp for why).
  void step(State& next, const core::Candle& c) const noexcept {
    const int index = next.count++;
    if (index > 0) [[likely]] {
      const double up_move = c.high - next.prev_high;
      const double down_move = next.prev_low - c.low;
      // TA-Lib's if / else-if as two selects (they exclude each other): which side moved
      // more is a coin flip on real prices, so branches would mispredict.
      const double minus_dm = ((down_move > 0) & (up_move < down_move)) ? down_move : 0.0;
      const double plus_dm = ((up_move > 0) & (up_move > down_move)) ? up_move : 0.0;
      const double tr = true_range(c.high, c.low, next.prev_close);
      if (index < period_) [[unlikely]] {
        next.plus_dm += plus_dm;
        next.minus_dm += minus_dm;
        next.tr += tr;
      } else {
        // Times 1/period rather than TA-Lib's division: an ulp apart, exact under 2^k scaling.
        next.plus_dm = next.plus_dm - next.plus_dm * inverse_period_ + plus_dm;
        next.minus_dm = next.minus_dm - next.minus_dm * inverse_period_ + minus_dm;
        next.tr = next.tr - next.tr * inverse_period_ + tr;
        double dx = 0;
        if (directional_index(next, dx)) {
          if (index < 2 * period_ - 1) [[unlikely]] {
            next.adx += dx;
          } else if (index == 2 * period_ - 1) [[unlikely]] {
            next.adx = (next.adx + dx) * inverse_period_;
          } else {
            next.adx = (next.adx * kept_weight_ + dx) * inverse_period_;
          }
        } else if (index == 2 * period_ - 1) [[unlikely]] {
          next.adx *= inverse_period_;  // the seed is due even when this candle's DX is undefined
        }
      }
    }
    next.prev_high = c.high;
    next.prev_low = c.low;
    next.prev_close = c.close;
  }

  // DX of a state; false when undefined (TR or the DI sum is 0). TA-Lib divides both DMs by
  // TR and then their difference by their sum; TR cancels, so this is the same quotient with
  // one division instead of three (within an ulp or two, and scale-free either way).
  static bool directional_index(const State& s, double& dx) noexcept {
    const double dm_sum = s.plus_dm + s.minus_dm;
    if (s.tr == 0 || dm_sum == 0) return false;
    dx = 100.0 * (std::fabs(s.minus_dm - s.plus_dm) / dm_sum);
    return true;
  }

  static DirectionalValue value_of(const State& s) noexcept {
    if (s.tr == 0) return {0, 0, s.adx};
    return {100.0 * (s.plus_dm / s.tr), 100.0 * (s.minus_dm / s.tr), s.adx};
  }

  int period_;
  double kept_weight_;     // period - 1
  double inverse_period_;  // 1 / period
  State state_;
};

}  // namespace alphapulse::ta

// ta/obv: On-Balance Volume (TA_OBV): starts at the first candle's volume, then adds the
// volume on an up close and subtracts it on a down close.
#pragma once

#include "core/candle.hpp"
#include "ta/input_status.hpp"

namespace alphapulse::ta {

class Obv {
 public:
  InputStatus update(const core::Candle& c) noexcept { return checked_update(*this, c); }
  // update() without the check: `c` must have passed check_candle (IndicatorSet checks once).
  void apply(const core::Candle& c) noexcept {
    obv_ = peek(c);
    prev_close_ = c.close;
    started_ = true;
  }
  double peek(const core::Candle& c) const noexcept {
    if (!started_) [[unlikely]]
      return c.volume;
    if (c.close > prev_close_) return obv_ + c.volume;
    if (c.close < prev_close_) return obv_ - c.volume;
    return obv_;
  }

  double value() const noexcept { return obv_; }
  bool ready() const noexcept { return started_; }
  int warmup() const noexcept { return 1; }
  void reset() noexcept { *this = Obv{}; }

 private:
  double obv_ = 0;
  double prev_close_ = 0;
  bool started_ = false;
};

}  // namespace alphapulse::ta

// ta/williams_r: Williams %R (TA_WILLR): -100 * (highest high - close) / (highest high -
// lowest low) over `period` candles, in -100..0. No range in the window gives -50, the
// neutral reading (TA-Lib gives 0).
#pragma once

#include "core/candle.hpp"
#include "ta/input_status.hpp"
#include "ta/rolling_extremes.hpp"

namespace alphapulse::ta {

class WilliamsR {
 public:
  explicit WilliamsR(int period = 14) : extremes_(period) {}

  InputStatus update(const core::Candle& c) noexcept {
    const InputStatus status = check_candle(c);
    if (status != InputStatus::kAccepted) return status;
    extremes_.push(c.high, c.low);
    value_ = percent_r(c.close, extremes_.highest(), extremes_.lowest());
    return status;
  }
  double peek(const core::Candle& c) const noexcept {
    return percent_r(c.close, extremes_.peek_highest(c.high), extremes_.peek_lowest(c.low));
  }

  double value() const noexcept { return value_; }
  bool ready() const noexcept { return extremes_.full(); }
  int warmup() const noexcept { return extremes_.period(); }
  void reset() noexcept {
    extremes_.reset();
    value_ = 0;
  }

 private:
  static double percent_r(double close, double highest, double lowest) noexcept {
    const double scale = (highest - lowest) / -100.0;  // TA-Lib's operation order
    return scale != 0 ? (highest - close) / scale : -50.0;
  }

  RollingExtremes extremes_;
  double value_ = 0;
};

}  // namespace alphapulse::ta

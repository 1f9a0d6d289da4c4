// ta/williams_r: Williams %R (TA_WILLR): -100 * (highest high - close) / (highest high -
// lowest low) over `period` candles, in -100..0. No range in the window gives -50, the
// neutral reading (TA-Lib gives 0).
#pragma once

#include "core/candle.hpp"
#include "ta/input_status.hpp"
#include "ta/rolling_extremes.hpp"

namespace alphapulse::ta {

// %R of a window kept by the caller (IndicatorSet shares one window with the stochastic, so
// it holds no second, unused window).
class WilliamsROfWindow {
 public:
  explicit WilliamsROfWindow(int period = 14) : period_(period) {}

  // The window's extremes after this candle joined it, and whether it holds `period` candles.
  void apply_window(double close, double highest, double lowest, bool window_full) noexcept {
    value_ = percent_r(close, highest, lowest);
    ready_ = window_full;
  }
  static double peek_window(double close, double highest, double lowest) noexcept {
    return percent_r(close, highest, lowest);
  }

  double value() const noexcept { return value_; }
  bool ready() const noexcept { return ready_; }
  int warmup() const noexcept { return period_; }
  void reset() noexcept {
    value_ = 0;
    ready_ = false;
  }

 private:
  static double percent_r(double close, double highest, double lowest) noexcept {
    const double scale = (highest - lowest) / -100.0;  // TA-Lib's operation order
    return scale != 0 ? (highest - close) / scale : -50.0;
  }

  double value_ = 0;
  bool ready_ = false;  // the window held `period` candles at the last update
  int period_;
};

class WilliamsR {
 public:
  explicit WilliamsR(int period = 14) : extremes_(period), reading_(period) {}

  InputStatus update(const core::Candle& c) noexcept {
    const InputStatus status = check_candle(c);
    if (status != InputStatus::kAccepted) return status;
    apply(c);
    return status;
  }
  // update() without the check: `c` must have passed check_candle (IndicatorSet checks once).
  void apply(const core::Candle& c) noexcept {
    extremes_.push(c.high, c.low);
    reading_.apply_window(c.close, extremes_.highest(), extremes_.lowest(), extremes_.full());
  }
  double peek(const core::Candle& c) const noexcept {
    return WilliamsROfWindow::peek_window(c.close, extremes_.peek_highest(c.high),
                                          extremes_.peek_lowest(c.low));
  }

  double value() const noexcept { return reading_.value(); }
  bool ready() const noexcept { return reading_.ready(); }
  int warmup() const noexcept { return reading_.warmup(); }
  void reset() noexcept {
    extremes_.reset();
    reading_.reset();
  }

 private:
  RollingExtremes extremes_;
  WilliamsROfWindow reading_;
};

}  // namespace alphapulse::ta

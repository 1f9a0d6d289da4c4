// ta/williams_r: Williams %R (TA_WILLR): -100 * (highest high - close) / (highest high -
// lowest low) over `period` candles, in -100..0. No range in the window gives -50, the
// neutral reading (TA-Lib gives 0).
#pragma once

#include "core/candle.hpp"
#include "ta/extremes_window_indicator.hpp"

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

class WilliamsR : public ExtremesWindowIndicator<WilliamsROfWindow> {
 public:
  explicit WilliamsR(int period = 14)
      : ExtremesWindowIndicator(period, WilliamsROfWindow(period)) {}
};

}  // namespace alphapulse::ta

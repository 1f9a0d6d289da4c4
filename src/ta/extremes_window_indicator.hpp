// ta/extremes_window_indicator: an indicator read off the highest high and lowest low of the
// last `period` candles (the slow stochastic, Williams %R), standing alone: it keeps its own
// window and hands the window's extremes to a Reading (StochasticOfWindow, WilliamsROfWindow),
// the part IndicatorSet uses with one window shared between both.
#pragma once

#include "core/candle.hpp"
#include "ta/input_status.hpp"
#include "ta/rolling_extremes.hpp"

namespace alphapulse::ta {

template <typename Reading>
class ExtremesWindowIndicator {
 public:
  ExtremesWindowIndicator(int period, Reading reading) : extremes_(period), reading_(reading) {}

  InputStatus update(const core::Candle& c) noexcept { return checked_update(*this, c); }
  // update() without the check: `c` must have passed check_candle.
  void apply(const core::Candle& c) noexcept {
    extremes_.push(c.high, c.low);
    reading_.apply_window(c.close, extremes_.highest(), extremes_.lowest(), extremes_.full());
  }
  auto peek(const core::Candle& c) const noexcept {
    return reading_.peek_window(c.close, extremes_.peek_highest(c.high),
                                extremes_.peek_lowest(c.low));
  }

  auto value() const noexcept { return reading_.value(); }
  bool ready() const noexcept { return reading_.ready(); }
  int warmup() const noexcept { return reading_.warmup(); }
  void reset() noexcept {
    extremes_.reset();
    reading_.reset();
  }

 private:
  RollingExtremes extremes_;
  Reading reading_;
};

}  // namespace alphapulse::ta

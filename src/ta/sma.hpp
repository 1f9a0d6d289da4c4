// ta/sma: simple moving average (TA_SMA: first value after `period` inputs). O(1)
// amortized; sums are kept relative to a recent value (ta/window_sums.hpp), so a flat
// series averages to exactly its price.
#pragma once

#include "ta/input_status.hpp"
#include "ta/window_sums.hpp"

namespace alphapulse::ta {

class Sma {
 public:
  explicit Sma(int period) : period_(period), sums_(static_cast<std::size_t>(period)) {}

  InputStatus update(double x) noexcept {
    if (!std::isfinite(x)) return InputStatus::kRejectedNonFinite;
    apply(x);
    return InputStatus::kAccepted;
  }
  // update() without the check: `x` must be finite (IndicatorSet checks each candle once).
  void apply(double x) noexcept { sums_.push(x); }
  // The value update(x) would give, without changing state.
  double peek(double x) const noexcept {
    return WindowSums::mean(sums_.advance(x), sums_.capacity());
  }

  double value() const noexcept { return WindowSums::mean(sums_.totals(), sums_.capacity()); }
  bool ready() const noexcept { return sums_.full(); }
  int warmup() const noexcept { return period_; }  // inputs needed before ready()
  int period() const noexcept { return period_; }
  void reset() noexcept { sums_.clear(); }

  // The heap lines the next update touches (see RingBuffer::prefetch_storage).
  void prefetch_storage() const noexcept { sums_.prefetch_storage(); }

 private:
  int period_;
  WindowSums sums_;
};

}  // namespace alphapulse::ta

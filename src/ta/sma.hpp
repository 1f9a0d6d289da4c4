// ta/sma: simple moving average, TA_SMA semantics (running total, first value after
// `period` inputs). O(1) per update.
#pragma once

#include "ta/input_status.hpp"
#include "ta/ring_buffer.hpp"

namespace alphapulse::ta {

class Sma {
 public:
  explicit Sma(int period) : period_(period), window_(static_cast<std::size_t>(period)) {}

  InputStatus update(double x) noexcept {
    if (!std::isfinite(x)) return InputStatus::kRejectedNonFinite;
    const double total = next_total(x);
    // Commit: the only place state changes.
    window_.push(x);
    total_ = total;
    return InputStatus::kAccepted;
  }
  // The value update(x) would give, without changing state.
  double peek(double x) const noexcept { return next_total(x) / period_; }

  double value() const noexcept { return total_ / period_; }
  bool ready() const noexcept { return window_.full(); }
  int warmup() const noexcept { return period_; }  // inputs needed before ready()
  int period() const noexcept { return period_; }
  void reset() noexcept {
    window_.clear();
    total_ = 0;
  }

 private:
  double next_total(double x) const noexcept {
    return window_.full() ? total_ + x - window_.oldest() : total_ + x;
  }

  int period_;
  RingBuffer<double> window_;
  double total_ = 0;
};

}  // namespace alphapulse::ta

// ta/cci: Commodity Channel Index (TA_CCI): (typical - mean) / (0.015 * mean deviation)
// over `period` typical prices (h + l + c) / 3. The mean absolute deviation has no running
// form, so each update walks the window twice: O(period), 40 adds by default. Zero
// deviation or zero distance gives 0, as TA-Lib.
#pragma once

#include <cmath>

#include "core/candle.hpp"
#include "ta/input_status.hpp"
#include "ta/ring_buffer.hpp"

namespace alphapulse::ta {

class Cci {
 public:
  explicit Cci(int period = 20) : period_(period), window_(static_cast<std::size_t>(period)) {}

  InputStatus update(const core::Candle& c) noexcept {
    const InputStatus status = check_candle(c);
    if (status != InputStatus::kAccepted) return status;
    const double typical = typical_price(c);
    window_.push(typical);
    if (window_.full()) value_ = index_of(typical, false);
    return status;
  }
  double peek(const core::Candle& c) const noexcept {
    if (window_.size() + 1 < static_cast<std::size_t>(period_)) return 0;
    return index_of(typical_price(c), true);
  }

  double value() const noexcept { return value_; }
  bool ready() const noexcept { return window_.full(); }
  int warmup() const noexcept { return period_; }
  void reset() noexcept {
    window_.clear();
    value_ = 0;
  }

 private:
  static double typical_price(const core::Candle& c) noexcept {
    return (c.high + c.low + c.close) / 3.0;
  }

  // CCI of `newest` against a window of `period` typical prices: the stored window when it
  // already holds newest (a commit), or newest plus the stored window without the slot the
  // next push overwrites (a peek, off the hot path).
  double index_of(double newest, bool peeking) const noexcept {
    const double* values = window_.storage();
    const std::size_t n = window_.capacity();
    // The mean as newest + mean deviation from it: exact for a flat window (CCI 0).
    double mean = 0;
    double deviation = 0;
    if (!peeking) {
      mean = newest + sum_of(values, n, [newest](double v) { return v - newest; }) / period_;
      deviation = sum_of(values, n, [mean](double v) { return std::fabs(v - mean); });
    } else {
      const std::size_t skip = window_.next_slot();
      double total = 0;
      for (std::size_t i = 0; i < n; ++i) total += i == skip ? 0.0 : values[i] - newest;
      mean = newest + total / period_;
      deviation = std::fabs(newest - mean);
      for (std::size_t i = 0; i < n; ++i) deviation += i == skip ? 0.0 : std::fabs(values[i] - mean);
    }
    const double mean_deviation = deviation / period_;
    const double distance = newest - mean;
    if (distance == 0 || mean_deviation == 0) return 0;
    return distance / (0.015 * mean_deviation);
  }

  // Sum of f(v) in four independent accumulators, so the adds overlap instead of queueing on
  // one register (the window's order does not matter for a sum).
  template <typename F>
  static double sum_of(const double* values, std::size_t n, F f) noexcept {
    double a = 0, b = 0, c = 0, d = 0;
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
      a += f(values[i]);
      b += f(values[i + 1]);
      c += f(values[i + 2]);
      d += f(values[i + 3]);
    }
    for (; i < n; ++i) a += f(values[i]);
    return (a + b) + (c + d);
  }

  int period_;
  RingBuffer<double> window_;
  double value_ = 0;
};

}  // namespace alphapulse::ta

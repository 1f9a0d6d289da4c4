// ta/cci: Commodity Channel Index (TA_CCI): (typical - mean) / (0.015 * mean deviation)
// over `period` typical prices (h + l + c) / 3. The mean absolute deviation has no running
// form, so each update walks the window once: O(period), a fixed 20 adds by default. Zero
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
    if (window_.full()) value_ = index_of(typical, 0);
    return status;
  }
  double peek(const core::Candle& c) const noexcept {
    if (window_.size() + 1 < static_cast<std::size_t>(period_)) return 0;
    return index_of(typical_price(c), 1);
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

  // CCI of the window made of `newest` and the window's values aged first_age..period-2+first_age
  // (first_age 0: the window already holds newest; 1: newest is a peeked value).
  double index_of(double newest, std::size_t first_age) const noexcept {
    const std::size_t kept = static_cast<std::size_t>(period_) - first_age;
    // The mean as newest + mean deviation from it: exact for a flat window, so its CCI is 0.
    double total = 0;
    for (std::size_t age = 0; age < kept; ++age) total += window_.at(age) - newest;
    const double mean = newest + total / period_;
    double deviation = first_age == 1 ? std::fabs(newest - mean) : 0.0;
    for (std::size_t age = 0; age < kept; ++age) deviation += std::fabs(window_.at(age) - mean);
    const double distance = newest - mean;
    if (distance == 0 || deviation == 0) return 0;
    return distance / (0.015 * (deviation / period_));
  }

  int period_;
  RingBuffer<double> window_;
  double value_ = 0;
};

}  // namespace alphapulse::ta

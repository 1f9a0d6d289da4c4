// ta/cci: Commodity Channel Index (TA_CCI): (typical - mean) / (0.015 * mean deviation)
// over `period` typical prices (h + l + c) / 3. The mean absolute deviation has no running
// form, so each update walks the window twice: O(period), 40 adds by default. Zero
// deviation or zero distance gives 0, as TA-Lib.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/candle.hpp"
#include "ta/input_status.hpp"
#include "ta/ring_buffer.hpp"

namespace alphapulse::ta {

class Cci {
 public:
  explicit Cci(int period = 20)
      : period_(period), inverse_period_(1.0 / period), window_(static_cast<std::size_t>(period)) {}

  InputStatus update(const core::Candle& c) noexcept {
    const InputStatus status = check_candle(c);
    if (status != InputStatus::kAccepted) return status;
    apply_typical(typical_price(c));
    return status;
  }
  // update() without the check, given the typical price (h + l + c) / 3 of a candle that
  // passed check_candle (IndicatorSet checks once and shares the typical price with MFI).
  void apply_typical(double typical) noexcept {
    window_.push(typical);
    if (window_.full()) [[likely]]
      value_ = index_of(typical, false);
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

  // The heap lines the next update touches (see RingBuffer::prefetch_storage).
  void prefetch_storage() const noexcept { window_.prefetch_storage(); }

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
      mean = newest + sum_of_differences(values, n, newest, false) * inverse_period_;
      deviation = sum_of_differences(values, n, mean, true);
    } else {
      const std::size_t skip = window_.next_slot();
      double total = 0;
      for (std::size_t i = 0; i < n; ++i) total += i == skip ? 0.0 : values[i] - newest;
      mean = newest + total * inverse_period_;
      deviation = std::fabs(newest - mean);
      for (std::size_t i = 0; i < n; ++i)
        deviation += i == skip ? 0.0 : std::fabs(values[i] - mean);
    }
    const double mean_deviation = deviation * inverse_period_;
    const double distance = newest - mean;
    if (distance == 0 || mean_deviation == 0) return 0;
    return distance / (0.015 * mean_deviation);
  }

  // Sum of (v - center), or of |v - center| when `absolute`, in four independent
  // accumulators (lane i % 4), so the adds overlap instead of queueing on one register (the
  // window's order does not matter for a sum). The four lanes are one GCC vector: one AVX
  // register in IndicatorSet::update's AVX2 clone (ta/cpu_dispatch.hpp), two SSE2 registers
  // otherwise; lane-wise the same additions in the same order, so the same bits either way.
  // The default period's window (20) gets a copy with the length known at compile time, fully
  // unrolled: the loop's counter, compare and branch were half of the sums' instructions.
  static double sum_of_differences(const double* values, std::size_t n, double center,
                                   bool absolute) noexcept {
    return n == kUnrolledLength ? sum_of_differences<kUnrolledLength>(values, n, center, absolute)
                                : sum_of_differences<0>(values, n, center, absolute);
  }
  static constexpr std::size_t kUnrolledLength = 20;
  // kLength: the window's length when known at compile time, 0 to take n.
  template <std::size_t kLength>
  static double sum_of_differences(const double* values, std::size_t window_length, double center,
                                   bool absolute) noexcept {
    const std::size_t n = kLength != 0 ? kLength : window_length;
    using Lanes = double __attribute__((vector_size(32)));
    using LaneBits = std::int64_t __attribute__((vector_size(32)));
    // Clears the sign bit (fabs) or keeps every bit.
    const LaneBits keep = LaneBits{} + (absolute ? std::int64_t{0x7fffffffffffffff} : -1);
    const Lanes centers = Lanes{} + center;
    Lanes sums = {};
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
      Lanes v;
      std::memcpy(&v, values + i, sizeof v);
      sums += reinterpret_cast<Lanes>(reinterpret_cast<LaneBits>(v - centers) & keep);
    }
    double a = sums[0];
    if constexpr (kLength % 4 != 0 || kLength == 0) {  // a tail (none for the unrolled length)
      for (; i < n; ++i) a += absolute ? std::fabs(values[i] - center) : values[i] - center;
    }
    return (a + sums[1]) + (sums[2] + sums[3]);
  }

  int period_;
  double inverse_period_;  // 1 / period: a multiply instead of a divide, scale-exact
  RingBuffer<double> window_;
  double value_ = 0;
};

}  // namespace alphapulse::ta

// ta/cci: Commodity Channel Index (TA_CCI): (typical - mean) / (0.015 * mean deviation)
// over `period` typical prices (h + l + c) / 3. The mean absolute deviation has no running
// form, so each update walks the window twice: O(period), 40 adds by default. Zero
// deviation or zero distance gives 0, as TA-Lib.
#pragma once

#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
  // window's order does not matter for a sum). With SSE2 (every x86-64) the four lanes are two
  // packed registers: the same additions in the same order, so the same bits, in half the
  // instructions.
  static double sum_of_differences(const double* values, std::size_t n, double center,
                                   bool absolute) noexcept {
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128d centers = _mm_set1_pd(center);
    // Clears the sign bit: fabs on two lanes.
    const __m128d magnitude_mask = _mm_castsi128_pd(_mm_set1_epi64x(0x7fffffffffffffff));
    const __m128d keep = absolute ? magnitude_mask : _mm_castsi128_pd(_mm_set1_epi64x(-1));
    __m128d ab = _mm_setzero_pd();
    __m128d cd = _mm_setzero_pd();
    for (; i + 4 <= n; i += 4) {
      ab = _mm_add_pd(ab, _mm_and_pd(_mm_sub_pd(_mm_loadu_pd(values + i), centers), keep));
      cd = _mm_add_pd(cd, _mm_and_pd(_mm_sub_pd(_mm_loadu_pd(values + i + 2), centers), keep));
    }
    double a = _mm_cvtsd_f64(ab);
    const double b = _mm_cvtsd_f64(_mm_unpackhi_pd(ab, ab));
    const double c = _mm_cvtsd_f64(cd);
    const double d = _mm_cvtsd_f64(_mm_unpackhi_pd(cd, cd));
#else
    double a = 0, b = 0, c = 0, d = 0;
    auto f = [center, absolute](double v) { return absolute ? std::fabs(v - center) : v - center; };
    for (; i + 4 <= n; i += 4) {
      a += f(values[i]);
      b += f(values[i + 1]);
      c += f(values[i + 2]);
      d += f(values[i + 3]);
    }
#endif
    for (; i < n; ++i) a += absolute ? std::fabs(values[i] - center) : values[i] - center;
    return (a + b) + (c + d);
  }

  int period_;
  double inverse_period_;  // 1 / period: a multiply instead of a divide, scale-exact
  RingBuffer<double> window_;
  double value_ = 0;
};

}  // namespace alphapulse::ta

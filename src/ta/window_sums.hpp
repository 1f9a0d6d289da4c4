// ta/window_sums: sum and sum of squares over the last N values, kept relative to an
// anchor (a recent value of the window). Why not plain running sums: (1) a flat window then
// sums to exact zeros, so its mean is the price itself and its variance exactly 0 instead of
// rounding noise (CCI, Bollinger, MACD on flat data); (2) the x^2 - mean^2 cancellation works
// on deviations, not on prices near 1e5 squared. Every `capacity` pushes the sums are rebuilt
// from the window around a fresh anchor, so rounding cannot drift over millions of candles:
// O(1) amortized, one O(N) pass per N updates.
#pragma once

#include <cstddef>

#include "ta/ring_buffer.hpp"

namespace alphapulse::ta {

class WindowSums {
 public:
  explicit WindowSums(std::size_t capacity) : window_(capacity) {}

  struct Totals {
    double anchor = 0;
    double sum = 0;          // of (x - anchor)
    double sum_squares = 0;  // of (x - anchor)^2
    std::size_t pushes_since_rebuild = 0;
  };

  void push(double x) noexcept {
    step(totals_, x);  // in place: a whole-struct copy back would stall store forwarding
    window_.push(x);
    if (totals_.pushes_since_rebuild >= window_.capacity()) [[unlikely]]
      rebuild();
  }
  // The totals push(x) would give (before any rebuild, which changes no value).
  Totals advance(double x) const noexcept {
    Totals next = totals_;
    step(next, x);
    return next;
  }

  static double mean(const Totals& t, std::size_t n) noexcept {
    return t.anchor + t.sum / static_cast<double>(n);
  }
  // Population variance; never negative.
  static double variance(const Totals& t, std::size_t n) noexcept {
    const double dn = static_cast<double>(n);
    const double mean_d = t.sum / dn;
    const double v = t.sum_squares / dn - mean_d * mean_d;
    return v > 0 ? v : 0.0;
  }

  const Totals& totals() const noexcept { return totals_; }
  const RingBuffer<double>& window() const noexcept { return window_; }
  bool full() const noexcept { return window_.full(); }
  std::size_t capacity() const noexcept { return window_.capacity(); }
  void clear() noexcept {
    window_.clear();
    totals_ = {};
  }

  // The heap lines the next update touches (see RingBuffer::prefetch_storage).
  void prefetch_storage() const noexcept { window_.prefetch_storage(); }

 private:
  void step(Totals& next, double x) const noexcept {
    if (window_.size() == 0) [[unlikely]]
      next.anchor = x;
    const double d = x - next.anchor;
    next.sum += d;
    next.sum_squares += d * d;
    if (window_.full()) [[likely]] {
      const double old = window_.oldest() - next.anchor;
      next.sum -= old;
      next.sum_squares -= old * old;
    }
    ++next.pushes_since_rebuild;
  }

  // Called with a full window (`capacity` pushes since the last rebuild). The values are summed
  // oldest to newest, as ever, but read as the storage's two straight runs (from the oldest's
  // slot to the end, then from slot 0) instead of one wrapped at(age) per value: the same
  // additions in the same order, so the same bits.
  void rebuild() noexcept {
    Totals fresh;
    fresh.anchor = window_.at(0);
    const double* const slots = window_.storage();
    const std::size_t oldest_slot = window_.next_slot();
    const auto add = [&fresh](double x) {
      const double d = x - fresh.anchor;
      fresh.sum += d;
      fresh.sum_squares += d * d;
    };
    for (std::size_t i = oldest_slot; i < window_.capacity(); ++i) add(slots[i]);
    for (std::size_t i = 0; i < oldest_slot; ++i) add(slots[i]);
    totals_ = fresh;
  }

  RingBuffer<double> window_;
  Totals totals_;
};

}  // namespace alphapulse::ta

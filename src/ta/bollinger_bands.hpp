// ta/bollinger_bands: middle = SMA(period), bands = middle +- k * population standard
// deviation over the same window (TA_BBANDS with MA type SMA). Variance comes from running
// sums of deviations from an anchor (ta/window_sums.hpp), so a flat window has bands of
// exactly zero width.
#pragma once

#include <cmath>

#include "ta/input_status.hpp"
#include "ta/window_sums.hpp"

namespace alphapulse::ta {

struct BollingerValue {
  double upper = 0;
  double middle = 0;
  double lower = 0;
  // (upper - lower) / middle: band width, scale-free
  double bandwidth() const noexcept { return middle != 0 ? (upper - lower) / middle : 0; }
  // Where x sits in the bands: 0 at lower, 1 at upper (0.5 for collapsed bands).
  double percent_b(double x) const noexcept {
    return upper > lower ? (x - lower) / (upper - lower) : 0.5;
  }
};

class BollingerBands {
 public:
  explicit BollingerBands(int period = 20, double deviations = 2.0)
      : period_(period), deviations_(deviations), sums_(static_cast<std::size_t>(period)) {}

  InputStatus update(double close) noexcept {
    const InputStatus status = check_price(close);
    if (status != InputStatus::kAccepted) return status;
    apply(close);
    return status;
  }
  // update() without the check: `close` must have passed check_price (IndicatorSet checks once).
  void apply(double close) noexcept { sums_.push(close); }
  BollingerValue peek(double close) const noexcept { return value_of(sums_.advance(close)); }

  BollingerValue value() const noexcept { return value_of(sums_.totals()); }
  bool ready() const noexcept { return sums_.full(); }
  int warmup() const noexcept { return period_; }
  void reset() noexcept { sums_.clear(); }

  // The heap lines the next update touches (see RingBuffer::prefetch_storage).
  void prefetch_storage() const noexcept { sums_.prefetch_storage(); }

 private:
  BollingerValue value_of(const WindowSums::Totals& t) const noexcept {
    const double mean = WindowSums::mean(t, sums_.capacity());
    const double band = std::sqrt(WindowSums::variance(t, sums_.capacity())) * deviations_;
    return {mean + band, mean, mean - band};
  }

  int period_;
  double deviations_;
  WindowSums sums_;
};

}  // namespace alphapulse::ta

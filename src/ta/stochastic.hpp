// ta/stochastic: slow stochastic (TA_STOCH with SMA smoothing). Fast %K = 100 * (close -
// lowest low) / (highest high - lowest low) over `k_period` candles; slow %K = SMA of fast
// %K over `slow_k`; slow %D = SMA of slow %K over `slow_d`. A window with no range (highest
// = lowest) gives fast %K 50, the neutral reading (TA-Lib gives 0).
#pragma once

#include "core/candle.hpp"
#include "ta/extremes_window_indicator.hpp"
#include "ta/sma.hpp"

namespace alphapulse::ta {

struct StochasticValue {
  double slow_k = 0;
  double slow_d = 0;
};

// The smoothing half of the slow stochastic, for a caller that keeps the highs and lows of the
// last k_period candles itself (IndicatorSet shares one window with Williams %R, so it holds
// no second, unused window).
class StochasticOfWindow {
 public:
  explicit StochasticOfWindow(int k_period = 14, int slow_k = 3, int slow_d = 3)
      : slow_k_(slow_k), slow_d_(slow_d), k_period_(k_period) {}

  // The window's extremes after this candle joined it, and whether it holds k_period candles.
  void apply_window(double close, double highest, double lowest, bool window_full) noexcept {
    if (!window_full) [[unlikely]]
      return;
    slow_k_.apply(fast_k(close, highest, lowest));
    if (slow_k_.ready()) slow_d_.apply(slow_k_.value());
  }
  StochasticValue peek_window(double close, double highest, double lowest) const noexcept {
    const double k = fast_k(close, highest, lowest);
    const double slow_k = slow_k_.peek(k);
    return {slow_k, slow_d_.peek(slow_k)};
  }

  StochasticValue value() const noexcept { return {slow_k_.value(), slow_d_.value()}; }
  bool ready() const noexcept { return slow_d_.ready(); }
  int warmup() const noexcept { return k_period_ + slow_k_.period() + slow_d_.period() - 2; }
  void reset() noexcept {
    slow_k_.reset();
    slow_d_.reset();
  }

  // The heap lines the next update touches (see RingBuffer::prefetch_storage).
  void prefetch_storage() const noexcept {
    slow_k_.prefetch_storage();
    slow_d_.prefetch_storage();
  }

 private:
  static double fast_k(double close, double highest, double lowest) noexcept {
    const double scale = (highest - lowest) / 100.0;  // TA-Lib's operation order
    return scale != 0 ? (close - lowest) / scale : 50.0;
  }

  Sma slow_k_;
  Sma slow_d_;
  int k_period_;
};

class Stochastic : public ExtremesWindowIndicator<StochasticOfWindow> {
 public:
  explicit Stochastic(int k_period = 14, int slow_k = 3, int slow_d = 3)
      : ExtremesWindowIndicator(k_period, StochasticOfWindow(k_period, slow_k, slow_d)) {}
};

}  // namespace alphapulse::ta

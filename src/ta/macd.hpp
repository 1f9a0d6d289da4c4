// ta/macd: Moving Average Convergence/Divergence, TA_MACD semantics. Both EMAs start at
// input slow-1: the slow one seeded with the SMA of the first `slow` closes, the fast one
// with the SMA of the `fast` closes ending there (TA-Lib aligns them so MACD is defined from
// the same row). The signal line is an EMA of MACD seeded with the SMA of its first
// `signal` values; MACD, signal and histogram are reported from input slow+signal-2 on.
// Default 8-24-9: the seed's setting for crypto's faster cycles.
#pragma once

#include <limits>

#include "ta/ema.hpp"
#include "ta/input_status.hpp"
#include "ta/ring_buffer.hpp"

namespace alphapulse::ta {

struct MacdValue {
  double macd = 0;
  double signal = 0;
  double histogram = 0;
};

class Macd {
 public:
  explicit Macd(int fast = 8, int slow = 24, int signal = 9)
      : signal_(signal),
        fast_(fast < slow ? fast : slow),
        slow_(fast < slow ? slow : fast),  // TA-Lib swaps a reversed pair
        fast_period_(fast_.period()),
        slow_period_(slow_.period()),
        fast_seed_window_(static_cast<std::size_t>(fast_period_)) {}

  InputStatus update(double close) noexcept {
    if (!std::isfinite(close)) return InputStatus::kRejectedNonFinite;
    apply(close);
    return InputStatus::kAccepted;
  }
  // update() without the check: `close` must be finite (IndicatorSet checks each candle once).
  void apply(double close) noexcept {
    if (!slow_.ready()) [[unlikely]] {
      seed(close);
      return;
    }
    fast_.apply(close);
    slow_.apply(close);
    signal_.apply(fast_.value() - slow_.value());
  }

  // Values update(close) would give; meaningful once ready() or when the peeked close
  // would make it ready.
  MacdValue peek(double close) const noexcept {
    if (!slow_.ready()) {  // one more close cannot make the signal line ready yet
      const double nan = std::numeric_limits<double>::quiet_NaN();
      return {nan, nan, nan};
    }
    const double macd = fast_.peek(close) - slow_.peek(close);
    const double signal = signal_.peek(macd);
    return {macd, signal, macd - signal};
  }

  MacdValue value() const noexcept {
    const double macd = fast_.value() - slow_.value();
    return {macd, signal_.value(), macd - signal_.value()};
  }
  bool ready() const noexcept { return signal_.ready(); }
  int warmup() const noexcept { return slow_period_ + signal_.period() - 1; }
  void reset() noexcept {
    fast_.reset();
    slow_.reset();
    signal_.reset();
    fast_seed_window_.clear();
  }

 private:
  // Warm-up, out of line and cold (the first `slow` closes only): its code stays out of the
  // instruction cache the steady state runs from.
  [[gnu::cold, gnu::noinline]] void seed(double close) noexcept {
    fast_seed_window_.push(close);
    slow_.update(close);
    if (slow_.ready()) {
      // Oldest to newest, in input order as TA-Lib's seeding loop, relative to the oldest
      // so that a flat start seeds exactly at its price.
      const double anchor = fast_seed_window_.oldest();
      double total = 0;
      for (std::size_t age = fast_seed_window_.size(); age-- > 0;) {
        total += fast_seed_window_.at(age) - anchor;
      }
      fast_.seed(anchor + total / fast_period_, fast_period_);
      signal_.apply(fast_.value() - slow_.value());
    }
  }

  // The three averages first (every candle), the periods and the seed window after.
  Ema signal_;
  Ema fast_;
  Ema slow_;
  int fast_period_;
  int slow_period_;
  RingBuffer<double> fast_seed_window_;
};

}  // namespace alphapulse::ta

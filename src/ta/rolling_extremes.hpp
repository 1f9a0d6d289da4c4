// ta/rolling_extremes: highest high and lowest low over the last N candles in O(1) amortized
// time and ~2 comparisons per value, with no data-dependent branches (van Herk / Gil-Werman):
// the stream is cut into blocks of N; the window's extreme is the max of the running prefix
// extreme of the current block and the suffix extreme of the previous block from the same
// position. Suffixes are rebuilt once per block (N comparisons every N candles). Measured
// faster than a monotonic deque, whose branches mispredict on real prices.
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

namespace alphapulse::ta {

// Rolling maximum of the last `period` values; RollingMaximum<false> is the minimum.
template <bool kMaximum>
class RollingExtreme {
 public:
  explicit RollingExtreme(int period)
      : period_(static_cast<std::size_t>(period)), block_(period_), suffix_(period_ + 1, kIdentity) {}

  void push(double x) noexcept {
    block_[position_] = x;
    prefix_ = position_ == 0 ? x : better(prefix_, x);
    ++position_;
    current_ = better(prefix_, suffix_[position_]);
    if (position_ == period_) {  // block complete: it becomes the "previous block"
      suffix_[period_] = kIdentity;
      for (std::size_t i = period_; i-- > 0;) suffix_[i] = better(block_[i], suffix_[i + 1]);
      position_ = 0;
    }
    if (count_ < period_) ++count_;
  }
  double value() const noexcept { return current_; }
  // The value after push(x), without changing state.
  double peek(double x) const noexcept {
    const double prefix = position_ == 0 ? x : better(prefix_, x);
    return better(prefix, suffix_[position_ + 1]);
  }
  bool full() const noexcept { return count_ == period_; }
  void reset() noexcept {
    std::fill(suffix_.begin(), suffix_.end(), kIdentity);
    position_ = count_ = 0;
    prefix_ = current_ = kIdentity;
  }

 private:
  static constexpr double kIdentity =
      kMaximum ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  static double better(double a, double b) noexcept {
    if constexpr (kMaximum) {
      return a > b ? a : b;
    } else {
      return a < b ? a : b;
    }
  }

  std::size_t period_;
  std::vector<double> block_;   // the current block's values
  std::vector<double> suffix_;  // suffix extremes of the previous block, suffix_[period_] = identity
  std::size_t position_ = 0;    // values in the current block
  std::size_t count_ = 0;       // values seen, capped at period_
  double prefix_ = kIdentity;
  double current_ = kIdentity;
};

class RollingExtremes {
 public:
  explicit RollingExtremes(int period) : period_(period), highest_(period), lowest_(period) {}

  void push(double high, double low) noexcept {
    highest_.push(high);
    lowest_.push(low);
  }
  double highest() const noexcept { return highest_.value(); }
  double lowest() const noexcept { return lowest_.value(); }
  double peek_highest(double high) const noexcept { return highest_.peek(high); }
  double peek_lowest(double low) const noexcept { return lowest_.peek(low); }
  bool full() const noexcept { return highest_.full(); }
  int period() const noexcept { return period_; }
  void reset() noexcept {
    highest_.reset();
    lowest_.reset();
  }

 private:
  int period_;
  RollingExtreme<true> highest_;
  RollingExtreme<false> lowest_;
};

}  // namespace alphapulse::ta

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

// Highest high and lowest low of the last `period` candles. The two windows advance
// together, so one block position, one "block complete" test and one suffix rebuild serve
// both. The running prefix restarts from the identity (-inf / +inf) at each block, which
// makes the prefix update a plain max/min with no "first of the block" select.
class RollingExtremes {
 public:
  explicit RollingExtremes(int period)
      : period_(period),
        size_(static_cast<std::size_t>(period)),
        block_high_(size_),
        block_low_(size_),
        suffix_high_(size_ + 1, kLowest),
        suffix_low_(size_ + 1, kHighest) {}

  void push(double high, double low) noexcept {
    block_high_[position_] = high;
    block_low_[position_] = low;
    prefix_high_ = std::max(prefix_high_, high);
    prefix_low_ = std::min(prefix_low_, low);
    ++position_;
    highest_ = std::max(prefix_high_, suffix_high_[position_]);
    lowest_ = std::min(prefix_low_, suffix_low_[position_]);
    if (position_ == size_) {  // block complete: it becomes the "previous block"
      for (std::size_t i = size_; i-- > 0;) {
        suffix_high_[i] = std::max(block_high_[i], suffix_high_[i + 1]);
        suffix_low_[i] = std::min(block_low_[i], suffix_low_[i + 1]);
      }
      position_ = 0;
      prefix_high_ = kLowest;
      prefix_low_ = kHighest;
      full_ = true;
    }
  }
  double highest() const noexcept { return highest_; }
  double lowest() const noexcept { return lowest_; }
  // The values after push(high, low), without changing state.
  double peek_highest(double high) const noexcept {
    return std::max(std::max(prefix_high_, high), suffix_high_[position_ + 1]);
  }
  double peek_lowest(double low) const noexcept {
    return std::min(std::min(prefix_low_, low), suffix_low_[position_ + 1]);
  }
  bool full() const noexcept { return full_; }
  int period() const noexcept { return period_; }
  void reset() noexcept {
    std::fill(suffix_high_.begin(), suffix_high_.end(), kLowest);
    std::fill(suffix_low_.begin(), suffix_low_.end(), kHighest);
    position_ = 0;
    full_ = false;
    prefix_high_ = highest_ = kLowest;
    prefix_low_ = lowest_ = kHighest;
  }

 private:
  static constexpr double kLowest = -std::numeric_limits<double>::infinity();
  static constexpr double kHighest = std::numeric_limits<double>::infinity();

  int period_;
  std::size_t size_;
  std::vector<double> block_high_;  // the current block's values
  std::vector<double> block_low_;
  std::vector<double> suffix_high_;  // suffix extremes of the previous block; [size_] = identity
  std::vector<double> suffix_low_;
  std::size_t position_ = 0;  // values in the current block
  bool full_ = false;         // `period` values seen
  double prefix_high_ = kLowest;
  double prefix_low_ = kHighest;
  double highest_ = kLowest;
  double lowest_ = kHighest;
};

}  // namespace alphapulse::ta

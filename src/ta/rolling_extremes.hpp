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
//
// Layout: everything a push reads or writes at block position i (the block's high and low at
// i, the previous block's suffix extremes from i + 1) sits in one 32-byte slot, so a push
// touches one cache line of the window instead of four (with hundreds of streams the state
// comes from beyond L2 on every candle).
class RollingExtremes {
 public:
  explicit RollingExtremes(int period)
      : period_(period),
        size_(static_cast<std::size_t>(period)),
        slots_(size_, Slot{0, 0, kLowest, kHighest}) {}

  void push(double high, double low) noexcept {
    Slot& slot = slots_[position_];
    slot.block_high = high;
    slot.block_low = low;
    prefix_high_ = std::max(prefix_high_, high);
    prefix_low_ = std::min(prefix_low_, low);
    highest_ = std::max(prefix_high_, slot.next_suffix_high);
    lowest_ = std::min(prefix_low_, slot.next_suffix_low);
    if (++position_ == size_) complete_block();
  }
  double highest() const noexcept { return highest_; }
  double lowest() const noexcept { return lowest_; }
  // The values after push(high, low), without changing state.
  double peek_highest(double high) const noexcept {
    return std::max(std::max(prefix_high_, high), slots_[position_].next_suffix_high);
  }
  double peek_lowest(double low) const noexcept {
    return std::min(std::min(prefix_low_, low), slots_[position_].next_suffix_low);
  }
  bool full() const noexcept { return full_; }
  int period() const noexcept { return period_; }
  void reset() noexcept {
    for (Slot& slot : slots_) slot = Slot{0, 0, kLowest, kHighest};
    position_ = 0;
    full_ = false;
    prefix_high_ = highest_ = kLowest;
    prefix_low_ = lowest_ = kHighest;
  }

 private:
  static constexpr double kLowest = -std::numeric_limits<double>::infinity();
  static constexpr double kHighest = std::numeric_limits<double>::infinity();

  struct Slot {
    double block_high;  // the current block's values at this position
    double block_low;
    // Suffix extremes of the previous block from the next position on; the last slot's stay
    // the identity (an empty suffix).
    double next_suffix_high;
    double next_suffix_low;
  };

  // Once per block, out of line: the block becomes the "previous block". suffix[i] =
  // extreme(block[i], suffix[i + 1]), from the end; suffix[0] is never read (a push at
  // position 0 reads suffix[1]), so it is not stored.
  [[gnu::noinline]] void complete_block() noexcept {
    for (std::size_t i = size_ - 1; i > 0; --i) {
      slots_[i - 1].next_suffix_high = std::max(slots_[i].block_high, slots_[i].next_suffix_high);
      slots_[i - 1].next_suffix_low = std::min(slots_[i].block_low, slots_[i].next_suffix_low);
    }
    position_ = 0;
    prefix_high_ = kLowest;
    prefix_low_ = kHighest;
    full_ = true;
  }

  // Hot fields first (read and written every push), then the slots' pointer.
  std::size_t position_ = 0;  // values in the current block
  double prefix_high_ = kLowest;
  double prefix_low_ = kHighest;
  double highest_ = kLowest;
  double lowest_ = kHighest;
  bool full_ = false;  // `period` values seen
  int period_;
  std::size_t size_;
  std::vector<Slot> slots_;
};

}  // namespace alphapulse::ta

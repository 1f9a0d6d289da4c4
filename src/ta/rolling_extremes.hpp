// ta/rolling_extremes: highest high and lowest low over the last N candles in O(1) amortized
// time and ~2 comparisons per value, with no data-dependent branches (van Herk / Gil-Werman):
// the stream is cut into blocks of N; the window's extreme is the max of the running prefix
// extreme of the current block and the suffix extreme of the previous block from the same
// position. Suffixes are rebuilt once per block (N comparisons every N candles). Measured
// faster than a monotonic deque, whose branches mispredict on real prices.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>

#include "core/prefetch.hpp"

namespace alphapulse::ta {

// Highest high and lowest low of the last `period` candles. The two windows advance
// together, so one block position, one "block complete" test and one suffix rebuild serve
// both. The running prefix restarts from the identity (-inf / +inf) at each block, which
// makes the prefix update a plain max/min with no "first of the block" select.
//
// Layout: everything a push reads or writes at block position i (the block's high and low at
// i, the previous block's suffix extremes from i + 1) sits in one 32-byte slot, aligned so that
// it never straddles two lines, so a push touches one cache line of the window instead of four;
// the cursor (position, prefix and window extremes, the slots' pointer) is one cache line
// (with hundreds of streams the state comes from beyond L2 on every candle: before, the
// cursor's 80 bytes spanned two lines and one slot in four straddled two).
class alignas(64) RollingExtremes {
 public:
  explicit RollingExtremes(int period)
      : slots_(new Slot[period > 0 ? static_cast<std::size_t>(period) : 1]),
        size_(static_cast<std::uint32_t>(period > 0 ? period : 1)),
        period_(period) {
    std::fill(slots_.get(), slots_.get() + size_, Slot{0, 0, kLowest, kHighest});
  }
  RollingExtremes(const RollingExtremes& other)
      : prefix_high_(other.prefix_high_),
        prefix_low_(other.prefix_low_),
        highest_(other.highest_),
        lowest_(other.lowest_),
        slots_(new Slot[other.size_]),
        position_(other.position_),
        size_(other.size_),
        full_(other.full_),
        period_(other.period_) {
    std::copy(other.slots_.get(), other.slots_.get() + size_, slots_.get());
  }
  RollingExtremes& operator=(const RollingExtremes& other) {
    if (this != &other) *this = RollingExtremes(other);
    return *this;
  }
  RollingExtremes(RollingExtremes&&) noexcept = default;
  RollingExtremes& operator=(RollingExtremes&&) noexcept = default;

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
    std::fill(slots_.get(), slots_.get() + size_, Slot{0, 0, kLowest, kHighest});
    position_ = 0;
    full_ = false;
    prefix_high_ = highest_ = kLowest;
    prefix_low_ = lowest_ = kHighest;
  }

  // The heap line the next push and peek touch: the slot at the block position (a block's end, once
  // per period, walks them all).
  void prefetch_storage() const noexcept {
    core::prefetch_lines(&slots_[position_], &slots_[position_] + 1);
  }

 private:
  static constexpr double kLowest = -std::numeric_limits<double>::infinity();
  static constexpr double kHighest = std::numeric_limits<double>::infinity();

  struct alignas(32) Slot {
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

  // The cursor, one cache line (56 bytes): everything a push reads or writes but its slot.
  double prefix_high_ = kLowest;
  double prefix_low_ = kHighest;
  double highest_ = kLowest;
  double lowest_ = kHighest;
  std::unique_ptr<Slot[]> slots_;  // size_ slots, 32-byte aligned (Slot's alignment)
  std::uint32_t position_ = 0;     // values in the current block
  std::uint32_t size_;             // the period (at least 1)
  bool full_ = false;              // `period` values seen
  int period_;
};

}  // namespace alphapulse::ta

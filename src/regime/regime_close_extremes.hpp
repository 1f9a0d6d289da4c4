// regime/regime_close_extremes: the extent (highest minus lowest) of the last N log closes, for
// the feature windows' range ratio. The same algorithm as ta::RollingExtremes (van Herk /
// Gil-Werman: the stream cut into blocks of N; the window's extreme is that of the current
// block's running prefix and of the previous block's suffix from the same position), so the
// same values, specialized for the detector's per-candle path: one value per candle (high ==
// low == the close), the slots in the object instead of behind a heap pointer, and nothing
// computed at push time that only the peek needs (the detector peeks before it pushes).
//
// O(1) amortized per candle (N comparisons every N candles), no allocation, no branches but the
// block's end.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>

namespace alphapulse::regime {

template <std::size_t Closes>
class CloseExtremes {
  static_assert(Closes >= 1);

 public:
  CloseExtremes() noexcept { reset(); }

  // highest - lowest of the last Closes closes once `close` is pushed (fewer before that many
  // were pushed), without pushing it.
  double peek_extent(double close) const noexcept {
    const Slot& slot = slots_[position_];
    const double highest = std::max(std::max(prefix_high_, close), slot.next_suffix_high);
    const double lowest = std::min(std::min(prefix_low_, close), slot.next_suffix_low);
    return highest - lowest;
  }

  void push(double close) noexcept {
    slots_[position_].value = close;
    prefix_high_ = std::max(prefix_high_, close);
    prefix_low_ = std::min(prefix_low_, close);
    if (++position_ == Closes) complete_block();
  }

  void reset() noexcept {
    slots_.fill(Slot{0.0, kLowest, kHighest});
    position_ = 0;
    prefix_high_ = kLowest;
    prefix_low_ = kHighest;
  }

 private:
  static constexpr double kLowest = -std::numeric_limits<double>::infinity();
  static constexpr double kHighest = std::numeric_limits<double>::infinity();

  struct Slot {
    double value;  // the current block's close at this position
    // Extremes of the previous block from the next position on (the last slot's stay the
    // identity: an empty suffix).
    double next_suffix_high, next_suffix_low;
  };

  // Once per block, out of line: the block becomes the previous block.
  // The suffix extremes are carried in two scalars (two independent chains of max and min,
  // instead of reading back each value just stored).
  [[gnu::noinline]] void complete_block() noexcept {
    double suffix_high = slots_[Closes - 1].next_suffix_high;
    double suffix_low = slots_[Closes - 1].next_suffix_low;
    for (std::size_t i = Closes - 1; i > 0; --i) {
      suffix_high = std::max(slots_[i].value, suffix_high);
      suffix_low = std::min(slots_[i].value, suffix_low);
      slots_[i - 1].next_suffix_high = suffix_high;
      slots_[i - 1].next_suffix_low = suffix_low;
    }
    position_ = 0;
    prefix_high_ = kLowest;
    prefix_low_ = kHighest;
  }

  std::size_t position_;  // closes in the current block
  double prefix_high_, prefix_low_;
  std::array<Slot, Closes> slots_;
};

}  // namespace alphapulse::regime

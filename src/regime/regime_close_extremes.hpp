// regime/regime_close_extremes: the extents (highest minus lowest) of the last N log closes for
// several N at once, for the feature windows' range ratio. The same algorithm as
// ta::RollingExtremes (van Herk / Gil-Werman: the stream cut into blocks of N; the window's
// extreme is that of the current block's running prefix and of the previous block's suffix from
// the same position), so the same values, specialized for the detector's per-candle path: one
// value per candle (high == low == the close), the slots in the object instead of behind a heap
// pointer, and nothing computed at push time that only the peek needs (the detector peeks
// before it pushes).
//
// Layout: every window's cursor (block position, running prefix extremes) sits together in the
// first cache line, the slots after it: a candle touches that line and one slot per window (with
// many streams the detector's state comes from beyond L2 at each candle; three windows each
// with its own cursor beside its slots touched three more lines).
//
// O(1) amortized per candle (N comparisons every N candles), no allocation, no branches but the
// blocks' ends.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <tuple>
#include <utility>

#include "core/prefetch.hpp"

namespace alphapulse::regime {

template <std::size_t... Closes>
class alignas(64) CloseExtremes {
  static_assert(sizeof...(Closes) >= 1 && ((Closes >= 1) && ...));

 public:
  static constexpr std::size_t kWindows = sizeof...(Closes);
  using Extents = std::array<double, kWindows>;

  CloseExtremes() noexcept { reset(); }

  // For each window, highest - lowest of its last Closes closes once `close` is pushed (fewer
  // before that many were pushed), without pushing it.
  Extents peek_extents(double close) const noexcept {
    Extents extents;
    for_each_window([&]<std::size_t w>() {
      const Slot& slot = std::get<w>(slots_)[position_[w]];
      const double highest = std::max(std::max(prefix_high_[w], close), slot.next_suffix_high);
      const double lowest = std::min(std::min(prefix_low_[w], close), slot.next_suffix_low);
      extents[w] = highest - lowest;
    });
    return extents;
  }

  void push(double close) noexcept {
    for_each_window([&]<std::size_t w>() {
      std::get<w>(slots_)[position_[w]].value = close;
      prefix_high_[w] = std::max(prefix_high_[w], close);
      prefix_low_[w] = std::min(prefix_low_[w], close);
      if (++position_[w] == kCloses[w]) complete_block<w>();
    });
  }

  // Asks for the lines the next peek_extents and push touch: the cursors' line and each window's
  // slot at its position (a block's end, once every N closes, reads all of that window's slots).
  void prefetch_next_push() const noexcept {
    core::prefetch_lines(this, &position_ + 1);
    for_each_window([&]<std::size_t w>() {
      const Slot* slot = &std::get<w>(slots_)[position_[w]];
      core::prefetch_lines(slot, slot + 1);
    });
  }
  void reset() noexcept {
    for_each_window([&]<std::size_t w>() {
      std::get<w>(slots_).fill(Slot{0.0, kLowest, kHighest});
      position_[w] = 0;
      prefix_high_[w] = kLowest;
      prefix_low_[w] = kHighest;
    });
  }

 private:
  static constexpr std::array<std::size_t, kWindows> kCloses = {Closes...};
  static constexpr double kLowest = -std::numeric_limits<double>::infinity();
  static constexpr double kHighest = std::numeric_limits<double>::infinity();

  struct Slot {
    double value;  // the current block's close at this position
    // Extremes of the previous block from the next position on (the last slot's stay the
    // identity: an empty suffix).
    double next_suffix_high, next_suffix_low;
  };

  template <typename F>
  static void for_each_window(F&& f) {
    [&]<std::size_t... w>(std::index_sequence<w...>) {
      (f.template operator()<w>(), ...);
    }
    (std::make_index_sequence<kWindows>{});
  }

  // Once per block, out of line: the block becomes the previous block.
  // The suffix extremes are carried in two scalars (two independent chains of max and min,
  // instead of reading back each value just stored).
  template <std::size_t w>
  [[gnu::noinline]] void complete_block() noexcept {
    auto& slots = std::get<w>(slots_);
    constexpr std::size_t last = kCloses[w] - 1;
    double suffix_high = slots[last].next_suffix_high;
    double suffix_low = slots[last].next_suffix_low;
    for (std::size_t i = last; i > 0; --i) {
      suffix_high = std::max(slots[i].value, suffix_high);
      suffix_low = std::min(slots[i].value, suffix_low);
      slots[i - 1].next_suffix_high = suffix_high;
      slots[i - 1].next_suffix_low = suffix_low;
    }
    position_[w] = 0;
    prefix_high_[w] = kLowest;
    prefix_low_[w] = kHighest;
  }

  // The cursors: 20 bytes per window, in the first line for up to three windows.
  std::array<double, kWindows> prefix_high_, prefix_low_;
  std::array<std::uint32_t, kWindows> position_;  // closes in each window's current block
  std::tuple<std::array<Slot, Closes>...> slots_;
};

}  // namespace alphapulse::regime

// ta/relative_volume: volume SMA and relative volume (current volume / mean volume of the
// previous `period` candles). Not in TA-Lib. Definition, degenerate cases and warm-up are in
// docs/indicators-custom.md; in short:
//   volume_sma(t)      = (v[t-period+1] + ... + v[t]) / period          (ready after period)
//   relative_volume(t) = v[t] / ((v[t-period] + ... + v[t-1]) / period)  (ready after period+1)
// The current candle is left out of the relative-volume mean so that a spike is not diluted
// by itself. A previous window with no volume at all gives 1 when v[t] is 0 too (nothing
// changed) and kMaxRelativeVolume when v[t] > 0; every ratio is capped there as well.
// Everything is sums and one division of volumes, so scaling all volumes by 2^k scales the
// SMA by exactly 2^k and leaves the relative volume bit-identical.
#pragma once

#include <algorithm>
#include <limits>

#include "core/candle.hpp"
#include "ta/input_status.hpp"
#include "ta/ring_buffer.hpp"

namespace alphapulse::ta {

struct RelativeVolumeValue {
  double volume_sma = std::numeric_limits<double>::quiet_NaN();       // NaN until period candles
  double relative_volume = std::numeric_limits<double>::quiet_NaN();  // NaN until period + 1
};

class RelativeVolume {
 public:
  // A ratio, so a fixed cap is scale-free; it keeps "volume after a dead window" finite.
  static constexpr double kMaxRelativeVolume = 1e6;

  // period < 1 is treated as 1 (no exceptions on the hot path).
  explicit RelativeVolume(int period = 20)
      : period_(period > 1 ? period : 1), volumes_(static_cast<std::size_t>(period_)) {}

  InputStatus update(const core::Candle& c) noexcept { return checked_update(*this, c); }
  // update() without the check: `c` must have passed check_candle (IndicatorSet checks once).
  void apply(const core::Candle& c) noexcept {
    // The only place state changes: the live sums are stepped in place (a copy out and back
    // would stall store forwarding), then the volume joins the window.
    value_ = step(sums_, c.volume);
    volumes_.push(c.volume);
  }
  // What value() would be after update(c), without changing state. A candle update would
  // reject leaves value() as it is, so that is what peek returns for it.
  RelativeVolumeValue peek(const core::Candle& c) const noexcept {
    if (check_candle(c) != InputStatus::kAccepted) return value_;
    Sums next = sums_;
    return step(next, c.volume);
  }

  const RelativeVolumeValue& value() const noexcept { return value_; }
  double volume_sma() const noexcept { return value_.volume_sma; }
  double relative_volume() const noexcept { return value_.relative_volume; }
  bool volume_sma_ready() const noexcept { return volumes_.full(); }
  // Both outputs defined: the relative volume needs `period` candles before the current one.
  bool ready() const noexcept { return sums_.candles_seen > period_; }
  int warmup() const noexcept { return period_ + 1; }
  int period() const noexcept { return period_; }
  void reset() noexcept {
    volumes_.clear();
    sums_ = {};
    value_ = {};
  }

  // The heap lines the next update touches (see RingBuffer::prefetch_storage).
  void prefetch_storage() const noexcept { volumes_.prefetch_storage(); }

 private:
  // A sum carried as hi + lo, lo collecting exactly what rounding drops from hi (Knuth's
  // TwoSum). A huge volume that enters and later leaves the window would otherwise leave
  // rounding of its own size in a window total that is now tiny.
  struct CompensatedSum {
    double hi = 0;
    double lo = 0;
    void add(double x) noexcept {
      const double sum = hi + x;
      const double x_part = sum - hi;
      lo += (hi - (sum - x_part)) + (x - x_part);
      hi = sum;
    }
    double value() const noexcept { return hi + lo; }
  };
  struct Sums {
    CompensatedSum window_total;  // exactly 0 when the window holds no volume
    // A fresh sum of the candles since the last rebuild. When it covers `period` candles it
    // is exactly the window, and replaces the running total: add/subtract rounding can then
    // never build up for more than `period` updates, however long the stream.
    CompensatedSum rebuild_total;
    int rebuild_count = 0;
    int positive_in_window = 0;  // volumes > 0 in the window: says "mean is 0" exactly
    int candles_seen = 0;        // saturates at period + 1
  };
  // Advances `s` (the live sums from apply(), a copy from peek()) by `volume`, which is not
  // in the window yet, and returns the values after it.
  RelativeVolumeValue step(Sums& s, double volume) const noexcept {
    RelativeVolumeValue value;
    const bool window_was_full = volumes_.full();
    const double leaving = window_was_full ? volumes_.oldest() : 0.0;

    if (window_was_full) value.relative_volume = relative_to(volume, s);

    s.window_total.add(volume);
    s.window_total.add(-leaving);
    s.positive_in_window += (volume > 0 ? 1 : 0) - (leaving > 0 ? 1 : 0);
    s.rebuild_total.add(volume);
    if (++s.rebuild_count == period_) [[unlikely]] {
      s.window_total = s.rebuild_total;
      s.rebuild_total = {};
      s.rebuild_count = 0;
    }
    // A window without volume sums to exactly 0, whatever rounding says.
    if (s.positive_in_window == 0) [[unlikely]]
      s.window_total = {};
    if (s.candles_seen <= period_) [[unlikely]]
      ++s.candles_seen;

    if (s.candles_seen >= period_) value.volume_sma = total_of(s) / period_;
    return value;
  }

  static double total_of(const Sums& s) noexcept {
    const double total = s.window_total.value();
    return total > 0 ? total : 0.0;  // never negative, whatever rounding says
  }

  double relative_to(double volume, const Sums& previous) const noexcept {
    const double previous_total = total_of(previous);
    if (!(previous_total > 0)) return volume > 0 ? kMaxRelativeVolume : 1.0;
    return std::min(volume / (previous_total / period_), kMaxRelativeVolume);
  }

  int period_;
  RingBuffer<double> volumes_;
  Sums sums_;
  RelativeVolumeValue value_;
};

}  // namespace alphapulse::ta

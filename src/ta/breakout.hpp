// ta/breakout: channel breakout against the previous `lookback` candles (Donchian channel
// that excludes the current candle). Not in TA-Lib. Exact definition in
// docs/indicators-custom.md; in short, with H = highest high and L = lowest low of candles
// t-lookback .. t-1:
//   signal   = +1 if close > H, -1 if close < L, else 0 (touching the level is no breakout)
//   strength = (close - H) / (H - L) or (L - close) / (H - L), 0 without a breakout,
//              capped at kMaxStrength; a zero-width channel gives kMaxStrength on a breakout.
// The current candle is excluded so that its own high cannot hide its breakout. Only
// comparisons, differences and one ratio of prices, so 2^k scaling is bit-exact.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>

#include "core/candle.hpp"
#include "ta/input_status.hpp"
#include "ta/rolling_extremes.hpp"

namespace alphapulse::ta {

struct BreakoutValue {
  int signal = 0;       // +1 up, -1 down, 0 inside the channel (or not ready)
  double strength = 0;  // distance beyond the broken level / channel width, >= 0
  // The channel this candle was judged against (previous `lookback` candles); NaN until ready.
  double channel_high = std::numeric_limits<double>::quiet_NaN();
  double channel_low = std::numeric_limits<double>::quiet_NaN();
};

class BreakoutDetector {
 public:
  // A ratio, so a fixed cap is scale-free; it keeps a break of a zero-width channel finite.
  static constexpr double kMaxStrength = 1e6;

  // lookback < 1 is treated as 1.
  explicit BreakoutDetector(int lookback = 20)
      : channel_(lookback > 1 ? lookback : 1), lookback_(lookback > 1 ? lookback : 1) {}

  InputStatus update(const core::Candle& c) noexcept { return checked_update(*this, c); }
  // update() without the check: `c` must have passed check_candle (IndicatorSet checks once).
  void apply(const core::Candle& c) noexcept {
    const BreakoutValue next = judge(c.close);
    // Commit: the only place state changes. The candle joins the channel only after it has
    // been judged against the previous ones.
    channel_.push(c.high, c.low);
    if (candles_seen_ <= lookback_) [[unlikely]]
      ++candles_seen_;
    value_ = next;
  }
  // What value() would be after update(c), without changing state; for a candle update
  // would reject, the unchanged value().
  BreakoutValue peek(const core::Candle& c) const noexcept {
    if (check_candle(c) != InputStatus::kAccepted) return value_;
    return judge(c.close);
  }

  const BreakoutValue& value() const noexcept { return value_; }
  int signal() const noexcept { return value_.signal; }
  double strength() const noexcept { return value_.strength; }
  double channel_high() const noexcept { return value_.channel_high; }
  double channel_low() const noexcept { return value_.channel_low; }
  // The latest candle was judged against a full channel.
  bool ready() const noexcept { return candles_seen_ > lookback_; }
  int warmup() const noexcept { return lookback_ + 1; }
  int lookback() const noexcept { return lookback_; }
  void reset() noexcept {
    channel_.reset();
    candles_seen_ = 0;
    value_ = {};
  }

  // The heap lines the next update touches (see RingBuffer::prefetch_storage).
  void prefetch_storage() const noexcept { channel_.prefetch_storage(); }

 private:
  BreakoutValue judge(double close) const noexcept {
    BreakoutValue v;
    if (!channel_.full()) [[unlikely]]
      return v;
    v.channel_high = channel_.highest();
    v.channel_low = channel_.lowest();
    double distance = 0;
    if (close > v.channel_high) {
      v.signal = 1;
      distance = close - v.channel_high;
    } else if (close < v.channel_low) {
      v.signal = -1;
      distance = v.channel_low - close;
    }
    if (v.signal != 0) {
      const double width = v.channel_high - v.channel_low;
      v.strength = width > 0 ? std::min(distance / width, kMaxStrength) : kMaxStrength;
    }
    return v;
  }

  // The channel first: its cursor is one aligned cache line (ta/rolling_extremes.hpp), and a
  // lone member before it would take a line of its own.
  RollingExtremes channel_;
  int lookback_;
  int candles_seen_ = 0;  // saturates at lookback + 1
  BreakoutValue value_;
};

}  // namespace alphapulse::ta

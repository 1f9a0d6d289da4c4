// core/timeframe: the candle intervals AlphaPulse trades on, spelled as Binance spells them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/time.hpp"

namespace alphapulse::core {

enum class Timeframe : std::uint8_t {
  k1m,
  k3m,
  k5m,
  k15m,
  k30m,
  k1h,
  k2h,
  k4h,
  k6h,
  k8h,
  k12h,
  k1d
};

// "15m" -> Timeframe::k15m. Case-sensitive like Binance ("1M" would be a month, not supported).
std::optional<Timeframe> parse_timeframe(std::string_view text);
std::string_view to_string(Timeframe tf);
DurationMs duration(Timeframe tf);

// True when `t` is the open time of a candle of this timeframe (UTC-aligned).
constexpr bool is_aligned(TimestampMs t, DurationMs step) {
  return step.count > 0 && t.ms % step.count == 0;
}

}  // namespace alphapulse::core

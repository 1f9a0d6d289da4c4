// core/candle: the one event type the hot path sees. Trivially copyable (it crosses
// SPSC rings and is replayed byte for byte), with two clocks: the exchange's open/close
// time and the local receive time, so replay sees exactly what live saw.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "core/time.hpp"

namespace alphapulse::core {

struct Candle {
  TimestampMs open_time;
  TimestampMs close_time;  // Binance: open_time + interval - 1 ms
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;  // base asset
  // Present only when the source has them (Binance klines do, the shared CSVs do not):
  // see has_exchange_extras.
  double quote_volume = 0;
  double taker_buy_base_volume = 0;
  double taker_buy_quote_volume = 0;
  std::int64_t trades = 0;
  bool has_exchange_extras = false;
  TimestampMs received_time;  // local clock when the complete message was held (0 in files)
};
static_assert(std::is_trivially_copyable_v<Candle>);

// What is wrong with a candle, if anything. Checked once at the edge (file reader, feed,
// IndicatorSet) so the indicators themselves need not trust their input.
enum class CandleError : std::uint8_t {
  kNone,
  kNonFiniteValue,    // NaN or infinity in a price or volume
  kNonPositivePrice,  // zero or negative open/high/low/close
  kHighBelowBody,     // high < max(open, close)
  kLowAboveBody,      // low > min(open, close)
  kNegativeVolume,
};

std::string_view to_string(CandleError error);

// Names the offending field ("high", "volume", ...) for error messages.
std::string_view offending_field(const Candle& c, CandleError error);

constexpr CandleError validate(const Candle& c) noexcept {
  const double values[] = {c.open, c.high, c.low, c.close, c.volume};
  for (double v : values) {
    if (!std::isfinite(v)) return CandleError::kNonFiniteValue;
  }
  if (c.open <= 0 || c.high <= 0 || c.low <= 0 || c.close <= 0)
    return CandleError::kNonPositivePrice;
  if (c.high < (c.open > c.close ? c.open : c.close)) return CandleError::kHighBelowBody;
  if (c.low > (c.open < c.close ? c.open : c.close)) return CandleError::kLowAboveBody;
  if (c.volume < 0) return CandleError::kNegativeVolume;
  return CandleError::kNone;
}

}  // namespace alphapulse::core

// exchange_sim/kline_json: the exact Binance text of everything the simulator sends about
// candles: the WebSocket kline event (raw and in the combined envelope), the 12-field REST row,
// and the serverShutdown event. Numbers that Binance sends as strings get 8 decimals like
// Binance ("46686.15000000"); key order follows the live capture in shared/protocol/binance.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/candle.hpp"
#include "core/time.hpp"
#include "evaluation/json_text.hpp"

namespace alphapulse::exchange_sim {

// "123.45000000": fixed, 8 decimals, rounded to nearest.
void append_decimal8(std::string& out, double value);
std::string decimal8(double value);

struct KlineFields {
  std::string_view symbol;    // "BTCUSDT"
  std::string_view interval;  // "15m"
  core::TimestampMs event_time;
  std::int64_t first_trade_id = -1;  // -1 with no trades, as Binance
  bool closed = false;
  bool wrong_types = false;  // fault: "t" and "x" as strings, "o" as a number
};

// {"e":"kline","E":..,"s":..,"k":{"t","T","s","i","f","L","o","c","h","l","v","n","x","q","V","Q","B"}}
std::string kline_event_json(const core::Candle& candle, const KlineFields& fields);

// {"stream":"<name>","data":<payload>}
std::string combined_envelope(std::string_view stream_name, std::string_view payload);

// [openTime,"o","h","l","c","v",closeTime,"q",trades,"V","Q","0"], appended to `out`.
void append_rest_kline_row(std::string& out, const core::Candle& candle);

// {"e":"serverShutdown","E":..}; wrapped as stream "!serverShutdown" when combined.
std::string server_shutdown_json(core::TimestampMs event_time, bool combined);

// {"code":<code>,"msg":"<msg>"} (msg is escaped).
std::string error_json(int code, std::string_view msg);

// JSON string literals: evaluation::append_json_string (one escaper for the project).
using evaluation::append_json_string;

}  // namespace alphapulse::exchange_sim

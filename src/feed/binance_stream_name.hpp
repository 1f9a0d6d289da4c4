// feed/binance_stream_name: Binance kline stream names ("btcusdt@kline_15m") <-> StreamSpec.
// Owns the one rule that is easy to get wrong: symbols are lower case in stream names but
// upper case everywhere else (payload "s", REST "symbol", StreamSpec).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "feed/market_event.hpp"

namespace alphapulse::feed {

// {"BTCUSDT", 15m} -> "btcusdt@kline_15m".
std::string kline_stream_name(const StreamSpec& spec);

// "btcusdt@kline_15m" -> {"BTCUSDT", 15m}. nullopt for anything else: upper-case symbols,
// other stream types, intervals AlphaPulse does not trade (1s, 1w, 1M), timezone suffixes.
std::optional<StreamSpec> parse_kline_stream_name(std::string_view name);

}  // namespace alphapulse::feed

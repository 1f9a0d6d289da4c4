// core/symbol: exchange spelling ("BTCUSDT") <-> display spelling ("BTC/USDT").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/fixed_string.hpp"

namespace alphapulse::core {

using Symbol = FixedString<20>;  // Binance symbols are at most 20 characters

// "BTC/USDT" or "btc/usdt" -> "BTCUSDT". Rejects empty parts, other separators and
// characters outside [A-Z0-9].
std::optional<std::string> to_exchange_symbol(std::string_view display);

// "BTCUSDT" -> "BTC/USDT", splitting on the longest known quote asset it ends with.
// Returns nullopt when no known quote asset matches (the exchange's exchangeInfo is the
// authority; this list covers the quotes Binance spot lists most pairs against).
std::optional<std::string> to_display_symbol(std::string_view exchange);

// True for a plausible exchange symbol: 2..20 characters of [A-Z0-9].
bool is_valid_exchange_symbol(std::string_view exchange);

}  // namespace alphapulse::core

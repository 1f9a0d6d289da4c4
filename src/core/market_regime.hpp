// core/market_regime: the six regimes of the seed, spelled lower-case in files and databases.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace alphapulse::core {

enum class MarketRegime : std::uint8_t {
  kStrongTrendBull,
  kStrongTrendBear,
  kWeakTrend,
  kRanging,
  kVolatileBreakout,
  kChoppy,
};
inline constexpr int kMarketRegimeCount = 6;

std::string_view to_string(MarketRegime regime);                         // "strong_trend_bull"
std::optional<MarketRegime> parse_market_regime(std::string_view text);  // either case

}  // namespace alphapulse::core

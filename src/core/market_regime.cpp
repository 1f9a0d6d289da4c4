#include "core/market_regime.hpp"

#include <array>
#include <cctype>

namespace alphapulse::core {
namespace {

constexpr std::array<std::string_view, kMarketRegimeCount> kNames{
    "strong_trend_bull", "strong_trend_bear", "weak_trend",
    "ranging",           "volatile_breakout", "choppy"};

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view to_string(MarketRegime regime) {
  return kNames[static_cast<std::size_t>(regime)];
}

std::optional<MarketRegime> parse_market_regime(std::string_view text) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (equals_ignore_case(kNames[i], text)) return static_cast<MarketRegime>(i);
  }
  return std::nullopt;
}

}  // namespace alphapulse::core

// feed/binance_stream_name: see the header.
#include "feed/binance_stream_name.hpp"

#include "core/symbol.hpp"

namespace alphapulse::feed {

std::string kline_stream_name(const StreamSpec& spec) {
  std::string name;
  name.reserve(spec.symbol.size() + 12);
  for (char ch : spec.symbol.view()) {
    name.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
  }
  name += "@kline_";
  name += core::to_string(spec.timeframe);
  return name;
}

std::optional<StreamSpec> parse_kline_stream_name(std::string_view name) {
  constexpr std::string_view kMarker = "@kline_";
  const auto at = name.find(kMarker);
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view lower = name.substr(0, at);
  std::string upper;
  upper.reserve(lower.size());
  for (char ch : lower) {
    const bool digit = ch >= '0' && ch <= '9';
    const bool small = ch >= 'a' && ch <= 'z';
    if (!digit && !small) return std::nullopt;
    upper.push_back(small ? static_cast<char>(ch - 'a' + 'A') : ch);
  }
  if (!core::is_valid_exchange_symbol(upper)) return std::nullopt;
  const auto tf = core::parse_timeframe(name.substr(at + kMarker.size()));
  if (!tf) return std::nullopt;
  StreamSpec spec;
  spec.symbol = core::Symbol(upper);
  spec.timeframe = *tf;
  return spec;
}

}  // namespace alphapulse::feed

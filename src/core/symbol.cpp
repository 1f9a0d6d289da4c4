#include "core/symbol.hpp"

#include <array>
#include <cctype>

namespace alphapulse::core {
namespace {

// Longest first so "FDUSD" wins over "USD"-like suffixes.
constexpr std::array<std::string_view, 14> kQuoteAssets{"FDUSD", "USDT", "USDC", "BUSD", "TUSD",
                                                        "DAI",   "BTC",  "ETH",  "BNB",  "EUR",
                                                        "TRY",   "BRL",  "JPY",  "GBP"};

bool is_symbol_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool all_symbol_chars(std::string_view s) {
  for (char c : s) {
    if (!is_symbol_char(c)) return false;
  }
  return true;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool is_valid_exchange_symbol(std::string_view exchange) {
  return exchange.size() >= 2 && exchange.size() <= 20 && all_symbol_chars(exchange);
}

std::optional<std::string> to_exchange_symbol(std::string_view display) {
  const auto slash = display.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= display.size())
    return std::nullopt;
  const std::string base = upper(display.substr(0, slash));
  const std::string quote = upper(display.substr(slash + 1));
  std::string joined = base + quote;
  if (!all_symbol_chars(base) || !all_symbol_chars(quote) || !is_valid_exchange_symbol(joined)) {
    return std::nullopt;
  }
  return joined;
}

std::optional<std::string> to_display_symbol(std::string_view exchange) {
  if (!is_valid_exchange_symbol(exchange)) return std::nullopt;
  std::string_view best;
  for (std::string_view quote : kQuoteAssets) {
    if (exchange.size() > quote.size() && exchange.ends_with(quote) && quote.size() > best.size()) {
      best = quote;
    }
  }
  if (best.empty()) return std::nullopt;
  std::string out(exchange.substr(0, exchange.size() - best.size()));
  out += '/';
  out += best;
  return out;
}

}  // namespace alphapulse::core

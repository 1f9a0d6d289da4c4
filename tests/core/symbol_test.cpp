// Tests for core/symbol: exchange <-> display spelling and symbol validity.
#include "core/symbol.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace alphapulse::core {
namespace {

TEST(Symbol, DisplayToExchange) {
  EXPECT_EQ(to_exchange_symbol("BTC/USDT"), "BTCUSDT");
  EXPECT_EQ(to_exchange_symbol("btc/usdt"), "BTCUSDT");
  EXPECT_EQ(to_exchange_symbol("Eth/Btc"), "ETHBTC");
  EXPECT_EQ(to_exchange_symbol("1000SATS/USDT"), "1000SATSUSDT");
}

TEST(Symbol, DisplayToExchangeRejectsBadInput) {
  for (std::string_view bad :
       {"", "/", "BTCUSDT", "/USDT", "BTC/", "BTC-USDT", "BTC/US DT", "BTC/USDT/", "BTC//USDT",
        " BTC/USDT", "BTC/USDT ", "BTC_/USDT", "B/", "ABCDEFGHIJKL/MNOPQRSTU"}) {
    EXPECT_FALSE(to_exchange_symbol(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(Symbol, ExchangeToDisplay) {
  EXPECT_EQ(to_display_symbol("BTCUSDT"), "BTC/USDT");
  EXPECT_EQ(to_display_symbol("ETHBTC"), "ETH/BTC");
  EXPECT_EQ(to_display_symbol("BNBETH"), "BNB/ETH");
  EXPECT_EQ(to_display_symbol("BTCFDUSD"), "BTC/FDUSD");
  EXPECT_EQ(to_display_symbol("SOLUSDC"), "SOL/USDC");
  EXPECT_EQ(to_display_symbol("BTCEUR"), "BTC/EUR");
  EXPECT_EQ(to_display_symbol("USDCUSDT"), "USDC/USDT");
}

TEST(Symbol, ExchangeToDisplayRejectsBadInput) {
  for (std::string_view bad : {"", "btcusdt", "BTC/USDT", "BTCXYZ", "USDT", "BTC-USDT", "B"}) {
    EXPECT_FALSE(to_display_symbol(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(Symbol, RoundTripsBothWays) {
  for (std::string_view display : {"BTC/USDT", "ETH/BTC", "DOGE/TRY", "PEPE/FDUSD"}) {
    const auto exchange = to_exchange_symbol(display);
    ASSERT_TRUE(exchange.has_value()) << display;
    EXPECT_EQ(to_display_symbol(*exchange), display);
  }
}

TEST(Symbol, ValidExchangeSymbols) {
  EXPECT_TRUE(is_valid_exchange_symbol("BTCUSDT"));
  EXPECT_TRUE(is_valid_exchange_symbol("1000SATSUSDT"));
  EXPECT_TRUE(is_valid_exchange_symbol("AB"));
  EXPECT_TRUE(is_valid_exchange_symbol("ABCDEFGHIJKLMNOPQRST"));    // 20
  EXPECT_FALSE(is_valid_exchange_symbol("ABCDEFGHIJKLMNOPQRSTU"));  // 21
  EXPECT_FALSE(is_valid_exchange_symbol("A"));
  EXPECT_FALSE(is_valid_exchange_symbol(""));
  EXPECT_FALSE(is_valid_exchange_symbol("btcusdt"));
  EXPECT_FALSE(is_valid_exchange_symbol("BTC/USDT"));
  EXPECT_FALSE(is_valid_exchange_symbol("BTC_USDT"));
}

TEST(Symbol, FixedStringHoldsTheLongestSymbol) {
  const Symbol symbol("ABCDEFGHIJKLMNOPQRST");
  EXPECT_EQ(symbol.view(), "ABCDEFGHIJKLMNOPQRST");
  EXPECT_TRUE(Symbol::fits("ABCDEFGHIJKLMNOPQRST"));
  EXPECT_FALSE(Symbol::fits("ABCDEFGHIJKLMNOPQRSTU"));
  EXPECT_TRUE(Symbol().empty());
}

}  // namespace
}  // namespace alphapulse::core

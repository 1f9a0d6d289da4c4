// Tests for feed/binance_rest_parser: the klines and exchangeInfo samples in tests/data/binance
// (integer fields as strings and as numbers), the error payload, and malformed rows (each
// error names the row, the field and the problem).
#include "feed/binance_rest_parser.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "support/binance_samples.hpp"

namespace alphapulse::feed {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kRow =
    R"([1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",)"
    R"(1499644799999,"2434.19055334",308,"1756.87402397","28.46694368","0"])";

TEST(RestKlines, Sample) {
  RestResponseParser parser;
  std::vector<core::Candle> rows;
  std::string error;
  // The sample row is a 1w kline (close - open + 1 = 7 days): not a timeframe we trade, so no
  // close-time check here.
  ASSERT_TRUE(parser.parse_klines(test::read_binance_sample("rest_klines_response.json"),
                                  std::nullopt, rows, error))
      << error;
  ASSERT_EQ(rows.size(), 1u);
  const core::Candle& c = rows[0];
  EXPECT_EQ(c.open_time.ms, 1499040000000);
  EXPECT_EQ(c.close_time.ms, 1499644799999);
  EXPECT_DOUBLE_EQ(c.open, 0.0163479);
  EXPECT_DOUBLE_EQ(c.high, 0.8);
  EXPECT_DOUBLE_EQ(c.low, 0.015758);
  EXPECT_DOUBLE_EQ(c.close, 0.015771);
  EXPECT_DOUBLE_EQ(c.volume, 148976.11427815);
  EXPECT_DOUBLE_EQ(c.quote_volume, 2434.19055334);
  EXPECT_EQ(c.trades, 308);
  EXPECT_DOUBLE_EQ(c.taker_buy_base_volume, 1756.87402397);
  EXPECT_DOUBLE_EQ(c.taker_buy_quote_volume, 28.46694368);
  EXPECT_TRUE(c.has_exchange_extras);
}

TEST(RestKlines, CommentedDocSampleIsRejectedAsJson) {
  RestResponseParser parser;
  std::vector<core::Candle> rows;
  std::string error;
  EXPECT_FALSE(parser.parse_klines(test::read_binance_sample("doc_rest_klines_response.jsonc"),
                                   std::nullopt, rows, error));
  EXPECT_THAT(error, HasSubstr("invalid JSON"));
}

TEST(RestKlines, NumbersAndStringsAreBothAccepted) {
  RestResponseParser parser;
  std::vector<core::Candle> rows;
  std::string error;
  const std::string body =
      R"([[60000,1.5,"2",1,"1.5",10,119999,"15",3,"5","7.5","0"],)"
      R"(["120000","1.5","2","1","1.5","10","179999","15","3","5","7.5","0"]])";
  ASSERT_TRUE(parser.parse_klines(body, core::Timeframe::k1m, rows, error)) << error;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].open_time.ms, 120000);
  EXPECT_EQ(rows[1].trades, 3);
  EXPECT_DOUBLE_EQ(rows[0].open, 1.5);
  EXPECT_TRUE(parser.parse_klines("[]", core::Timeframe::k1m, rows, error));
}

struct BadRow {
  std::string name;
  std::string row;
  std::string error;
};
class MalformedRestRow : public ::testing::TestWithParam<BadRow> {};

TEST_P(MalformedRestRow, NamesRowAndField) {
  RestResponseParser parser;
  std::vector<core::Candle> rows;
  std::string error;
  const std::string body = "[" + std::string(kRow) + "," + GetParam().row + "]";
  EXPECT_FALSE(parser.parse_klines(body, std::nullopt, rows, error));
  EXPECT_EQ(error, GetParam().error);
  EXPECT_EQ(rows.size(), 1u);  // the good first row stays
}

INSTANTIATE_TEST_SUITE_P(
    Variants, MalformedRestRow,
    ::testing::Values(
        BadRow{"TooFewFields", R"([1,"1","1","1","1"])", "row 2: expected 12 fields, got 5"},
        BadRow{"NotAnArray", R"({"t":1})", "row 2: expected an array, got object"},
        BadRow{"BadPrice", R"([0,"1","x","1","1","1",59999,"1",1,"1","1","0"])",
               "row 2: field 'high' (index 2): expected a decimal string or number, got \"x\""},
        BadRow{"NaNClose", R"([0,"1","1","1","nan","1",59999,"1",1,"1","1","0"])",
               "row 2: field 'close' (index 4): candle rejected: value is NaN or infinite"},
        BadRow{"NegativeOpen", R"([0,"-1","1","1","1","1",59999,"1",1,"1","1","0"])",
               "row 2: field 'open' (index 1): candle rejected: price is zero or negative"},
        BadRow{"LowAboveBody", R"([0,"1","2","1.5","1","1",59999,"1",1,"1","1","0"])",
               "row 2: field 'low' (index 3): candle rejected: low is above min(open, close)"},
        BadRow{"NegativeTrades", R"([0,"1","1","1","1","1",59999,"1",-3,"1","1","0"])",
               "row 2: field 'trades' (index 8): negative"},
        BadRow{"OpenTimeNotInteger", R"([1.5,"1","1","1","1","1",59999,"1",1,"1","1","0"])",
               "row 2: field 'open time' (index 0): expected an integer, got number"}),
    [](const ::testing::TestParamInfo<BadRow>& param) { return param.param.name; });

TEST(RestKlines, CloseTimeMustMatchTheTimeframe) {
  RestResponseParser parser;
  std::vector<core::Candle> rows;
  std::string error;
  EXPECT_FALSE(
      parser.parse_klines("[" + std::string(kRow) + "]", core::Timeframe::k1d, rows, error));
  EXPECT_EQ(error,
            "row 1: field 'close time' (index 6): close time 1499644799999 is not open time + "
            "1d - 1 ms (1499126399999)");
  EXPECT_FALSE(parser.parse_klines("[[1", core::Timeframe::k1d, rows, error));
  EXPECT_THAT(error, HasSubstr("invalid JSON"));
  EXPECT_FALSE(parser.parse_klines(R"({"code":-1121})", core::Timeframe::k1d, rows, error));
  EXPECT_EQ(error, "expected an array of kline rows, got object");
}

TEST(ExchangeInfo, StoredCopyWithIntegersAsStrings) {
  RestResponseParser parser;
  std::vector<SymbolInfo> symbols;
  std::string error;
  ASSERT_TRUE(parser.parse_exchange_info(test::read_binance_sample("exchange_info_symbol.json"),
                                         symbols, error))
      << error;
  ASSERT_EQ(symbols.size(), 2u);
  const SymbolInfo& btc = symbols[0];
  EXPECT_EQ(btc.symbol, "BTCUSDT");
  EXPECT_EQ(btc.status, "TRADING");
  EXPECT_EQ(btc.base_asset, "BTC");
  EXPECT_EQ(btc.quote_asset, "USDT");
  EXPECT_EQ(btc.base_asset_precision, 8);
  EXPECT_EQ(btc.quote_asset_precision, 8);
  EXPECT_TRUE(btc.spot_trading_allowed);
  EXPECT_EQ(btc.tick_size, "0.01000000");
  EXPECT_EQ(btc.step_size, "0.00001000");
  EXPECT_EQ(btc.min_notional, "5.00000000");
  EXPECT_EQ(symbols[1].symbol, "ETHUSDT");
  EXPECT_EQ(symbols[1].tick_size, "0.01000000");
  EXPECT_EQ(symbols[1].step_size, "0.00010000");
}

TEST(ExchangeInfo, LiveFormWithNumbers) {
  RestResponseParser parser;
  std::vector<SymbolInfo> symbols;
  std::string error;
  const std::string body =
      R"({"timezone":"UTC","serverTime":1565246363776,"rateLimits":[],"exchangeFilters":[],)"
      R"("symbols":[{"symbol":"ETHBTC","status":"TRADING","baseAsset":"ETH",)"
      R"("baseAssetPrecision":8,"quoteAsset":"BTC","quotePrecision":8,"quoteAssetPrecision":8,)"
      R"("isSpotTradingAllowed":true,"filters":[{"filterType":"PRICE_FILTER",)"
      R"("minPrice":"0.00000100","maxPrice":"100000.00000000","tickSize":"0.00000100"},)"
      R"({"filterType":"NOTIONAL","minNotional":"10.00000000","applyMinToMarket":false,)"
      R"("maxNotional":"10000.00000000","applyMaxToMarket":false,"avgPriceMins":5}]}]})";
  ASSERT_TRUE(parser.parse_exchange_info(body, symbols, error)) << error;
  ASSERT_EQ(symbols.size(), 1u);
  EXPECT_EQ(symbols[0].base_asset_precision, 8);
  EXPECT_EQ(symbols[0].tick_size, "0.00000100");
  EXPECT_EQ(symbols[0].min_notional, "10.00000000");
  EXPECT_EQ(symbols[0].max_notional, "10000.00000000");
  EXPECT_TRUE(symbols[0].step_size.empty());  // no LOT_SIZE filter
}

TEST(ExchangeInfo, ErrorsNameTheField) {
  RestResponseParser parser;
  std::vector<SymbolInfo> symbols;
  std::string error;
  EXPECT_FALSE(parser.parse_exchange_info(
      R"([{"symbol":"X","status":"TRADING","baseAsset":"A","quoteAsset":"B",)"
      R"("baseAssetPrecision":"eight"}])",
      symbols, error));
  EXPECT_EQ(error,
            "field 'symbols[0].baseAssetPrecision': expected an integer, got string \"eight\"");
  EXPECT_FALSE(parser.parse_exchange_info(
      test::read_binance_sample("doc_exchange_info_response.jsonc"), symbols, error));
  EXPECT_THAT(error, HasSubstr("invalid JSON"));
  EXPECT_FALSE(parser.parse_exchange_info(R"({"timezone":"UTC"})", symbols, error));
  EXPECT_EQ(error, "field 'symbols': missing");
}

TEST(RestError, Payload) {
  RestResponseParser parser;
  RestErrorPayload payload;
  ASSERT_TRUE(parser.parse_error(test::read_binance_sample("error.json"), payload));
  EXPECT_EQ(payload.code, -1121);
  EXPECT_EQ(payload.msg, "Invalid symbol.");
  EXPECT_FALSE(parser.parse_error("<html>", payload));
}

TEST(RestSamples, RateLimitsAndFiltersAreValidJson) {
  // Not parsed by the feed, but kept with the samples: make sure the copies are intact.
  for (const char* name : {"doc_rate_limits.json", "doc_symbol_filters.json"}) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    const std::string text = test::read_binance_sample(name);
    EXPECT_EQ(parser.parse(text).get(root), simdjson::SUCCESS) << name;
  }
}

}  // namespace
}  // namespace alphapulse::feed

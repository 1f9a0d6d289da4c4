// Wire text: the kline event and the REST row must match Binance's samples byte for byte, and
// forming candles must stay consistent with the final one.
#include "exchange_sim/kline_json.hpp"

#include <gtest/gtest.h>

#include "exchange_sim/forming_candle.hpp"

namespace alphapulse::exchange_sim {
namespace {

// shared/protocol/binance/kline_event.json (a live capture), copied exactly.
constexpr std::string_view kLiveKlineEvent =
    R"({"e":"kline","E":1631636735735,"s":"BTCUSDT","k":{"t":1631636700000,"T":1631636999999,"s":"BTCUSDT","i":"5m","f":1054217725,"L":1054218306,"o":"46686.15000000","c":"46673.53000000","h":"46686.15000000","l":"46668.45000000","v":"12.26168000","n":582,"x":false,"q":"572337.21655380","V":"3.29093000","Q":"153606.31592330","B":"0"}})";

core::Candle live_sample_candle() {
  core::Candle c;
  c.open_time = {1631636700000};
  c.close_time = {1631636999999};
  c.open = 46686.15;
  c.close = 46673.53;
  c.high = 46686.15;
  c.low = 46668.45;
  c.volume = 12.26168;
  c.trades = 582;
  c.quote_volume = 572337.2165538;
  c.taker_buy_base_volume = 3.29093;
  c.taker_buy_quote_volume = 153606.3159233;
  c.has_exchange_extras = true;
  return c;
}

TEST(KlineJson, ReproducesTheLiveCaptureExactly) {
  const KlineFields fields{"BTCUSDT", "5m", {1631636735735}, 1054217725, false, false};
  EXPECT_EQ(kline_event_json(live_sample_candle(), fields), kLiveKlineEvent);
  EXPECT_EQ(
      combined_envelope("btcusdt@kline_5m", kLiveKlineEvent),
      std::string(R"({"stream":"btcusdt@kline_5m","data":)") + std::string(kLiveKlineEvent) + "}");
}

TEST(KlineJson, NoTradesMeansTradeIdsMinusOne) {
  core::Candle c = live_sample_candle();
  c.trades = 0;
  const auto text = kline_event_json(c, {"BTCUSDT", "5m", {1}, 77, true, false});
  EXPECT_NE(text.find(R"("f":-1,"L":-1,)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("x":true)"), std::string::npos) << text;
}

TEST(KlineJson, WrongTypesFaultChangesTypesOnly) {
  const auto text = kline_event_json(live_sample_candle(), {"BTCUSDT", "5m", {1}, 1, false, true});
  EXPECT_NE(text.find(R"("t":"1631636700000")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("o":46686.15000000,)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("x":"false")"), std::string::npos) << text;
}

TEST(KlineJson, RestRowMatchesTheDocumentedShape) {
  core::Candle c;
  c.open_time = {1499040000000};
  c.close_time = {1499644799999};
  c.open = 0.0163479;
  c.high = 0.8;
  c.low = 0.015758;
  c.close = 0.015771;
  c.volume = 148976.11427815;
  c.quote_volume = 2434.19055334;
  c.trades = 308;
  c.taker_buy_base_volume = 1756.87402397;
  c.taker_buy_quote_volume = 28.46694368;
  std::string row;
  append_rest_kline_row(row, c);
  EXPECT_EQ(
      row,
      R"([1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499644799999,"2434.19055334",308,"1756.87402397","28.46694368","0"])");
}

TEST(KlineJson, ServerShutdownAndErrors) {
  EXPECT_EQ(server_shutdown_json({1770123456789}, false),
            R"({"e":"serverShutdown","E":1770123456789})");
  EXPECT_EQ(server_shutdown_json({1770123456789}, true),
            R"({"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1770123456789}})");
  EXPECT_EQ(error_json(-1121, "Invalid symbol."), R"({"code":-1121,"msg":"Invalid symbol."})");
}

TEST(FormingCandle, GrowsMonotonicallyTowardTheFinalCandle) {
  for (const bool bullish : {true, false}) {
    core::Candle final_candle = live_sample_candle();
    final_candle.open = bullish ? 100.0 : 110.0;
    final_candle.close = bullish ? 110.0 : 100.0;
    final_candle.high = 115.0;
    final_candle.low = 95.0;
    final_candle.volume = 40.0;
    final_candle.trades = 10;
    const core::Candle start = forming_candle(final_candle, 0.0);
    EXPECT_EQ(start.high, final_candle.open);
    EXPECT_EQ(start.low, final_candle.open);
    EXPECT_EQ(start.volume, 0.0);
    core::Candle previous = start;
    for (int step = 1; step <= 100; ++step) {
      const core::Candle now = forming_candle(final_candle, step / 100.0);
      EXPECT_LE(now.high, final_candle.high);
      EXPECT_GE(now.low, final_candle.low);
      EXPECT_GE(now.high, previous.high);
      EXPECT_LE(now.low, previous.low);
      EXPECT_GE(now.volume, previous.volume);
      EXPECT_GE(now.trades, previous.trades);
      EXPECT_GE(now.close, now.low);
      EXPECT_LE(now.close, now.high);
      EXPECT_EQ(now.open, final_candle.open);
      previous = now;
    }
    const core::Candle end = forming_candle(final_candle, 1.0);
    EXPECT_EQ(end.close, final_candle.close);
    EXPECT_EQ(end.high, final_candle.high);
    EXPECT_EQ(end.low, final_candle.low);
    EXPECT_EQ(end.volume, final_candle.volume);
  }
}

}  // namespace
}  // namespace alphapulse::exchange_sim

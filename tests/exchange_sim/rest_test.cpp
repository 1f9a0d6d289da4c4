// REST endpoints against a live simulator on an ephemeral port: klines pagination and clock
// cut-off, Binance field types, errors, exchangeInfo, ping and time.
#include <gtest/gtest.h>

#include <deque>

#include "exchange_sim/kline_json.hpp"
#include "sim_test_support.hpp"

namespace alphapulse::exchange_sim::test {
namespace {

constexpr std::int64_t k15m = 15 * 60 * 1000;

class RestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    btc_ = dir_.write("BTCUSDT_15m", make_candles(700, k15m, 1, 30000.0));
    dir_.write("ETHUSDT_15m", make_candles(700, k15m, 2, 2000.0));
    SimulatorConfig config;
    config.data_dir = dir_.path();
    config.max_speed = true;  // no client reads WS here, so the clock stays at its start
    config.start_index = 500;
    sim_ = std::make_unique<ExchangeSimulator>(config);
    port_ = sim_->start();
  }

  simdjson::dom::element get_json(const std::string& target, unsigned expected_status = 200) {
    const auto result = http_get(port_, target);
    EXPECT_EQ(result.status, expected_status) << target << ": " << result.body;
    bodies_.push_back(result.body);
    simdjson::dom::element doc;
    EXPECT_EQ(parser_.emplace_back().parse(bodies_.back()).get(doc), simdjson::SUCCESS)
        << result.body;
    return doc;
  }

  TempDataDir dir_;
  std::vector<core::Candle> btc_;
  std::unique_ptr<ExchangeSimulator> sim_;
  std::uint16_t port_ = 0;
  std::deque<std::string> bodies_;
  std::deque<simdjson::dom::parser> parser_;
};

TEST_F(RestTest, KlinesRowsHaveBinanceTypesAndStopAtTheClock) {
  const auto rows = get_json("/api/v3/klines?symbol=BTCUSDT&interval=15m").get_array().value();
  // Default limit 500; the clock is at the open of candle 500, which is the still-forming last row.
  ASSERT_EQ(rows.size(), 500u);
  std::size_t index = 1;
  for (const auto row : rows) {
    const auto fields = row.get_array().value();
    ASSERT_EQ(fields.size(), 12u);
    const auto& c = btc_[index];
    EXPECT_EQ(fields.at(0).get_int64().value(), c.open_time.ms);
    EXPECT_EQ(fields.at(6).get_int64().value(), c.open_time.ms + k15m - 1);
    EXPECT_TRUE(fields.at(8).is_int64());
    for (const std::size_t string_field : {1, 2, 3, 4, 5, 7, 9, 10, 11}) {
      EXPECT_TRUE(fields.at(string_field).is_string()) << string_field;
    }
    if (index < 500) {
      EXPECT_EQ(fields.at(1).get_string().value(), decimal8(c.open));
      EXPECT_EQ(fields.at(2).get_string().value(), decimal8(c.high));
      EXPECT_EQ(fields.at(3).get_string().value(), decimal8(c.low));
      EXPECT_EQ(fields.at(4).get_string().value(), decimal8(c.close));
      EXPECT_EQ(fields.at(5).get_string().value(), decimal8(c.volume));
    } else {  // forming at 0 % of its interval: only the open has happened
      EXPECT_EQ(fields.at(2).get_string().value(), decimal8(c.open));
      EXPECT_EQ(fields.at(3).get_string().value(), decimal8(c.open));
      EXPECT_EQ(fields.at(4).get_string().value(), decimal8(c.open));
      EXPECT_EQ(fields.at(5).get_string().value(), "0.00000000");
    }
    EXPECT_EQ(fields.at(11).get_string().value(), "0");
    ++index;
  }
}

TEST_F(RestTest, PaginatesWithStartTimeAndLimitUpToTheClock) {
  std::vector<std::int64_t> open_times;
  std::int64_t start = btc_.front().open_time.ms;
  for (int page = 0; page < 10; ++page) {
    const auto rows = get_json("/api/v3/klines?symbol=BTCUSDT&interval=15m&limit=200&startTime=" +
                               std::to_string(start))
                          .get_array()
                          .value();
    if (rows.size() == 0) break;
    for (const auto row : rows) open_times.push_back(row.at(0).get_int64().value());
    start = open_times.back() + k15m;
  }
  ASSERT_EQ(open_times.size(), 501u);  // candles 0..500: every open time <= the clock
  for (std::size_t i = 0; i < open_times.size(); ++i)
    EXPECT_EQ(open_times[i], btc_[i].open_time.ms);

  const auto window = get_json("/api/v3/klines?symbol=BTCUSDT&interval=15m&startTime=" +
                               std::to_string(btc_[10].open_time.ms) +
                               "&endTime=" + std::to_string(btc_[14].open_time.ms))
                          .get_array()
                          .value();
  EXPECT_EQ(window.size(), 5u);
  const auto newest = get_json("/api/v3/klines?symbol=BTCUSDT&interval=15m&limit=3&endTime=" +
                               std::to_string(btc_[100].open_time.ms))
                          .get_array()
                          .value();
  ASSERT_EQ(newest.size(), 3u);
  EXPECT_EQ(newest.at(2).at(0).get_int64().value(), btc_[100].open_time.ms);
  const auto future = get_json("/api/v3/klines?symbol=BTCUSDT&interval=15m&startTime=" +
                               std::to_string(btc_[600].open_time.ms))
                          .get_array()
                          .value();
  EXPECT_EQ(future.size(), 0u);
  const auto capped = get_json("/api/v3/klines?symbol=BTCUSDT&interval=15m&limit=5000&startTime=0")
                          .get_array()
                          .value();
  EXPECT_EQ(capped.size(), 501u);
}

TEST_F(RestTest, ErrorsAreBinanceShaped) {
  auto doc = get_json("/api/v3/klines?symbol=XYZUSDT&interval=15m", 400);
  EXPECT_EQ(doc["code"].get_int64().value(), -1121);
  EXPECT_EQ(doc["msg"].get_string().value(), "Invalid symbol.");
  doc = get_json("/api/v3/klines?symbol=BTCUSDT&interval=7m", 400);
  EXPECT_EQ(doc["code"].get_int64().value(), -1120);
  EXPECT_EQ(doc["msg"].get_string().value(), "Invalid interval.");
  doc = get_json("/api/v3/klines?interval=15m", 400);
  EXPECT_EQ(doc["code"].get_int64().value(), -1102);
  doc = get_json("/api/v3/klines?symbol=BTCUSDT&interval=15m&limit=abc", 400);
  EXPECT_EQ(doc["code"].get_int64().value(), -1100);
  doc = get_json("/api/v3/klines?symbol=BTCUSDT&interval=15m&startTime=5&endTime=4", 400);
  EXPECT_EQ(doc["code"].get_int64().value(), -1023);
  get_json("/api/v3/nothing", 404);
}

TEST_F(RestTest, ExchangeInfoPingAndTime) {
  auto info = get_json("/api/v3/exchangeInfo");
  EXPECT_EQ(info["timezone"].get_string().value(), "UTC");
  std::vector<std::string> symbols;
  const simdjson::dom::array symbol_list = info["symbols"].get_array().value();
  for (const auto symbol : symbol_list) {
    symbols.emplace_back(symbol["symbol"].get_string().value());
    EXPECT_EQ(symbol["status"].get_string().value(), "TRADING");
    EXPECT_EQ(symbol["quoteAsset"].get_string().value(), "USDT");
    EXPECT_EQ(symbol["baseAssetPrecision"].get_int64().value(), 8);
    EXPECT_GT(symbol["filters"].get_array().value().size(), 0u);
  }
  EXPECT_EQ(symbols, (std::vector<std::string>{"BTCUSDT", "ETHUSDT"}));
  EXPECT_EQ(get_json("/api/v3/exchangeInfo?symbol=ETHUSDT")["symbols"].get_array().value().size(),
            1u);
  EXPECT_EQ(get_json("/api/v3/ping").get_object().value().size(), 0u);
  EXPECT_EQ(get_json("/api/v3/time")["serverTime"].get_int64().value(), btc_[500].open_time.ms);
  EXPECT_EQ(sim_->stats().http_requests, 4u);
}

}  // namespace
}  // namespace alphapulse::exchange_sim::test

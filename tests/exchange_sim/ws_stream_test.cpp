// WebSocket kline streams at max speed: every candle closes exactly once, in order, with the
// file's exact values, after consistent forming updates; envelopes, keys, control messages and
// serverShutdown as Binance sends them.
#include <gtest/gtest.h>

#include <map>

#include "exchange_sim/forming_candle.hpp"
#include "exchange_sim/kline_json.hpp"
#include "sim_test_support.hpp"

namespace alphapulse::exchange_sim::test {
namespace {

constexpr std::int64_t k15m = 15 * 60 * 1000;
constexpr std::int64_t k1h = 60 * 60 * 1000;

std::vector<std::string> keys_of(simdjson::dom::object object) {
  std::vector<std::string> keys;
  for (const auto field : object) keys.emplace_back(field.key);
  return keys;
}

class WsStreamTest : public ::testing::Test {
 protected:
  void start(bool max_speed, std::size_t start_index = 100) {
    btc_ = dir_.write("BTCUSDT_15m", make_candles(500, k15m, 1, 30000.0));
    eth_ = dir_.write("ETHUSDT_1h", make_candles(200, k1h, 2, 2000.0));
    SimulatorConfig config;
    config.data_dir = dir_.path();
    config.max_speed = max_speed;
    config.start_index = start_index;
    config.shutdown_grace_ms = 200;
    sim_ = std::make_unique<ExchangeSimulator>(config);
    port_ = sim_->start();
  }

  TempDataDir dir_;
  std::vector<core::Candle> btc_, eth_;
  std::unique_ptr<ExchangeSimulator> sim_;
  std::uint16_t port_ = 0;
};

TEST_F(WsStreamTest, CombinedStreamDeliversEveryCandleClosedOnceInOrderAfterConsistentUpdates) {
  start(true);
  // Clock start: max(open of btc[100], open of eth[100]) = eth[100] = btc[400].
  const std::int64_t clock_start = eth_[100].open_time.ms;
  ASSERT_EQ(btc_[400].open_time.ms, clock_start);
  WsClient client(port_, "/stream?streams=btcusdt@kline_15m/ethusdt@kline_1h");

  struct Expectation {
    const std::vector<core::Candle>* candles;
    std::size_t next_closed;
    int forming_seen = 0;
    std::string last_volume = "0.00000000";
  };
  std::map<std::string, Expectation> streams{{"btcusdt@kline_15m", {&btc_, 400}},
                                             {"ethusdt@kline_1h", {&eth_, 100}}};
  const std::size_t expected_messages = (100 + 100) * 4;
  std::int64_t last_event_time = 0;
  std::size_t messages = 0;
  while (messages < expected_messages) {
    const auto text = client.read();
    ASSERT_TRUE(text) << "after " << messages << " messages: " << client.error().message();
    ++messages;
    const auto kline = parse_kline(*text);
    ASSERT_TRUE(kline) << *text;
    ASSERT_TRUE(streams.count(kline->stream)) << kline->stream;
    auto& expect = streams.at(kline->stream);
    const auto& candle = (*expect.candles)[expect.next_closed];
    const std::int64_t step = kline->interval == "15m" ? k15m : k1h;
    EXPECT_GE(kline->event_time, last_event_time) << "streams interleave in time order";
    last_event_time = kline->event_time;
    ASSERT_EQ(kline->open_time, candle.open_time.ms) << *text;
    EXPECT_EQ(kline->close_time, candle.open_time.ms + step - 1);
    EXPECT_EQ(kline->o, decimal8(candle.open));
    if (kline->closed) {
      EXPECT_EQ(expect.forming_seen, 3) << "forming updates precede the closed one";
      EXPECT_EQ(kline->event_time, candle.open_time.ms + step);
      EXPECT_EQ(kline->h, decimal8(candle.high));
      EXPECT_EQ(kline->l, decimal8(candle.low));
      EXPECT_EQ(kline->c, decimal8(candle.close));
      EXPECT_EQ(kline->v, decimal8(candle.volume));
      ++expect.next_closed;
      expect.forming_seen = 0;
      expect.last_volume = "0.00000000";
    } else {
      ++expect.forming_seen;
      EXPECT_EQ(kline->event_time, candle.open_time.ms + step * expect.forming_seen / 4);
      EXPECT_LE(std::stod(kline->h), candle.high);
      EXPECT_GE(std::stod(kline->l), candle.low);
      EXPECT_GE(std::stod(kline->v), std::stod(expect.last_volume));
      EXPECT_LE(std::stod(kline->v), candle.volume);
      const auto partial = forming_candle(candle, expect.forming_seen / 4.0);
      EXPECT_EQ(kline->c, decimal8(partial.close));
      expect.last_volume = kline->v;
    }
  }
  EXPECT_EQ(streams.at("btcusdt@kline_15m").next_closed, btc_.size());
  EXPECT_EQ(streams.at("ethusdt@kline_1h").next_closed, eth_.size());
  EXPECT_TRUE(eventually([&] { return sim_->exhausted(); }));
  const auto stats = sim_->stats();
  EXPECT_EQ(stats.klines_closed, 200u);
  EXPECT_EQ(stats.klines_forming, 600u);
  EXPECT_EQ(stats.sim_time_ms, eth_.back().open_time.ms + k1h);  // the stream that ends last
  // Nothing more: the file is exhausted.
  EXPECT_FALSE(client.read(std::chrono::milliseconds(100)));
}

TEST_F(WsStreamTest, PayloadKeysAreExactlyThoseOfTheBinanceSample) {
  start(true);
  WsClient combined(port_, "/stream?streams=btcusdt@kline_15m");
  const auto text = combined.read();
  ASSERT_TRUE(text);
  simdjson::dom::parser parser;
  const auto doc = parser.parse(*text).value();
  EXPECT_EQ(keys_of(doc.get_object().value()), (std::vector<std::string>{"stream", "data"}));
  EXPECT_EQ(keys_of(doc["data"].get_object().value()),
            (std::vector<std::string>{"e", "E", "s", "k"}));
  EXPECT_EQ(keys_of(doc["data"]["k"].get_object().value()),
            (std::vector<std::string>{"t", "T", "s", "i", "f", "L", "o", "c", "h", "l", "v", "n",
                                      "x", "q", "V", "Q", "B"}));
  EXPECT_EQ(doc["data"]["s"].get_string().value(), "BTCUSDT");

  WsClient raw(port_, "/ws/ethusdt@kline_1h");
  const auto raw_text = raw.read();
  ASSERT_TRUE(raw_text);
  simdjson::dom::parser raw_parser;
  const auto raw_doc = raw_parser.parse(*raw_text).value();
  EXPECT_EQ(keys_of(raw_doc.get_object().value()), (std::vector<std::string>{"e", "E", "s", "k"}));
  EXPECT_EQ(raw_doc["k"]["i"].get_string().value(), "1h");
}

TEST_F(WsStreamTest, SubscribeListAndUnsubscribe) {
  start(false);  // real time: 15m candles send nothing for minutes, so only replies arrive
  WsClient client(port_, "/ws");
  client.send(R"({"method":"SUBSCRIBE","params":["btcusdt@kline_15m","ethusdt@kline_1h"],"id":1})");
  EXPECT_EQ(client.read(), R"({"result":null,"id":1})");
  client.send(R"({"method":"LIST_SUBSCRIPTIONS","id":"abc"})");
  EXPECT_EQ(client.read(), R"({"result":["btcusdt@kline_15m","ethusdt@kline_1h"],"id":"abc"})");
  client.send(R"({"method":"UNSUBSCRIBE","params":["btcusdt@kline_15m"],"id":3})");
  EXPECT_EQ(client.read(), R"({"result":null,"id":3})");
  client.send(R"({"method":"LIST_SUBSCRIPTIONS","id":4})");
  EXPECT_EQ(client.read(), R"({"result":["ethusdt@kline_1h"],"id":4})");
  client.send(R"({"method":"SUBSCRIBE","params":["dogeusdt@kline_1m"],"id":5})");
  const auto error = client.read();
  ASSERT_TRUE(error);
  EXPECT_NE(error->find(R"("code":2)"), std::string::npos) << *error;
  EXPECT_NE(error->find(R"("id":5)"), std::string::npos) << *error;
  client.send("not json");
  const auto invalid = client.read();
  ASSERT_TRUE(invalid);
  EXPECT_NE(invalid->find(R"("code":3)"), std::string::npos) << *invalid;
}

TEST_F(WsStreamTest, SubscribeAtMaxSpeedStartsStreaming) {
  start(true);
  WsClient client(port_, "/ws");
  client.send(R"({"method":"SUBSCRIBE","params":["ethusdt@kline_1h"],"id":7})");
  EXPECT_EQ(client.read(), R"({"result":null,"id":7})");
  const auto first = client.read();
  ASSERT_TRUE(first);
  const auto kline = parse_kline(*first);
  ASSERT_TRUE(kline) << *first;
  EXPECT_EQ(kline->open_time, eth_[100].open_time.ms);
  EXPECT_TRUE(kline->stream.empty());
}

TEST_F(WsStreamTest, ServerShutdownIsSentOnDemandAndTheConnectionClosed) {
  start(false);
  WsClient combined(port_, "/stream?streams=btcusdt@kline_15m");
  WsClient raw(port_, "/ws/btcusdt@kline_15m");
  ASSERT_TRUE(eventually([&] { return sim_->stats().ws_open == 2; }));
  sim_->send_server_shutdown();
  const auto combined_text = combined.read();
  ASSERT_TRUE(combined_text);
  EXPECT_EQ(
      combined_text->rfind(R"({"stream":"!serverShutdown","data":{"e":"serverShutdown","E":)", 0),
      0u)
      << *combined_text;
  const auto raw_text = raw.read();
  ASSERT_TRUE(raw_text);
  EXPECT_EQ(raw_text->rfind(R"({"e":"serverShutdown","E":)", 0), 0u) << *raw_text;
  EXPECT_FALSE(combined.read());  // closed after the grace period
  EXPECT_FALSE(combined.timed_out());
  EXPECT_EQ(sim_->stats().server_shutdowns, 2u);
}

TEST_F(WsStreamTest, UnknownStreamOrPathIsRefused) {
  start(true);
  EXPECT_THROW(WsClient(port_, "/ws/dogeusdt@kline_1m"), boost::system::system_error);
  EXPECT_THROW(WsClient(port_, "/elsewhere"), boost::system::system_error);
}

}  // namespace
}  // namespace alphapulse::exchange_sim::test

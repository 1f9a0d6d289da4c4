// Ping/pong: the server pings on its interval, a ponging client stays connected, a silent one
// is disconnected after the pong timeout. Short intervals keep the test fast.
#include <gtest/gtest.h>

#include "sim_test_support.hpp"

namespace alphapulse::exchange_sim::test {
namespace {

class KeepaliveTest : public ::testing::Test {
 protected:
  std::uint16_t start() {
    dir_.write("BTCUSDT_15m", make_candles(300, 15 * 60 * 1000, 5, 30000.0));
    SimulatorConfig config;
    config.data_dir = dir_.path();
    config.speed = 1.0;  // real time: no kline for minutes, only pings
    config.start_index = 100;
    config.ping_interval_ms = 50;
    config.pong_timeout_ms = 400;
    sim_ = std::make_unique<ExchangeSimulator>(config);
    return sim_->start();
  }
  TempDataDir dir_;
  std::unique_ptr<ExchangeSimulator> sim_;
};

TEST_F(KeepaliveTest, PingsAreSentAndAPongingClientStaysConnected) {
  const auto port = start();
  WsClient client(port, "/ws/btcusdt@kline_15m");
  // A pending read answers every ping with a pong (Beast does it automatically).
  EXPECT_FALSE(client.read(std::chrono::milliseconds(800)));
  EXPECT_TRUE(client.timed_out()) << client.error().message();
  EXPECT_GE(client.pings(), 5);
  const auto stats = sim_->stats();
  EXPECT_GE(stats.pings_sent, 5u);
  EXPECT_GE(stats.pongs_received, 4u);
  EXPECT_EQ(stats.pong_timeouts, 0u);
  EXPECT_EQ(stats.ws_open, 1u);
}

TEST_F(KeepaliveTest, AClientThatNeverPongsIsDisconnected) {
  const auto port = start();
  WsClient client(port, "/ws/btcusdt@kline_15m");  // never reads, so never pongs
  EXPECT_TRUE(eventually([&] { return sim_->stats().pong_timeouts == 1; }));
  EXPECT_FALSE(client.read());
  EXPECT_FALSE(client.timed_out());
  EXPECT_TRUE(eventually([&] { return sim_->stats().ws_open == 0; }));
}

}  // namespace
}  // namespace alphapulse::exchange_sim::test

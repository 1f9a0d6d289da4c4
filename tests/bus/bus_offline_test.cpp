// tests/bus/bus_offline_test: what the bus does without a server: the regime change
// payload, key names, and the errors a connection reports when nothing listens.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bus/bus_keys.hpp"
#include "bus/redis_connection.hpp"
#include "bus/signal_publisher.hpp"
#include "bus/stream_cache.hpp"
#include "bus_test_support.hpp"

namespace alphapulse::bus {
namespace {

// A loopback port nothing listens on: bound then released by this process.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST(BusKeys, NamesStreamsAndKeysAsDocumented) {
  BusKeys keys;
  const std::string name = stream_name(core::Symbol("BTCUSDT"), core::Timeframe::k15m);
  EXPECT_EQ(name, "BTCUSDT_15m");
  EXPECT_EQ(keys.signal_stream(), "alphapulse:signals");
  EXPECT_EQ(keys.signal_channel(name), "alphapulse:signals:BTCUSDT_15m");
  EXPECT_EQ(keys.signal_dedup("abc"), "alphapulse:published:abc");
  EXPECT_EQ(keys.regime(name), "alphapulse:regime:BTCUSDT_15m");
  EXPECT_EQ(keys.indicators(name), "alphapulse:indicators:BTCUSDT_15m");
  EXPECT_EQ(keys.regime_change_dedup(name, 42),
            "alphapulse:published:regime_change:BTCUSDT_15m:42");
}

TEST(RegimeChangeJson, WritesEveryFieldInOrder) {
  RegimeChangeEvent e;
  e.symbol.assign("ETHUSDT");
  e.timeframe = core::Timeframe::k1h;
  e.change.time = core::TimestampMs{1'709'294'400'000};  // 2024-03-01T12:00:00Z
  e.change.regime_type = core::MarketRegime::kVolatileBreakout;
  e.change.confidence = 0.5;
  e.change.duration_candles = 7;
  e.change.metrics.trend_t_statistic = 1.25;
  EXPECT_EQ(
      regime_change_json(e),
      "{\"symbol\":\"ETHUSDT\",\"timeframe\":\"1h\",\"time\":\"2024-03-01T13:00:00.000Z\","
      "\"candle_open_time_ms\":1709294400000,\"regime\":\"volatile_breakout\",\"confidence\":0.5,"
      "\"previous_duration_candles\":7,\"metrics\":{\"trend_t_statistic\":1.25,\"efficiency_"
      "ratio\":0,"
      "\"volatility_ratio\":0,\"volume_ratio\":0,\"return_autocorrelation\":0,\"range_ratio\":0}}");
}

TEST(RedisConnection, RefusedConnectionIsTransientAndNamesHostNotPassword) {
  const int port = closed_port();
  auto connection = RedisConnection::from_url(
      "redis://user:pw-not-shown@127.0.0.1:" + std::to_string(port) + "/0");
  ASSERT_TRUE(connection.ok()) << connection.error().message;
  const auto reply = connection->command({"PING"});
  ASSERT_FALSE(reply.ok());
  EXPECT_TRUE(reply.error().transient());
  EXPECT_NE(reply.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << reply.error().message;
  EXPECT_EQ(reply.error().message.find("pw-not-shown"), std::string::npos) << reply.error().message;
  EXPECT_FALSE(connection->connected());
}

TEST(SignalPublisher, FailsTransientlyWithoutAServerAndPublishesNothing) {
  auto connection = RedisConnection::from_url("redis://127.0.0.1:" + std::to_string(closed_port()));
  ASSERT_TRUE(connection.ok());
  SignalPublisher publisher(*connection);
  const auto signals = test::make_signals(3);
  const auto result = publisher.publish(signals);
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.error().transient());
  StreamCache cache(*connection);
  const auto snapshot =
      test::make_snapshot("BTCUSDT", core::Timeframe::k15m, core::MarketRegime::kChoppy);
  const Status put = cache.put(std::span(&snapshot, 1));
  ASSERT_FALSE(put.ok());
  EXPECT_TRUE(put.error().transient());
}

TEST(SignalPublisher, EmptyBatchNeedsNoServer) {
  auto connection = RedisConnection::from_url("redis://127.0.0.1:" + std::to_string(closed_port()));
  ASSERT_TRUE(connection.ok());
  SignalPublisher publisher(*connection);
  const auto result = publisher.publish({});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, 0u);
}

}  // namespace
}  // namespace alphapulse::bus

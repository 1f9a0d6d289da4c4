// tests/bus/redis_publisher_test: SignalPublisher against the private redis-server: the
// stream and channel contents, exactly-once under every kind of retry (same batch again,
// connection killed, timeout whose commands still ran, server restarted), and capping.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "bus/signal_publisher.hpp"
#include "bus_test_support.hpp"
#include "evaluation/signal_jsonl.hpp"

namespace alphapulse::bus {
namespace {

using test::make_signal;
using test::make_signals;

RedisConnection connect_or_fail(const std::string& url, RedisConnectionOptions options = {}) {
  auto connection = RedisConnection::from_url(url, options);
  EXPECT_TRUE(connection.ok()) << (connection.ok() ? "" : connection.error().message);
  return std::move(*connection);
}

// Field `name` of an XRANGE entry ([id, [f1, v1, f2, v2, ...]]).
std::string field(const RedisReply& entry, std::string_view name) {
  const auto& fields = entry.elements.at(1).elements;
  for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
    if (fields[i].text == name) return fields[i + 1].text;
  }
  return "<missing " + std::string(name) + ">";
}

class RedisPublisher : public ::testing::Test {
 protected:
  void TearDown() override { test::delete_keys_under(url_, options_.prefix); }

  void SetUp() override {
    url_ = test::redis_test_url();
    ASSERT_FALSE(url_.empty());
    options_.prefix = test::unique_prefix();
  }

  std::vector<RedisReply> read_stream(RedisConnection& c, const std::string& stream) {
    auto entries = c.command({"XRANGE", stream, "-", "+"});
    EXPECT_TRUE(entries.ok()) << entries.error().message;
    return entries.ok() ? entries->elements : std::vector<RedisReply>{};
  }

  std::vector<std::string> stream_signal_ids(RedisConnection& c) {
    std::vector<std::string> ids;
    for (const auto& entry : read_stream(c, BusKeys{options_.prefix}.signal_stream())) {
      ids.push_back(field(entry, "signal_id"));
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  static std::vector<std::string> ids_of(const std::vector<core::Signal>& signals) {
    std::vector<std::string> ids;
    for (const auto& s : signals) ids.push_back(s.signal_id.str());
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::string url_;
  PublisherOptions options_;
};

TEST_F(RedisPublisher, RoundTripThroughStreamAndChannels) {
  RedisConnection publisher_connection = connect_or_fail(url_);
  RedisConnection subscriber = connect_or_fail(url_);
  RedisConnection reader = connect_or_fail(url_);
  SignalPublisher publisher(publisher_connection, options_);
  const BusKeys& keys = publisher.keys();
  const std::string all = keys.signal_channel();
  const std::string btc = keys.signal_channel("BTCUSDT_15m");

  auto subscribed = subscriber.command({"SUBSCRIBE", all, btc});
  ASSERT_TRUE(subscribed.ok()) << subscribed.error().message;
  auto second_confirmation = subscriber.read_reply();  // one confirmation per channel
  ASSERT_TRUE(second_confirmation.ok()) << second_confirmation.error().message;

  const std::vector<core::Signal> signals = {make_signal(1), make_signal(2),
                                             make_signal(3, "ETHUSDT")};
  const auto published = publisher.publish(signals);
  ASSERT_TRUE(published.ok()) << published.error().message;
  EXPECT_EQ(*published, 3u);

  const auto entries = read_stream(reader, keys.signal_stream());
  ASSERT_EQ(entries.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(field(entries[i], "signal_id"), signals[i].signal_id.view());
    EXPECT_EQ(field(entries[i], "symbol"), signals[i].symbol.view());
    EXPECT_EQ(field(entries[i], "timeframe"), "15m");
    const std::string json = field(entries[i], "json");
    EXPECT_EQ(json, evaluation::to_jsonl(signals[i]));
    const auto parsed = evaluation::parse_signal_jsonl(json);
    ASSERT_TRUE(parsed.has_value()) << json;
    EXPECT_EQ(parsed->signal_id, signals[i].signal_id);
    EXPECT_EQ(parsed->entry_price, signals[i].entry_price);
    EXPECT_EQ(parsed->take_profits, signals[i].take_profits);
  }

  // Each signal on the all-signals channel, the BTC ones also on BTCUSDT_15m, in order.
  const std::vector<std::pair<std::string, std::size_t>> expected = {
      {all, 0}, {btc, 0}, {all, 1}, {btc, 1}, {all, 2}};
  for (const auto& [channel, index] : expected) {
    auto message = subscriber.read_reply();
    ASSERT_TRUE(message.ok()) << message.error().message;
    ASSERT_EQ(message->elements.size(), 3u);
    EXPECT_EQ(message->elements[0].text, "message");
    EXPECT_EQ(message->elements[1].text, channel);
    EXPECT_EQ(message->elements[2].text, evaluation::to_jsonl(signals[index]));
  }
}

TEST_F(RedisPublisher, SameBatchTwicePublishesOnce) {
  RedisConnection connection = connect_or_fail(url_);
  SignalPublisher publisher(connection, options_);
  const auto signals = make_signals(10);
  const auto first = publisher.publish(signals);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, 10u);
  const auto second = publisher.publish(signals);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(*second, 0u);
  EXPECT_EQ(stream_signal_ids(connection), ids_of(signals));
  const auto ttl =
      connection.command({"PTTL", publisher.keys().signal_dedup(signals[0].signal_id.view())});
  ASSERT_TRUE(ttl.ok());
  EXPECT_GT(ttl->integer, 0);
  EXPECT_LE(ttl->integer, options_.dedup_ttl.count);
}

TEST_F(RedisPublisher, RetryAfterTheConnectionIsKilledPublishesEachSignalOnce) {
  RedisConnection connection = connect_or_fail(url_);
  RedisConnection admin = connect_or_fail(url_);
  SignalPublisher publisher(connection, options_);
  const auto signals = make_signals(10);

  // The first half "went through" before the connection died.
  const auto half = publisher.publish(std::span(signals).first(5));
  ASSERT_TRUE(half.ok()) << half.error().message;
  const auto client_id = connection.command({"CLIENT", "ID"});
  ASSERT_TRUE(client_id.ok());
  const auto killed = admin.command({"CLIENT", "KILL", "ID", std::to_string(client_id->integer)});
  ASSERT_TRUE(killed.ok()) << killed.error().message;
  ASSERT_EQ(killed->integer, 1);

  const auto broken = publisher.publish(signals);
  ASSERT_FALSE(broken.ok());
  EXPECT_TRUE(broken.error().transient()) << broken.error().message;

  const auto retried = publisher.publish(signals);
  ASSERT_TRUE(retried.ok()) << retried.error().message;
  EXPECT_EQ(*retried, 5u);
  EXPECT_EQ(stream_signal_ids(admin), ids_of(signals));
}

// The case exactly-once exists for: the client gives up waiting (timeout) while the server
// still runs the commands it had received. A script on another connection keeps the server
// busy for longer than the publisher's timeout; the publisher's batch is queued behind it.
TEST_F(RedisPublisher, RetryAfterATimeoutWhoseCommandsRanPublishesEachSignalOnce) {
  RedisConnection connection =
      connect_or_fail(url_, {.connect_timeout{2000}, .command_timeout{200}});
  RedisConnection busy = connect_or_fail(url_, {.connect_timeout{2000}, .command_timeout{20000}});
  SignalPublisher publisher(connection, options_);
  const auto signals = make_signals(20);
  ASSERT_TRUE(publisher.publish(std::span(signals).first(1)).ok());  // connected, script loaded

  std::thread blocker([&busy] {
    const auto r =
        busy.command({"EVAL",
                      "local t0 = redis.call('TIME') local start = t0[1] * 1000000 + t0[2] "
                      "while true do local t = redis.call('TIME') "
                      "if t[1] * 1000000 + t[2] - start > tonumber(ARGV[1]) then break end end "
                      "return 1",
                      "0", "2000000"});
    EXPECT_TRUE(r.ok()) << r.error().message;
  });
  // Wait until the server is observably busy: a PING with a short timeout goes unanswered.
  RedisConnection probe = connect_or_fail(url_, {.connect_timeout{2000}, .command_timeout{100}});
  ASSERT_TRUE(probe.connect().ok());
  for (int attempt = 0; attempt < 200; ++attempt) {
    if (!probe.command({"PING"}).ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  const auto timed_out = publisher.publish(signals);
  blocker.join();
  ASSERT_FALSE(timed_out.ok()) << "the publisher was expected to time out behind the busy script";
  EXPECT_TRUE(timed_out.error().transient()) << timed_out.error().message;
  EXPECT_NE(timed_out.error().message.find("timed out"), std::string::npos)
      << timed_out.error().message;

  // The server ran the timed-out batch once the script let go: the scenario really is
  // "the client saw a failure, the work was done".
  RedisConnection reader = connect_or_fail(url_);
  EXPECT_EQ(stream_signal_ids(reader), ids_of(signals));

  const auto retried = publisher.publish(signals);
  ASSERT_TRUE(retried.ok()) << retried.error().message;
  EXPECT_EQ(*retried, 0u);
  const auto again = publisher.publish(signals);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, 0u);
  EXPECT_EQ(stream_signal_ids(reader), ids_of(signals));
}

TEST_F(RedisPublisher, RetryAcrossAServerRestartPublishesEachSignalOnce) {
  RedisConnection connection = connect_or_fail(url_);
  SignalPublisher publisher(connection, options_);
  const auto signals = make_signals(10);
  ASSERT_TRUE(publisher.publish(std::span(signals).first(5)).ok());

  ASSERT_EQ(test::run_redis_script("stop"), 0);
  const auto down = publisher.publish(signals);
  ASSERT_FALSE(down.ok());
  EXPECT_TRUE(down.error().transient()) << down.error().message;
  const std::string where = connection.where();
  EXPECT_NE(down.error().message.find(where), std::string::npos) << down.error().message;
  ASSERT_EQ(test::run_redis_script("start"), 0);

  // The restarted server has forgotten the cached script: EVALSHA -> NOSCRIPT -> EVAL.
  const auto retried = publisher.publish(signals);
  ASSERT_TRUE(retried.ok()) << retried.error().message;
  EXPECT_EQ(*retried, 5u);
  EXPECT_EQ(stream_signal_ids(connection), ids_of(signals));
}

TEST_F(RedisPublisher, StreamIsCappedKeepingTheNewestEntries) {
  RedisConnection connection = connect_or_fail(url_);
  options_.signal_stream_max_length = 100;
  SignalPublisher publisher(connection, options_);
  std::vector<core::Signal> last_batch;
  for (int batch = 0; batch < 10; ++batch) {
    last_batch = make_signals(100, batch * 100);
    const auto r = publisher.publish(last_batch);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(*r, 100u);
  }
  const auto length = connection.command({"XLEN", publisher.keys().signal_stream()});
  ASSERT_TRUE(length.ok());
  // MAXLEN ~ trims whole stream nodes (stream-node-max-entries, 100 by default): at least
  // the cap is kept and less than one node beyond it.
  EXPECT_GE(length->integer, 100);
  EXPECT_LT(length->integer, 200);
  const auto newest =
      connection.command({"XREVRANGE", publisher.keys().signal_stream(), "+", "-", "COUNT", "1"});
  ASSERT_TRUE(newest.ok());
  ASSERT_EQ(newest->elements.size(), 1u);
  EXPECT_EQ(field(newest->elements[0], "signal_id"), last_batch.back().signal_id.view());
}

TEST_F(RedisPublisher, RegimeChangesArePublishedOncePerStreamAndCandle) {
  RedisConnection connection = connect_or_fail(url_);
  SignalPublisher publisher(connection, options_);
  std::vector<RegimeChangeEvent> changes(3);
  changes[0].symbol.assign("BTCUSDT");
  changes[0].change.time = core::TimestampMs{1'709'294'400'000};
  changes[0].change.regime_type = core::MarketRegime::kStrongTrendBear;
  changes[1] = changes[0];
  changes[1].timeframe = core::Timeframe::k1h;  // same candle time, other stream: distinct
  changes[2] = changes[0];
  changes[2].change.time = core::TimestampMs{1'709'295'300'000};
  changes[2].change.regime_type = core::MarketRegime::kRanging;

  const auto first = publisher.publish_regime_changes(changes);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, 3u);
  const auto second = publisher.publish_regime_changes(changes);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(*second, 0u);

  const auto entries = read_stream(connection, publisher.keys().regime_change_stream());
  ASSERT_EQ(entries.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(field(entries[i], "json"), regime_change_json(changes[i]));
    EXPECT_EQ(field(entries[i], "regime"), core::to_string(changes[i].change.regime_type));
  }
}

}  // namespace
}  // namespace alphapulse::bus

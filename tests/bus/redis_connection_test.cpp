// tests/bus/redis_connection_test: RedisConnection against the private redis-server:
// binary-safe arguments, SELECT from the URL, AUTH with an ACL user, passwords never in
// messages, and reconnection after the server is stopped and started again.
#include "bus/redis_connection.hpp"

#include <gtest/gtest.h>

#include "bus/stream_cache.hpp"
#include "bus_test_support.hpp"

namespace alphapulse::bus {
namespace {

// redis://127.0.0.1:PORT/0 -> redis://<user_info>@127.0.0.1:PORT/<db>
std::string with_auth_and_db(const std::string& url, const std::string& user_info, int db) {
  const std::string scheme = "redis://";
  std::string host_port = url.substr(scheme.size());
  host_port = host_port.substr(0, host_port.find('/'));
  return scheme + (user_info.empty() ? "" : user_info + "@") + host_port + "/" + std::to_string(db);
}

class RedisConnectionTest : public ::testing::Test {
 protected:
  void TearDown() override { test::delete_keys_under(url_, prefix_); }

  void SetUp() override {
    url_ = test::redis_test_url();
    ASSERT_FALSE(url_.empty());
    prefix_ = test::unique_prefix();
  }
  std::string url_;
  std::string prefix_;
};

TEST_F(RedisConnectionTest, ArgumentsAreBinarySafe) {
  auto c = RedisConnection::from_url(url_);
  ASSERT_TRUE(c.ok());
  const std::string key = prefix_ + ":binary";
  const std::string value("a b\r\n\"*3\r\n$3\r\nDEL\0end", 20);
  ASSERT_TRUE(c->command({"SET", key, value}).ok());
  const auto read = c->command({"GET", key});
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->text, value);
  EXPECT_TRUE(c->command({"DEL", key}).ok());
}

TEST_F(RedisConnectionTest, SelectsTheDatabaseOfTheUrl) {
  auto db3 = RedisConnection::from_url(with_auth_and_db(url_, "", 3));
  auto db0 = RedisConnection::from_url(with_auth_and_db(url_, "", 0));
  ASSERT_TRUE(db3.ok() && db0.ok());
  const std::string key = prefix_ + ":in_db3";
  ASSERT_TRUE(db3->command({"SET", key, "x"}).ok());
  EXPECT_EQ(db3->command({"EXISTS", key})->integer, 1);
  EXPECT_EQ(db0->command({"EXISTS", key})->integer, 0);
  EXPECT_TRUE(db3->command({"DEL", key}).ok());
}

TEST_F(RedisConnectionTest, AuthenticatesAnAclUserAndNeverPrintsThePassword) {
  auto admin = RedisConnection::from_url(url_);
  ASSERT_TRUE(admin.ok());
  const std::string user = "aptest_user";
  const std::string password = "Pw-7f3c-not-for-logs";
  ASSERT_TRUE(
      admin->command({"ACL", "SETUSER", user, "reset", "on", ">" + password, "~*", "&*", "+@all"})
          .ok());

  auto good = RedisConnection::from_url(with_auth_and_db(url_, user + ":" + password, 0));
  ASSERT_TRUE(good.ok());
  const auto whoami = good->command({"ACL", "WHOAMI"});
  ASSERT_TRUE(whoami.ok()) << whoami.error().message;
  EXPECT_EQ(whoami->text, user);

  auto bad = RedisConnection::from_url(with_auth_and_db(url_, user + ":wrong-" + password, 0));
  ASSERT_TRUE(bad.ok());
  const auto refused = bad->command({"PING"});
  ASSERT_FALSE(refused.ok());
  EXPECT_FALSE(refused.error().transient()) << refused.error().message;
  EXPECT_NE(refused.error().message.find("AUTH"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find(bad->where()), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().message.find(password), std::string::npos) << refused.error().message;

  EXPECT_TRUE(admin->command({"ACL", "DELUSER", user}).ok());
}

TEST_F(RedisConnectionTest, ReconnectsAfterTheServerIsStoppedAndStarted) {
  auto c = RedisConnection::from_url(url_);
  ASSERT_TRUE(c.ok());
  StreamCacheOptions options;
  options.prefix = prefix_;
  StreamCache cache(*c, options);
  const auto snapshot =
      test::make_snapshot("BTCUSDT", core::Timeframe::k15m, core::MarketRegime::kChoppy);
  ASSERT_TRUE(cache.put(std::span(&snapshot, 1)).ok());

  ASSERT_EQ(test::run_redis_script("stop"), 0);
  const auto down = cache.read_regimes();
  ASSERT_FALSE(down.ok());
  EXPECT_TRUE(down.error().transient()) << down.error().message;
  EXPECT_FALSE(c->connected());
  const auto still_down = c->command({"PING"});  // tries to reconnect, refused
  ASSERT_FALSE(still_down.ok());
  EXPECT_TRUE(still_down.error().transient());

  ASSERT_EQ(test::run_redis_script("start"), 0);
  const auto regimes = cache.read_regimes();  // reconnects; the data survived the restart
  ASSERT_TRUE(regimes.ok()) << regimes.error().message;
  EXPECT_EQ(*regimes, (std::map<std::string, std::string>{{"BTCUSDT_15m", "choppy"}}));
}

}  // namespace
}  // namespace alphapulse::bus

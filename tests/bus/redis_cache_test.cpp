// tests/bus/redis_cache_test: StreamCache against the private redis-server: the documented
// hashes and their TTLs, replacement of indicator sets, read_regimes and expiry handling.
#include <gtest/gtest.h>

#include "bus/stream_cache.hpp"
#include "bus_test_support.hpp"

namespace alphapulse::bus {
namespace {

using core::MarketRegime;
using core::Timeframe;

class RedisStreamCache : public ::testing::Test {
 protected:
  void TearDown() override { test::delete_keys_under(url_, options_.prefix); }

  void SetUp() override {
    url_ = test::redis_test_url();
    ASSERT_FALSE(url_.empty());
    auto connection = RedisConnection::from_url(url_);
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    connection_.emplace(std::move(*connection));
    options_.prefix = test::unique_prefix();
  }

  std::map<std::string, std::string> hash(const std::string& key) {
    auto reply = connection_->command({"HGETALL", key});
    EXPECT_TRUE(reply.ok()) << reply.error().message;
    std::map<std::string, std::string> out;
    if (!reply.ok()) return out;
    for (std::size_t i = 0; i + 1 < reply->elements.size(); i += 2) {
      out[reply->elements[i].text] = reply->elements[i + 1].text;
    }
    return out;
  }

  long long pttl(const std::string& key) {
    auto reply = connection_->command({"PTTL", key});
    EXPECT_TRUE(reply.ok()) << reply.error().message;
    return reply.ok() ? reply->integer : -3;
  }

  std::string url_;
  std::optional<RedisConnection> connection_;
  StreamCacheOptions options_;
};

TEST_F(RedisStreamCache, WritesDocumentedHashesWithCandleBasedTtl) {
  StreamCache cache(*connection_, options_);
  const std::vector<StreamSnapshot> snapshots = {
      test::make_snapshot("BTCUSDT", Timeframe::k15m, MarketRegime::kStrongTrendBull),
      test::make_snapshot("ETHUSDT", Timeframe::k1h, MarketRegime::kChoppy)};
  ASSERT_TRUE(cache.put(snapshots).ok());

  const auto regime = hash(cache.keys().regime("BTCUSDT_15m"));
  EXPECT_EQ(regime.at("regime"), "strong_trend_bull");
  EXPECT_EQ(regime.at("confidence"), "0.75");
  EXPECT_EQ(regime.at("duration_candles"), "12");
  EXPECT_EQ(regime.at("candle_close_time_ms"), "1709295300000");
  EXPECT_GT(std::stoll(regime.at("updated_at_ms")), 1'700'000'000'000LL);

  const auto indicators = hash(cache.keys().indicators("ETHUSDT_1h"));
  EXPECT_EQ(indicators,
            (std::map<std::string, std::string>{{"ema20", "42123.25"}, {"rsi14", "61.5"}}));

  const long long three_15m_candles = 3LL * 15 * 60 * 1000;
  const long long three_1h_candles = 3LL * 60 * 60 * 1000;
  for (const std::string& key :
       {cache.keys().regime("BTCUSDT_15m"), cache.keys().indicators("BTCUSDT_15m")}) {
    const long long ttl = pttl(key);
    EXPECT_GT(ttl, 0) << key;
    EXPECT_LE(ttl, three_15m_candles) << key;
  }
  const long long eth_ttl = pttl(cache.keys().regime("ETHUSDT_1h"));
  EXPECT_GT(eth_ttl, three_15m_candles);
  EXPECT_LE(eth_ttl, three_1h_candles);
}

TEST_F(RedisStreamCache, ANewSnapshotReplacesTheIndicatorSet) {
  StreamCache cache(*connection_, options_);
  StreamSnapshot snapshot = test::make_snapshot("BTCUSDT", Timeframe::k15m, MarketRegime::kRanging);
  ASSERT_TRUE(cache.put(std::span(&snapshot, 1)).ok());
  snapshot.indicators = {};
  snapshot.indicators.add("adx14", 30);
  snapshot.regime = MarketRegime::kWeakTrend;
  ASSERT_TRUE(cache.put(std::span(&snapshot, 1)).ok());
  EXPECT_EQ(hash(cache.keys().indicators("BTCUSDT_15m")),
            (std::map<std::string, std::string>{{"adx14", "30"}}));
  EXPECT_EQ(hash(cache.keys().regime("BTCUSDT_15m")).at("regime"), "weak_trend");
}

TEST_F(RedisStreamCache, FormingValuesHaveTheirOwnHashReplacedAtEachPut) {
  StreamCache cache(*connection_, options_);
  StreamSnapshot forming = test::make_snapshot("BTCUSDT", Timeframe::k15m, MarketRegime::kChoppy);
  ASSERT_TRUE(cache.put_forming(std::span(&forming, 1)).ok());
  auto values = hash(cache.keys().forming("BTCUSDT_15m"));
  EXPECT_GT(std::stoll(values.at("updated_at_ms")), 1'700'000'000'000LL);
  values.erase("updated_at_ms");
  EXPECT_EQ(values, (std::map<std::string, std::string>{{"candle_close_time_ms", "1709295300000"},
                                                        {"ema20", "42123.25"},
                                                        {"rsi14", "61.5"}}));
  const long long ttl = pttl(cache.keys().forming("BTCUSDT_15m"));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 3LL * 15 * 60 * 1000);
  // Provisional values touch neither the closed candle's hashes nor the stream set.
  EXPECT_TRUE(hash(cache.keys().regime("BTCUSDT_15m")).empty());
  EXPECT_TRUE(hash(cache.keys().indicators("BTCUSDT_15m")).empty());
  const auto regimes = cache.read_regimes();
  ASSERT_TRUE(regimes.ok()) << regimes.error().message;
  EXPECT_TRUE(regimes->empty());

  forming.indicators = {};
  forming.indicators.add("rsi14", 58.25);
  forming.candle_close_time = {forming.candle_close_time.ms + 15 * 60 * 1000};
  ASSERT_TRUE(cache.put_forming(std::span(&forming, 1)).ok());
  values = hash(cache.keys().forming("BTCUSDT_15m"));
  values.erase("updated_at_ms");
  EXPECT_EQ(values, (std::map<std::string, std::string>{{"candle_close_time_ms", "1709296200000"},
                                                        {"rsi14", "58.25"}}));
}

TEST_F(RedisStreamCache, ReadRegimesReturnsEveryLiveStreamAndForgetsExpiredOnes) {
  StreamCache cache(*connection_, options_);
  const std::vector<StreamSnapshot> snapshots = {
      test::make_snapshot("BTCUSDT", Timeframe::k15m, MarketRegime::kStrongTrendBull),
      test::make_snapshot("ETHUSDT", Timeframe::k1h, MarketRegime::kVolatileBreakout),
      test::make_snapshot("SOLUSDT", Timeframe::k1m, MarketRegime::kStrongTrendBear)};
  ASSERT_TRUE(cache.put(snapshots).ok());
  const auto regimes = cache.read_regimes();
  ASSERT_TRUE(regimes.ok()) << regimes.error().message;
  EXPECT_EQ(*regimes, (std::map<std::string, std::string>{{"BTCUSDT_15m", "strong_trend_bull"},
                                                          {"ETHUSDT_1h", "volatile_breakout"},
                                                          {"SOLUSDT_1m", "strong_trend_bear"}}));

  // As if SOLUSDT_1m had stopped updating and its TTL had run out.
  ASSERT_TRUE(connection_->command({"DEL", cache.keys().regime("SOLUSDT_1m")}).ok());
  const auto after = cache.read_regimes();
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ(after->count("SOLUSDT_1m"), 0u);
  EXPECT_EQ(after->size(), 2u);
  const auto member =
      connection_->command({"SISMEMBER", cache.keys().known_streams(), "SOLUSDT_1m"});
  ASSERT_TRUE(member.ok());
  EXPECT_EQ(member->integer, 0);
}

TEST_F(RedisStreamCache, ReadRegimesIsEmptyBeforeAnyPut) {
  StreamCache cache(*connection_, options_);
  const auto regimes = cache.read_regimes();
  ASSERT_TRUE(regimes.ok()) << regimes.error().message;
  EXPECT_TRUE(regimes->empty());
}

}  // namespace
}  // namespace alphapulse::bus

// tests/bus/redis_url_test: REDIS_URL parsing and redaction, without a server.
#include "bus/redis_url.hpp"

#include <gtest/gtest.h>

namespace alphapulse::bus {
namespace {

TEST(RedisUrl, ParsesHostPortAndDatabase) {
  const auto e = parse_redis_url("redis://cache.internal:6380/4");
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->host, "cache.internal");
  EXPECT_EQ(e->port, 6380);
  EXPECT_EQ(e->db, 4);
  EXPECT_TRUE(e->user.empty());
  EXPECT_TRUE(e->password.empty());
  EXPECT_EQ(e->where(), "cache.internal:6380");
}

TEST(RedisUrl, DefaultsPortAndDatabase) {
  const auto e = parse_redis_url("redis://localhost");
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->host, "localhost");
  EXPECT_EQ(e->port, 6379);
  EXPECT_EQ(e->db, 0);
}

TEST(RedisUrl, ParsesUserAndPasswordWithEscapesAndAtSigns) {
  const auto e = parse_redis_url("redis://alice:p%40ss@w:rd@127.0.0.1:7000/1");
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->user, "alice");
  EXPECT_EQ(e->password, "p@ss@w:rd");
  EXPECT_EQ(e->host, "127.0.0.1");
  EXPECT_EQ(e->port, 7000);
  EXPECT_EQ(e->db, 1);
}

TEST(RedisUrl, PasswordWithoutUser) {
  const auto e = parse_redis_url("redis://:hunter2@127.0.0.1:6379/0");
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->user, "");
  EXPECT_EQ(e->password, "hunter2");
}

TEST(RedisUrl, Ipv6Host) {
  const auto e = parse_redis_url("redis://[::1]:6390");
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->host, "::1");
  EXPECT_EQ(e->port, 6390);
  EXPECT_EQ(e->where(), "[::1]:6390");
}

TEST(RedisUrl, RejectsTlsWithAClearMessage) {
  const auto e = parse_redis_url("rediss://:secret@example.com:6380");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("rediss://"), std::string::npos);
  EXPECT_NE(e.error().message.find("TLS"), std::string::npos);
  EXPECT_EQ(e.error().message.find("secret"), std::string::npos);
  EXPECT_FALSE(e.error().transient());
}

TEST(RedisUrl, RejectsMalformedUrlsWithoutEchoingThePassword) {
  for (const char* url : {"redis://:topsecret@host:notaport/0", "redis://:topsecret@host:6379/x",
                          "redis://:topsecret@:6379", "http://:topsecret@host",
                          "redis://:topsecret@host:70000", "redis://:topsecret@host?timeout=1"}) {
    const auto e = parse_redis_url(url);
    ASSERT_FALSE(e.ok()) << url;
    EXPECT_EQ(e.error().message.find("topsecret"), std::string::npos) << e.error().message;
    EXPECT_FALSE(e.error().transient()) << url;
  }
}

TEST(RedisUrl, RedactsThePasswordOnly) {
  EXPECT_EQ(redact_redis_url("redis://alice:s3cret@h:1/2"), "redis://alice:***@h:1/2");
  EXPECT_EQ(redact_redis_url("redis://:s3cret@h:1"), "redis://:***@h:1");
  EXPECT_EQ(redact_redis_url("redis://h:1/0"), "redis://h:1/0");
}

}  // namespace
}  // namespace alphapulse::bus

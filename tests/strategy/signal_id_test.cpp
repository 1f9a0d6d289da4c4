#include "strategy/signal_id.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace alphapulse::strategy {
namespace {

TEST(SignalId, HashIsFnv1a64) {
  // Published FNV-1a 64-bit test vectors.
  EXPECT_EQ(stable_hash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(stable_hash("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(stable_hash("foobar"), 0x85944171f73967e8ULL);
}

TEST(SignalId, DeterministicAndDistinctPerField) {
  using core::Direction;
  using core::Timeframe;
  const auto id = make_signal_id("BTCUSDT", Timeframe::k15m, {1720569600000}, Direction::kLong);
  EXPECT_EQ(id.view(),
            make_signal_id("BTCUSDT", Timeframe::k15m, {1720569600000}, Direction::kLong).view());
  EXPECT_EQ(id.size(), 19u);
  EXPECT_TRUE(id.view().starts_with("ap-"));
  char expected[32];
  std::snprintf(expected, sizeof expected, "ap-%016llx",
                static_cast<unsigned long long>(stable_hash("BTCUSDT|15m|1720569600000|long")));
  EXPECT_EQ(id.view(), std::string(expected));

  std::set<std::string> ids{
      id.str(), make_signal_id("ETHUSDT", Timeframe::k15m, {1720569600000}, Direction::kLong).str(),
      make_signal_id("BTCUSDT", Timeframe::k1h, {1720569600000}, Direction::kLong).str(),
      make_signal_id("BTCUSDT", Timeframe::k15m, {1720570500000}, Direction::kLong).str(),
      make_signal_id("BTCUSDT", Timeframe::k15m, {1720569600000}, Direction::kShort).str()};
  EXPECT_EQ(ids.size(), 5u);
}

}  // namespace
}  // namespace alphapulse::strategy

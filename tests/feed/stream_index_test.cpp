// Tests for feed/stream_index: against std::map as the independent expectation.
#include "feed/stream_index.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>

namespace alphapulse::feed {
namespace {

using core::Timeframe;

TEST(StreamIndex, FindsEveryInsertedStreamAndNothingElse) {
  // Symbols that share prefixes, lengths and 8-byte words, across three timeframes.
  const std::string symbols[] = {"BTCUSDT",
                                 "BTCUSDC",
                                 "ETHUSDT",
                                 "ETHBTC",
                                 "1000SHIBUSDT",
                                 "1000PEPEUSDT",
                                 "A",
                                 "AB",
                                 "ABCDEFGHIJKLMNOPQRST",
                                 "ABCDEFGHIJKLMNOPQRSU",
                                 "BTCUSDTX"};
  const Timeframe timeframes[] = {Timeframe::k15m, Timeframe::k1h, Timeframe::k4h};
  std::map<std::pair<std::string, Timeframe>, StreamId> expected;
  StreamIndex index(4);  // smaller than needed: it grows
  StreamId next = 0;
  for (const auto& s : symbols) {
    for (const auto tf : timeframes) {
      ASSERT_TRUE(index.insert(core::Symbol(s), tf, next));
      expected[{s, tf}] = next++;
    }
  }
  EXPECT_EQ(index.size(), expected.size());
  for (const auto& [key, id] : expected) {
    const auto found = index.find(core::Symbol(key.first), key.second);
    ASSERT_TRUE(found.has_value()) << key.first;
    EXPECT_EQ(*found, id) << key.first;
  }
  EXPECT_FALSE(index.find(core::Symbol("BTCUSDT"), Timeframe::k1m).has_value());
  EXPECT_FALSE(index.find(core::Symbol("BTCUSD"), Timeframe::k15m).has_value());
  EXPECT_FALSE(index.find(core::Symbol("ABCDEFGHIJKLMNOPQRSV"), Timeframe::k1h).has_value());
}

TEST(StreamIndex, RejectsADuplicateAndKeepsTheFirstId) {
  StreamIndex index(2);
  EXPECT_TRUE(index.insert(core::Symbol("BTCUSDT"), Timeframe::k15m, 7));
  EXPECT_FALSE(index.insert(core::Symbol("BTCUSDT"), Timeframe::k15m, 9));
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(index.find(core::Symbol("BTCUSDT"), Timeframe::k15m), std::optional<StreamId>(7));
}

TEST(StreamIndex, IgnoresBytesBeyondASymbolsLengthInAReusedBuffer) {
  StreamIndex index(1);
  ASSERT_TRUE(index.insert(core::Symbol("ETHBTC"), Timeframe::k1h, 3));
  core::Symbol reused("ETHBTCUSDTXYZ");  // a parser reuses one Symbol for every frame
  reused.assign("ETHBTC");               // the tail "USDTXYZ" stays in its storage
  EXPECT_EQ(index.find(reused, Timeframe::k1h), std::optional<StreamId>(3));
}

}  // namespace
}  // namespace alphapulse::feed

// Tests for core/spsc_ring: order, capacity, drops, the in-place push/pop, and one producer and
// one consumer thread handing over items in order.
#include "core/spsc_ring.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>
#include <vector>

namespace alphapulse::core {
namespace {

struct Item {
  std::uint64_t sequence;
  std::uint64_t check;  // a function of sequence: a torn or stale slot shows
};

TEST(SpscRing, KeepsOrderAndRoundsCapacityUpToAPowerOfTwo) {
  SpscRing<int> ring(5);
  EXPECT_EQ(ring.capacity(), 8u);
  for (int i = 0; i < 8; ++i) EXPECT_TRUE(ring.try_push(i));
  EXPECT_EQ(ring.size(), 8u);
  int out = -1;
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(ring.try_pop(out));
    EXPECT_EQ(out, i);
  }
  EXPECT_FALSE(ring.try_pop(out));
  EXPECT_EQ(ring.size(), 0u);
}

TEST(SpscRing, AFullRingRefusesAndCountsTheNewItem) {
  SpscRing<int> ring(4);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(ring.try_push(i));
  EXPECT_FALSE(ring.try_push(99));
  EXPECT_FALSE(ring.try_push_with([](int& slot) { slot = 98; }));
  EXPECT_EQ(ring.dropped(), 2u);
  int out = -1;
  ASSERT_TRUE(ring.try_pop(out));
  EXPECT_EQ(out, 0);  // the oldest stays first; nothing was overwritten
  EXPECT_TRUE(ring.try_push(4));
}

TEST(SpscRing, InPlacePushWritesOnlyWhatTheFillWrites) {
  SpscRing<Item> ring(2);
  ASSERT_TRUE(ring.try_push({1, 11}));
  ASSERT_TRUE(ring.try_push({2, 22}));
  Item out{};
  ASSERT_TRUE(ring.try_pop(out));
  // The slot of item 1 is reused: the fill sets `sequence` only, `check` keeps the old bytes.
  ASSERT_TRUE(ring.try_push_with([](Item& slot) { slot.sequence = 3; }));
  std::vector<Item> seen;
  const auto collect = [&](const Item& item) { seen.push_back(item); };
  EXPECT_TRUE(ring.try_pop_with(collect));
  EXPECT_TRUE(ring.try_pop_with(collect));
  EXPECT_FALSE(ring.try_pop_with(collect));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].sequence, 2u);
  EXPECT_EQ(seen[0].check, 22u);
  EXPECT_EQ(seen[1].sequence, 3u);
  EXPECT_EQ(seen[1].check, 11u);
}

TEST(SpscRing, TwoThreadsHandOverEveryItemOnceInOrder) {
  constexpr std::uint64_t kItems = 200000;
  SpscRing<Item> ring(64);
  std::thread producer([&] {
    for (std::uint64_t i = 0; i < kItems;) {
      const bool pushed =
          (i % 2 == 0) ? ring.try_push({i, i * 7 + 1}) : ring.try_push_with([i](Item& slot) {
            slot.sequence = i;
            slot.check = i * 7 + 1;
          });
      if (pushed) ++i;
    }
  });
  std::uint64_t expected = 0;
  std::uint64_t bad = 0;
  while (expected < kItems) {
    const auto check = [&](const Item& item) {
      if (item.sequence != expected || item.check != expected * 7 + 1) ++bad;
      ++expected;
    };
    if (expected % 3 == 0) {
      Item item{};
      if (ring.try_pop(item)) check(item);
    } else {
      (void)ring.try_pop_with(check);
    }
  }
  producer.join();
  EXPECT_EQ(bad, 0u);
  EXPECT_EQ(ring.size(), 0u);
}

}  // namespace
}  // namespace alphapulse::core

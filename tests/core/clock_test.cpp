// Tests for core/clock: a ManualClock seen through the Clock handle, and the system clock.
#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace alphapulse::core {
namespace {

TEST(Clock, ManualClockIsReadThroughClock) {
  ManualClock manual(TimestampMs{1720569600000});
  const Clock clock = manual.clock();
  EXPECT_EQ(clock.now(), TimestampMs{1720569600000});
  manual.advance(DurationMs{900'000});
  EXPECT_EQ(clock.now(), TimestampMs{1720570500000});  // the handle sees later moves
  manual.set(TimestampMs{42});
  EXPECT_EQ(clock.now(), TimestampMs{42});
  EXPECT_EQ(manual.now(), TimestampMs{42});
}

TEST(Clock, CopiesShareTheSameSource) {
  ManualClock manual;
  EXPECT_EQ(manual.now(), TimestampMs{0});
  const Clock a = manual.clock();
  const Clock b = a;
  manual.advance(DurationMs{5});
  EXPECT_EQ(a.now(), TimestampMs{5});
  EXPECT_EQ(b.now(), TimestampMs{5});
}

TEST(Clock, SeparateManualClocksAreIndependent) {
  ManualClock first(TimestampMs{1});
  ManualClock second(TimestampMs{2});
  const Clock a = first.clock();
  const Clock b = second.clock();
  first.advance(DurationMs{10});
  EXPECT_EQ(a.now(), TimestampMs{11});
  EXPECT_EQ(b.now(), TimestampMs{2});
}

TEST(Clock, SystemClockIsUnixMilliseconds) {
  const Clock clock = Clock::system();
  const TimestampMs first = clock.now();
  EXPECT_GT(first, TimestampMs{1704067200000});  // after 2024-01-01
  EXPECT_LT(first, TimestampMs{4102444800000});  // before 2100-01-01
  EXPECT_GE(clock.now(), first);
}

}  // namespace
}  // namespace alphapulse::core

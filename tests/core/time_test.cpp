#include "core/time.hpp"

#include <gtest/gtest.h>

namespace alphapulse::core {
namespace {

TEST(Time, FormatsIso8601WithMilliseconds) {
  // 1720569600000 is 2024-07-10T00:00:00Z (first row of the BTCUSDT 15m reference).
  EXPECT_EQ(format_iso8601(TimestampMs{1720569600000}), "2024-07-10T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(TimestampMs{1709295299999}), "2024-03-01T12:14:59.999Z");
  EXPECT_EQ(format_iso8601(TimestampMs{0}), "1970-01-01T00:00:00.000Z");
}

}  // namespace
}  // namespace alphapulse::core
